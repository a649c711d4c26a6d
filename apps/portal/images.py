"""Images uploaded to the newsroom: checked for what they really are (not what their name says), bounded in size,
re-encoded without their metadata (a phone's photo carries where it was taken), resized to at most
:data:`MAX_WIDTH` wide with a :data:`THUMB_WIDTH` thumbnail, and stored under ``MEDIA_ROOT/portal/``.

Readers get them through the portal's own view (``views.image``), never a public media URL, so the images of a
draft stay in the newsroom.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.errors import DomainError

MAX_WIDTH = 1600
THUMB_WIDTH = 480
#: Pillow's formats we accept, with their content type and file extension.
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
#: A decompression bomb (a small file that opens as a huge image) is refused before it is decoded.
MAX_PIXELS = 50_000_000


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_PORTAL_IMAGE_MAX_BYTES", 8 * 1024 * 1024))


@dataclass(frozen=True)
class Stored:
    file: str  # relative to MEDIA_ROOT
    thumb: str
    content_type: str
    width: int
    height: int


def _size(n: int) -> str:
    """A file size the way people read it: 8 MB, 1,5 MB, 350 KB."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def check(data: bytes) -> Image.Image:
    """The decoded image, or a DomainError saying in Vietnamese what is wrong with the file."""
    limit = max_bytes()
    if len(data) > limit:
        raise DomainError(
            _("Ảnh quá lớn (%(size)s); chỉ nhận ảnh tối đa %(max)s.") % {"size": _size(len(data)), "max": _size(limit)},
            field="file",
            code="too_large",
        )
    if not data:
        raise DomainError(_("Tệp rỗng, chưa có ảnh nào được tải lên."), field="file", code="empty")
    refused = DomainError(_("Tệp không phải ảnh JPEG, PNG hoặc WebP; hãy chọn một tệp ảnh."), field="file", code="not_an_image")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if _format(probe.format) not in FORMATS:
                raise refused
            if probe.width * probe.height > MAX_PIXELS:
                raise DomainError(
                    _("Ảnh có kích thước quá lớn (%(w)s × %(h)s điểm ảnh).") % {"w": probe.width, "h": probe.height},
                    field="file",
                    code="too_many_pixels",
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise refused from exc
    return image


def _format(name: str | None) -> str:
    # A phone's JPEG often opens as MPO (several pictures in one JPEG): it is kept as a plain JPEG.
    return "JPEG" if name == "MPO" else str(name)


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=82, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def store(upload: IO[bytes] | bytes) -> Stored:
    """Check, resize and write an upload; the files are named by a random id, never by the uploader."""
    data = upload if isinstance(upload, bytes) else upload.read(max_bytes() + 1)
    image = check(data)
    fmt = _format(image.format)
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    full = _resized(image, MAX_WIDTH)
    thumb = _resized(image, THUMB_WIDTH)
    content_type, ext = FORMATS[fmt]
    now = timezone.localtime()
    folder = Path("portal") / f"{now:%Y}" / f"{now:%m}"
    name = uuid.uuid4().hex
    root = Path(settings.MEDIA_ROOT)
    (root / folder).mkdir(parents=True, exist_ok=True)
    file_rel = folder / f"{name}.{ext}"
    thumb_rel = folder / f"{name}-thumb.{ext}"
    (root / file_rel).write_bytes(_encode(full, fmt))
    (root / thumb_rel).write_bytes(_encode(thumb, fmt))
    return Stored(str(file_rel), str(thumb_rel), content_type, full.width, full.height)


def remove(stored: Stored) -> None:
    root = Path(settings.MEDIA_ROOT)
    for rel in (stored.file, stored.thumb):
        (root / rel).unlink(missing_ok=True)


def path_of(relative: str) -> Path:
    """The file behind a stored name, refusing anything that would leave the portal's folder."""
    root = (Path(settings.MEDIA_ROOT) / "portal").resolve()
    target = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if root not in target.parents:
        raise FileNotFoundError(relative)
    return target


def banner(text: str, *, width: int = 1200, height: int = 675, color: tuple[int, int, int] = (163, 22, 33)) -> bytes:
    """A plain banner with a line of text (the demo's figures). JPEG bytes."""
    from PIL import ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    font: Any
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", size=height // 12)
    except OSError:
        font = ImageFont.load_default(size=height // 12)
    draw.rectangle((0, height - height // 5, width, height), fill=(250, 204, 21))
    lines = _wrap(draw, text, font, width - 120)
    y = height // 3 - (len(lines) * height // 10) // 2
    for line in lines:
        w = draw.textlength(line, font=font)
        draw.text(((width - w) / 2, y), line, fill=(255, 255, 255), font=font)
        y += height // 10
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
