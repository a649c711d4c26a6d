"""Articles in the one search: published ones for everyone, words matched whatever their diacritics, title matches
first; drafts and articles scheduled for later are not found (on SQLite by LIKE, on PostgreSQL by full text)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.portal import services
from apps.portal.tests.world import build, published_article
from apps.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _articles(user, raw: str) -> list[str]:  # type: ignore[no-untyped-def]
    groups = search(user, raw)[1]
    return [h.url for g in groups if g.source.key == "articles" for h in g.hits]


def test_a_visitor_finds_published_articles_by_words_without_diacritics() -> None:
    world = build()
    first = published_article(world, "Sinh hoạt chi bộ nền nếp, chất lượng")
    second = published_article(world, "Kết nạp đảng viên trong doanh nghiệp tư nhân")
    assert _articles(None, "sinh hoat chi bo") == [first.get_absolute_url()]
    assert _articles(None, "ket nap dang vien") == [second.get_absolute_url()]
    # the lead holds "Đại hội … nhiệm kỳ" in both: both found, the newer first among equals
    assert set(_articles(None, "nhiem ky")) == {first.get_absolute_url(), second.get_absolute_url()}


def test_a_title_match_comes_before_a_body_match() -> None:
    world = build()
    in_title = published_article(world, "Đại hội Đảng bộ lần thứ VIII", when=dt.datetime(2020, 7, 1, tzinfo=dt.UTC))
    in_lead = published_article(world, "Phát huy vai trò nêu gương", when=dt.datetime(2020, 8, 1, tzinfo=dt.UTC))
    assert _articles(None, "dai hoi") == [in_title.get_absolute_url(), in_lead.get_absolute_url()]


def test_drafts_and_scheduled_articles_are_not_found() -> None:
    world = build()
    services.article_create(actor=None, category=world.categories["activity"], title="Bản nháp về sinh hoạt chuyên đề", body="x")
    later = published_article(world, "Sinh hoạt chuyên đề quý IV", when=timezone.now() + dt.timedelta(days=2))
    assert _articles(None, "sinh hoat chuyen de") == []
    assert later.pk
