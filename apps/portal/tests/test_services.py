"""The newsroom's workflow by role, scheduled publication, the audit trail and the scoping of every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.core.errors import DomainError, NotVisibleError, StaleObjectError
from apps.core.models import AuditEvent
from apps.portal import selectors, services
from apps.portal.choices import ArticleState, ArticleStatus
from apps.portal.dateline import VIETNAM
from apps.portal.models import Article
from apps.portal.tests.world import World, build, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def draft(world: World, actor: object = None, category: str = "activity") -> Article:
    return services.article_create(
        actor=actor, category=world.categories[category], title="Hội nghị Ban Chấp hành", body="Nội dung bài viết."
    )


def test_an_editor_writes_and_submits_but_cannot_publish(world: World) -> None:
    editor = world.users["editor"]
    article = draft(world, editor)
    assert article.status == ArticleStatus.DRAFT and article.organization == world.orgs["R"]
    assert article.slug == "hoi-nghi-ban-chap-hanh" and article.created_by == editor
    article = services.article_submit(actor=editor, article=article)
    assert article.status == ArticleStatus.IN_REVIEW
    with pytest.raises(NotVisibleError):
        services.article_publish(actor=editor, article=article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert not Article.objects.public().filter(pk=article.pk).exists()


def test_the_editor_in_chief_publishes_and_the_article_is_public(world: World) -> None:
    article = services.article_submit(actor=world.users["editor"], article=draft(world, world.users["editor"]))
    now = dt.datetime(2024, 5, 1, 8, 0, tzinfo=VIETNAM)
    article = services.article_publish(actor=world.users["chief"], article=article, now=now)
    assert article.status == ArticleStatus.PUBLISHED and article.publish_at == now
    assert article.state(now) == ArticleState.PUBLISHED
    assert list(Article.objects.public(now)) == [article]
    events = list(AuditEvent.objects.filter(target_id=str(article.pk)).values_list("event_type", "actor_label"))
    assert ("portal.article_published", "tongbientap") in events
    assert ("portal.article_submitted", "bientap") in events


def test_propaganda_writes_but_does_not_publish(world: World) -> None:
    article = draft(world, world.users["propaganda"])
    with pytest.raises(NotVisibleError):
        services.article_publish(actor=world.users["propaganda"], article=article)


def test_a_scheduled_article_is_hidden_until_its_time_without_any_job(world: World) -> None:
    article = services.article_submit(actor=None, article=draft(world))
    at = dt.datetime(2024, 6, 1, 6, 0, tzinfo=VIETNAM)
    services.article_publish(actor=world.users["chief"], article=article, publish_at=at, now=at - dt.timedelta(days=1))
    article.refresh_from_db()
    before, after = at - dt.timedelta(minutes=1), at + dt.timedelta(seconds=1)
    assert article.state(before) == ArticleState.SCHEDULED and article.get_state_display(before) == "Hẹn giờ đăng"
    assert not Article.objects.public(before).filter(pk=article.pk).exists()
    assert Article.objects.public(at).filter(pk=article.pk).exists()
    assert article.state(after) == ArticleState.PUBLISHED
    assert selectors.desk(world.users["chief"], before).scheduled == 1
    assert selectors.desk(world.users["chief"], after).published == 1


def test_scope_the_chief_of_another_committee_cannot_touch_our_articles(world: World) -> None:
    article = services.article_submit(actor=None, article=draft(world))
    other = world.users["other_chief"]
    for call in (
        lambda: services.article_publish(actor=other, article=article),
        lambda: services.article_update(actor=other, article=article, expected_version=article.version, title="X"),
        lambda: services.article_create(actor=other, category=world.categories["activity"], title="X"),
        lambda: services.article_withdraw(actor=other, article=article, note="x"),
    ):
        with pytest.raises(NotVisibleError):
            call()
    assert not selectors.newsroom_articles(other).filter(pk=article.pk).exists()
    assert selectors.newsroom_articles(world.users["editor"]).filter(pk=article.pk).exists()
    assert not selectors.newsroom_articles(world.users["nobody"]).exists()


def test_a_published_article_is_locked_for_editors_and_corrected_by_the_chief(world: World) -> None:
    article = published_article(world)
    with pytest.raises(DomainError) as exc:
        services.article_update(actor=world.users["editor"], article=article, expected_version=article.version, title="Sửa")
    assert exc.value.code == "published_locked"
    slug = article.slug
    article = services.article_update(
        actor=world.users["chief"], article=article, expected_version=article.version, title="Tiêu đề đã sửa"
    )
    assert article.title == "Tiêu đề đã sửa" and article.slug == slug  # the address does not change once public


def test_a_stale_form_is_refused(world: World) -> None:
    article = draft(world)
    services.article_update(actor=None, article=article, expected_version=article.version, title="Một")
    with pytest.raises(StaleObjectError):
        services.article_update(actor=None, article=article, expected_version=article.version, title="Hai")


def test_return_and_withdraw(world: World) -> None:
    chief = world.users["chief"]
    article = services.article_submit(actor=None, article=draft(world))
    article = services.article_return(actor=chief, article=article, note="Bổ sung ảnh")
    assert article.status == ArticleStatus.DRAFT and article.review_note == "Bổ sung ảnh"
    with pytest.raises(DomainError):
        services.article_withdraw(actor=chief, article=article, note="x")
    article = services.article_publish(actor=chief, article=article)
    with pytest.raises(DomainError) as exc:
        services.article_withdraw(actor=chief, article=article, note="  ")
    assert exc.value.code == "required"
    article = services.article_withdraw(actor=chief, article=article, note="Thông tin chưa chính xác")
    assert article.status == ArticleStatus.WITHDRAWN
    assert not Article.objects.public().filter(pk=article.pk).exists()


def test_body_may_only_show_the_articles_own_images(world: World) -> None:
    first = published_article(world, "Bài một")
    other_image = first.images.get()
    article = draft(world)
    with pytest.raises(DomainError) as exc:
        services.article_update(
            actor=None, article=article, expected_version=article.version, body=f"Chữ.\n\n[[ảnh:{other_image.pk}]]"
        )
    assert exc.value.code == "unknown_image"


def test_categories_nest_within_one_portal(world: World) -> None:
    crumbs = selectors.breadcrumbs(world.categories["activity"])
    assert [c.name for c in crumbs] == ["Tin tức - Sự kiện", "Hoạt động của Đảng bộ"]
    with pytest.raises(DomainError):
        services.category_create(actor=None, organization=world.orgs["B"], name="Lạc", parent=world.categories["news"])
    with pytest.raises(DomainError):
        services.category_update(
            actor=None, category=world.categories["news"], name="Tin tức", parent=world.categories["activity"], position=1
        )
    with pytest.raises(NotVisibleError):
        services.category_create(actor=world.users["editor"], organization=world.orgs["R"], name="Chỉ Tổng biên tập")
    same = services.category_create(actor=None, organization=world.orgs["B"], name="Xây dựng Đảng")
    assert same.slug == "xay-dung-dang-2"
    assert reverse("portal:category", args=[same.slug]).endswith("/xay-dung-dang-2/")


def test_an_edit_keeps_the_visits_counted_meanwhile(world: World) -> None:
    from apps.portal.counter import count_visit

    article = published_article(world)
    stale_copy = Article.objects.get(pk=article.pk)  # read before the visits, like an editor's open form
    for _ in range(3):
        assert count_visit(article.pk)
    services.article_update(actor=None, article=stale_copy, expected_version=stale_copy.version, lead="Sapo mới.")
    article.refresh_from_db()
    assert article.view_count == 3 and article.lead == "Sapo mới."
    assert not count_visit(10**12)
