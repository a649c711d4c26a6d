"""The ratings API: every endpoint for every persona (tests/api_matrix.py; the personas hold the Office's role,
which may propose and decide, on A or B). The period is A's own, so B's role sees nothing of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.ratings import services
from apps.ratings.models import MemberReview, ReviewPeriod
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, run

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/ratings"


class RatingsWorld(World):
    period: ReviewPeriod
    review: MemberReview


def build() -> RatingsWorld:
    base = build_world(role=Role.OFFICE_CLERK)
    w = RatingsWorld(orgs=base.orgs, people=base.people, tokens=base.tokens)
    w.period = services.review_period_open(
        actor=None, organization=w.orgs["A"], year=2025, start_date=D(2025, 1, 1), end_date=D(2025, 12, 31)
    )
    w.review = services.self_assess(actor=None, period=w.period, person=w.people["pa"], level="good", on_date=D(2025, 12, 1))
    return w


def _w(world: World) -> RatingsWorld:
    assert isinstance(world, RatingsWorld)
    return world


def _items(data: Any) -> set[int]:
    return {item["id"] for item in data["items"]}


def _proposed_good(world: World, data: Any) -> None:
    assert [(r["person_id"], r["proposal"]["level"], r["proposal"]["score"]) for r in data] == [
        (world.person("pa2"), "good", "80.00")
    ]


ENDPOINTS = [
    Endpoint("periods", "get", lambda w: f"{API}/periods", "list", ids=_items, targets=lambda w: {_w(w).period.pk}),
    Endpoint("period", "get", lambda w: f"{API}/periods/{_w(w).period.pk}", "object"),
    Endpoint(
        "reviews",
        "get",
        lambda w: f"{API}/periods/{_w(w).period.pk}/reviews",
        "object",
        check=lambda w, data: assert_ids(data, {_w(w).review.pk}),
    ),
    Endpoint("shares", "get", lambda w: f"{API}/periods/{_w(w).period.pk}/shares", "object"),
    Endpoint(
        "self_assessment",
        "post",
        lambda w: f"{API}/periods/{_w(w).period.pk}/self-assessment",
        "write",
        body=lambda w: {"person_id": w.person("pa2"), "level": "pass", "score": "60", "on_date": "2025-12-02"},
        check=lambda w, data: assert_step(data, "self_assessment", "pass"),
    ),
    Endpoint(
        "proposals",
        "post",
        lambda w: f"{API}/periods/{_w(w).period.pk}/proposals",
        "write",
        body=lambda w: {
            "organization_id": w.org("A"),
            "proposed_on": "2025-12-10",
            "proposals": [{"person_id": w.person("pa2"), "level": "good", "score": "80"}],
        },
        check=_proposed_good,
    ),
    Endpoint(
        "decisions",
        "post",
        lambda w: f"{API}/periods/{_w(w).period.pk}/decisions",
        "write",
        body=lambda w: {
            "organization_id": w.org("A"),
            "decided_on": "2026-01-15",
            "decisions": [{"person_id": w.person("pa"), "level": "good"}, {"person_id": w.person("pa2"), "level": "pass"}],
        },
    ),
]


def assert_ids(data: Any, ids: set[int]) -> None:
    assert _items(data) == ids


def assert_step(data: Any, step: str, level: str) -> None:
    assert data[step]["level"] == level and data["level"] == level


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_endpoint_for_every_persona(endpoint: Endpoint, persona: str) -> None:
    run(endpoint, persona, build())
