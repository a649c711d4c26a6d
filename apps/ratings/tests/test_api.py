"""The ratings API: scoped reads, the bulk decision refused as a whole naming the rule, the shares."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from apps.accounts.services import api_token_create
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.ratings.models import MemberReview
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db
API = "/api/ratings"


def _call(user: Any, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"
    client = Client()
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json", **headers)


def test_reads_are_scoped(world: World) -> None:
    period = world.periods[2025]
    assert _call(None, "get", f"{API}/periods").status_code == 401
    assert _call(make_user("nobody"), "get", f"{API}/periods").json()["items"] == []
    assert {p["id"] for p in _call(world.users["board"], "get", f"{API}/periods").json()["items"]} == {
        p.pk for p in world.periods.values()
    }
    assert _call(make_user("nobody2"), "get", f"{API}/periods/{period.pk}").status_code == 404
    data = _call(world.users["secretary_a1"], "get", f"{API}/periods/{period.pk}").json()
    assert data["title"] == "Năm 2025" and data["kind"] == "yearly"
    # reviews: the Board decides A, the A1 Secretary sees A1's only
    _decide(world, world.users["board"], ["good"] * 25)
    reviews = _call(world.users["secretary_a1"], "get", f"{API}/periods/{period.pk}/reviews").json()
    assert reviews["total"] == len(world.people["A1"])
    assert {r["unit_id"] for r in reviews["items"]} == {world.org("A1").pk}
    assert reviews["items"][0]["level"] == "good" and reviews["items"][0]["decision"]["level"] == "good"
    assert (
        _call(
            world.users["secretary_a1"], "get", f"{API}/periods/{period.pk}/reviews?organization_id={world.org('C').pk}"
        ).status_code
        == 404
    )


def _decide(world: World, user: Any, levels: list[str], org: str = "A") -> Any:
    people = world.people["A1"] + world.people["A2"]
    body = {
        "organization_id": world.org(org).pk,
        "decided_on": "2026-01-15",
        "decision_symbol": "3-QĐ/ĐU",
        "decisions": [{"person_id": p.pk, "level": lv} for p, lv in zip(people, levels, strict=True)],
    }
    return _call(user, "post", f"{API}/periods/{world.periods[2025].pk}/decisions", body)


def test_decisions_refused_as_a_whole_naming_the_rule(world: World) -> None:
    ratings_events = AuditEvent.objects.filter(event_type__startswith="rating.")
    before = ratings_events.count()
    response = _decide(world, world.users["board"], ["excellent"] * 5 + ["good"] * 15 + ["pass"] * 5)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "excellent_cap"
    assert error["message"].startswith(
        "Quy định 366-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ (5) vượt 20% số Hoàn thành tốt nhiệm vụ trở lên (20)"
    )
    assert ratings_events.count() == before and not MemberReview.objects.exclude(decided_level="").exists()
    # a Secretary, or the Board of another organization: 404, nothing written
    assert _decide(world, world.users["secretary_a1"], ["good"] * 25).status_code == 404
    assert _decide(world, world.users["outsider"], ["good"] * 25).status_code == 404
    assert not MemberReview.objects.exclude(decided_level="").exists()
    response = _decide(world, world.users["board"], ["excellent"] * 4 + ["good"] * 16 + ["pass"] * 5)
    assert response.status_code == 200
    assert sum(1 for r in response.json() if r["level"] == "excellent") == 4
    shares = _call(world.users["board"], "get", f"{API}/periods/{world.periods[2025].pk}/shares").json()
    assert shares["decided"] == 25 and shares["undecided"] == 0
    assert {lv["level"]: lv["count"] for lv in shares["levels"]} == {"excellent": 4, "good": 16, "pass": 5, "fail": 0}
    assert [c["organization_id"] for c in shares["children"]] == [world.org("A").pk]
    early = _call(world.users["board"], "get", f"{API}/periods/{world.periods[2025].pk}/shares?as_of=2026-01-14").json()
    assert early["decided"] == 0
