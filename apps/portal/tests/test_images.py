"""Uploaded images: judged by their content, not their name; bounded in size; re-encoded and resized."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from apps.core.errors import DomainError
from apps.core.models import AuditEvent
from apps.portal import images, services
from apps.portal.models import Article, ArticleImage
from apps.portal.tests.world import World, build, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def draft(world: World) -> Article:
    return services.article_create(actor=None, category=world.categories["activity"], title="Bài có ảnh", body="Chữ.")


def test_a_large_photo_is_resized_with_a_thumbnail_and_loses_its_metadata(world: World) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh"  # Make
    exif[0x8825] = {2: (10.0, 36.0, 0.0)}  # GPS latitude: where the photo was taken
    photo = io.BytesIO()
    Image.new("RGB", (4000, 2250), (30, 90, 160)).save(photo, "JPEG", exif=exif)
    image = services.image_add(actor=None, article=draft(world), upload=photo.getvalue(), caption="Đại hội", credit="ĐÌNH HẢI")
    assert (image.width, image.height) == (images.MAX_WIDTH, 900) and image.content_type == "image/jpeg"
    root = Path(settings.MEDIA_ROOT)
    with Image.open(root / image.file) as full, Image.open(root / image.thumb) as thumb:
        assert full.size == (1600, 900) and thumb.size == (images.THUMB_WIDTH, 270)
        assert not full.getexif().get(0x8825) and not full.getexif().get(0x010F)
    assert image.file.startswith("portal/") and image.file.endswith(".jpg")
    assert AuditEvent.objects.filter(event_type="portal.image_uploaded", target_id=str(image.pk)).exists()


def test_a_small_png_keeps_its_size_and_format(world: World) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(out, "PNG")
    image = services.image_add(actor=None, article=draft(world), upload=out.getvalue())
    assert (image.width, image.height, image.content_type) == (300, 200, "image/png")


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese(world: World) -> None:
    article = draft(world)
    for data in (b"%PDF-1.4 not an image", b"GIF89a" + b"\0" * 100, b"<svg xmlns='http://www.w3.org/2000/svg'/>"):
        with pytest.raises(DomainError) as exc:
            services.image_add(actor=None, article=article, upload=data, original_name="anh.jpg")
        assert exc.value.code == "not_an_image" and "không phải ảnh JPEG, PNG hoặc WebP" in exc.value.message
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(DomainError):
        services.image_add(actor=None, article=article, upload=gif.getvalue(), original_name="anh.png")
    truncated = jpeg()[:400]
    with pytest.raises(DomainError):
        services.image_add(actor=None, article=article, upload=truncated)
    assert not ArticleImage.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))  # nothing half stored


def test_an_oversize_file_is_refused_before_it_is_decoded(world: World, settings: object) -> None:
    settings.DANGBO_PORTAL_IMAGE_MAX_BYTES = 10_000  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as exc:
        services.image_add(actor=None, article=draft(world), upload=jpeg(2000, 1500) + b"\0" * 20_000)
    assert exc.value.code == "too_large" and "Ảnh quá lớn" in exc.value.message and "tối đa 10 KB" in exc.value.message


def test_a_decompression_bomb_is_refused(world: World) -> None:
    out = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(out, "PNG")  # a few kilobytes, 64 million pixels
    with pytest.raises(DomainError) as exc:
        services.image_add(actor=None, article=draft(world), upload=out.getvalue())
    assert exc.value.code == "too_many_pixels" and "8000 × 8000" in exc.value.message


def test_stored_paths_never_leave_the_portal_folder() -> None:
    with pytest.raises(FileNotFoundError):
        images.path_of("../../etc/passwd")
    with pytest.raises(FileNotFoundError):
        images.path_of("members/import.xlsx")
