"""The portal API: every newsroom endpoint for every persona (tests/api_matrix.py; the personas hold the
editor-in-chief role on A or B), the public endpoints without a token, then behaviour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from apps.accounts.choices import Role
from apps.portal import services
from apps.portal.dateline import VIETNAM
from apps.portal.models import Article, Category, Comment
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run

pytestmark = pytest.mark.django_db
API = "/api/portal"
WHEN = dt.datetime(2020, 7, 30, 6, 0, tzinfo=VIETNAM)


class PortalWorld(World):
    category: Category
    draft: Article
    review: Article
    published: Article
    comment: Comment


def build() -> PortalWorld:
    base = build_world(role=Role.EDITOR_IN_CHIEF)
    w = PortalWorld(orgs=base.orgs, people=base.people, tokens=base.tokens)
    w.category = services.category_create(actor=None, organization=w.orgs["A"], name="Tin tức - Sự kiện")
    new = lambda title: services.article_create(actor=None, category=w.category, title=title, body="Nội dung bài.")  # noqa: E731
    w.draft = new("Bản nháp")
    w.review = services.article_submit(actor=None, article=new("Chờ duyệt"))
    w.published = services.article_publish(actor=None, article=new("Đã đăng"), publish_at=WHEN)
    w.comment = services.comment_post(article=w.published, name="Bạn đọc", body="Một ý kiến.", address="192.0.2.9")
    return w


def _w(world: World) -> PortalWorld:
    assert isinstance(world, PortalWorld)
    return world


def _items(data: Any) -> set[int]:
    return {item["id"] for item in data["items"]}


ENDPOINTS = [
    Endpoint("articles", "get", lambda w: f"{API}/newsroom/articles", "list", ids=_items, targets=lambda w: {_w(w).draft.pk}),
    Endpoint("article", "get", lambda w: f"{API}/newsroom/articles/{_w(w).draft.pk}", "object"),
    Endpoint(
        "create",
        "post",
        lambda w: f"{API}/newsroom/articles",
        "write",
        success=201,
        body=lambda w: {"category_id": _w(w).category.pk, "title": "Bài mới", "body": "Chữ."},
    ),
    Endpoint(
        "update",
        "patch",
        lambda w: f"{API}/newsroom/articles/{_w(w).draft.pk}",
        "write",
        body=lambda w: {"version": _w(w).draft.version, "title": "Tiêu đề mới"},
    ),
    Endpoint("submit", "post", lambda w: f"{API}/newsroom/articles/{_w(w).draft.pk}/submit", "write", body=lambda w: {}),
    Endpoint(
        "publish",
        "post",
        lambda w: f"{API}/newsroom/articles/{_w(w).review.pk}/publish",
        "write",
        body=lambda w: {"publish_at": "2099-01-01T06:00:00+07:00"},
        check=lambda w, data: data["state"] == "scheduled" or (_ for _ in ()).throw(AssertionError(data)),
    ),
    Endpoint(
        "return", "post", lambda w: f"{API}/newsroom/articles/{_w(w).review.pk}/return", "write", body=lambda w: {"note": "x"}
    ),
    Endpoint(
        "withdraw",
        "post",
        lambda w: f"{API}/newsroom/articles/{_w(w).published.pk}/withdraw",
        "write",
        body=lambda w: {"note": "Sai"},
    ),
    Endpoint("comments", "get", lambda w: f"{API}/newsroom/comments", "list", ids=_items, targets=lambda w: {_w(w).comment.pk}),
    Endpoint(
        "moderate",
        "post",
        lambda w: f"{API}/newsroom/comments/{_w(w).comment.pk}/moderate",
        "write",
        body=lambda w: {"approve": True},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_endpoint_for_every_persona(endpoint: Endpoint, persona: str) -> None:
    run(endpoint, persona, build())


def test_public_endpoints_need_no_token_and_show_only_what_is_published() -> None:
    w = build()
    client = Client()
    data = client.get(f"{API}/articles").json()
    assert data["total"] == 1 and data["items"][0]["id"] == w.published.pk
    assert data["items"][0]["dateline"] == "Thứ Năm, 30/07/2020 | 06:00"
    assert data["items"][0]["publish_at"].startswith("2020-07-29T23:00:00")
    one = client.get(f"{API}/articles/{w.published.pk}").json()
    assert one["body_html"] == "<p>Nội dung bài.</p>" and one["breadcrumbs"][0]["name"] == "Tin tức - Sự kiện"
    for hidden in (w.draft, w.review):
        response = client.get(f"{API}/articles/{hidden.pk}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert [c["slug"] for c in client.get(f"{API}/categories").json()] == ["tin-tuc-su-kien"]
    assert client.get(f"{API}/articles?category=khong-co").status_code == 404
    assert client.get(f"{API}/articles?category=tin-tuc-su-kien").json()["total"] == 1


def test_an_editor_cannot_publish_through_the_api() -> None:
    w = build()
    from apps.accounts.services import api_token_create
    from apps.core.testing import make_user

    editor = make_user("api_editor", role=Role.EDITOR, organization=w.orgs["A"])
    w.tokens["editor"] = api_token_create(actor=None, user=editor, name="t")[1]
    response = call(w, "editor", "post", f"{API}/newsroom/articles/{w.review.pk}/publish", {})
    assert response.status_code == 404
    assert call(w, "editor", "get", f"{API}/newsroom/articles/{w.review.pk}").status_code == 200
    response = call(w, "role", "post", f"{API}/newsroom/articles/{w.review.pk}/publish", {"publish_at": "2099-01-01T06:00:00"})
    assert response.status_code == 422  # a time without its offset is refused
    stale = call(w, "role", "patch", f"{API}/newsroom/articles/{w.draft.pk}", {"version": 99, "title": "X"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
