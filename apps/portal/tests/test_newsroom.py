"""The newsroom pages: who may open them, writing with an image, the workflow buttons by role, moderation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.portal import services
from apps.portal.choices import ArticleStatus, CommentStatus
from apps.portal.models import Article, Comment
from apps.portal.tests.world import World, build, jpeg, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_an_editor_writes_illustrates_and_submits_then_the_chief_schedules(world: World) -> None:
    editor = client_for(world.users["editor"])
    assert "Tòa soạn" in editor.get(reverse("organizations:tree")).content.decode()
    response = editor.post(
        reverse("portal:new"),
        {
            "category": world.categories["activity"].pk,
            "title": "Hội nghị Ban Chấp hành lần thứ 5",
            "lead": "Sapo.",
            "body": "Đoạn một.",
            "byline": "PV",
            "source": "",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:edit", args=[article.pk])
    upload = SimpleUploadedFile("hoi-nghi.jpg", jpeg(2400, 1350), content_type="image/jpeg")
    editor.post(reverse("portal:image_upload", args=[article.pk]), {"file": upload, "caption": "Quang cảnh hội nghị"})
    image = article.images.get()
    assert image.width == 1600
    page = editor.get(reverse("portal:edit", args=[article.pk])).content.decode()
    assert f"[[ảnh:{image.pk}]]" in page and 'data-testid="publish"' not in page
    article.refresh_from_db()
    editor.post(
        reverse("portal:edit", args=[article.pk]),
        {
            "category": world.categories["activity"].pk,
            "title": article.title,
            "lead": "Sapo.",
            "body": f"Đoạn một.\n\n[[ảnh:{image.pk}]]",
            "byline": "PV",
            "cover": image.pk,
            "version": article.version,
        },
    )
    article.refresh_from_db()
    assert article.cover == image and "[[ảnh:" in article.body
    editor.post(reverse("portal:action", args=[article.pk, "gui-duyet"]))
    editor.post(reverse("portal:action", args=[article.pk, "dang"]), {"date": "1-1-2099", "time": "06:00"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW  # an editor cannot publish

    chief = client_for(world.users["chief"])
    assert 'data-testid="publish"' in chief.get(reverse("portal:edit", args=[article.pk])).content.decode()
    chief.post(reverse("portal:action", args=[article.pk, "dang"]), {"date": "1-1-2099", "time": "06:00"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.state() == "scheduled"
    assert Client().get(article.get_absolute_url()).status_code == 404
    desk = chief.get(reverse("portal:desk"), {"trang_thai": "scheduled"}).content.decode()
    assert article.title in desk and "Hẹn giờ đăng" in desk
    preview = chief.get(reverse("portal:preview", args=[article.pk])).content.decode()
    assert "Bản xem trước" in preview and "Thứ Năm, 01/01/2099 | 06:00" in preview
    # the draft's images load in the newsroom, not for the public
    assert chief.get(reverse("portal:image", args=[image.pk, "thumb"])).status_code == 200
    assert Client().get(reverse("portal:image", args=[image.pk, "thumb"])).status_code == 404


def test_a_bad_upload_is_refused_with_its_reason(world: World) -> None:
    article = services.article_create(actor=None, category=world.categories["activity"], title="Bài", body="Chữ.")
    editor = client_for(world.users["editor"])
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 this is a program", content_type="image/jpeg")
    response = editor.post(reverse("portal:image_upload", args=[article.pk]), {"file": fake}, follow=True)
    assert "Tệp không phải ảnh JPEG, PNG hoặc WebP" in response.content.decode()
    # the page opens at its top, where the refusal stands, not scrolled down to the images
    assert response.redirect_chain[-1][0] == reverse("portal:edit", args=[article.pk])
    assert not article.images.exists()


def test_scope_and_roles_decide_who_opens_what(world: World) -> None:
    article = published_article(world)
    assert Client().get(reverse("portal:desk")).status_code == 302
    assert client_for(world.users["nobody"]).get(reverse("portal:desk")).status_code == 403
    other = client_for(world.users["other_chief"])
    assert other.get(reverse("portal:edit", args=[article.pk])).status_code == 404
    assert other.post(reverse("portal:action", args=[article.pk, "go-bai"]), {"note": "x"}).status_code == 404
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert client_for(world.users["propaganda"]).get(reverse("portal:comments")).status_code == 403


def test_moderation_queue(world: World) -> None:
    article = published_article(world)
    comment = services.comment_post(article=article, name="Bạn đọc", body="Ý kiến đóng góp.", address="192.0.2.1")
    spam = services.comment_post(article=article, name="Khác", body="Một ý kiến khác.", address="192.0.2.2")
    editor = client_for(world.users["editor"])
    page = editor.get(reverse("portal:comments")).content.decode()
    assert "Ý kiến đóng góp." in page and "Một ý kiến khác." in page
    editor.post(reverse("portal:moderate", args=[comment.pk]), {"decision": "approve"})
    editor.post(reverse("portal:moderate", args=[spam.pk]), {"decision": "reject", "note": "Lạc đề"})
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED
    assert Comment.objects.get(pk=spam.pk).moderation_note == "Lạc đề"
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Ý kiến đóng góp." in html and "Một ý kiến khác." not in html
    other = client_for(world.users["other_chief"])
    assert other.post(reverse("portal:moderate", args=[spam.pk]), {"decision": "approve"}).status_code == 404
    assert Comment.objects.get(pk=spam.pk).status == CommentStatus.REJECTED


def test_the_chief_adds_a_category(world: World) -> None:
    chief = client_for(world.users["chief"])
    response = chief.post(
        reverse("portal:categories"),
        {"organization": world.orgs["R"].pk, "name": "Gương sáng", "parent": world.categories["news"].pk, "position": 3},
    )
    assert response.status_code == 302
    assert Client().get(reverse("portal:category", args=["guong-sang"])).status_code == 200
    editor = client_for(world.users["editor"])
    editor.post(reverse("portal:categories"), {"organization": world.orgs["R"].pk, "name": "Không được", "position": 0})
    assert Client().get(reverse("portal:category", args=["khong-duoc"])).status_code == 404


def test_the_chief_renames_and_moves_a_category_the_editor_may_not(world: World) -> None:
    from apps.core.models import AuditEvent

    building = world.categories["building"]
    url = reverse("portal:category_edit", args=[building.pk])
    assert client_for(world.users["editor"]).get(url).status_code == 404  # writes, does not publish
    assert client_for(world.users["other_chief"]).get(url).status_code == 404  # another portal's
    chief = client_for(world.users["chief"])
    assert url in chief.get(reverse("portal:categories")).content.decode()
    data = {"name": "Xây dựng Đảng, hệ thống chính trị", "parent": world.categories["news"].pk, "position": 3, "description": ""}
    response = chief.post(url, data)
    assert response.status_code == 302
    building.refresh_from_db()
    assert (building.name, building.parent_id, building.position) == (
        "Xây dựng Đảng, hệ thống chính trị",
        world.categories["news"].pk,
        3,
    )
    assert building.slug == "xay-dung-dang"  # the address is kept, so old links still work
    assert AuditEvent.objects.filter(event_type="portal.category_updated", target_id=str(building.pk)).exists()


def test_a_category_cannot_be_put_under_its_own_child(world: World) -> None:
    news, activity = world.categories["news"], world.categories["activity"]
    chief = client_for(world.users["chief"])
    response = chief.post(
        reverse("portal:category_edit", args=[news.pk]),
        {"name": news.name, "parent": activity.pk, "position": news.position, "description": ""},
    )
    assert response.status_code == 422
    assert "Chuyên mục không thể nằm dưới chính nó." in response.content.decode()
    news.refresh_from_db()
    assert news.parent_id is None
