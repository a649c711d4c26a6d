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


# ---------------------------------------------------------------- self-assessment and proposals


def _self(world: World, user: Any, body: dict[str, Any], year: int = 2025) -> Any:
    return _call(user, "post", f"{API}/periods/{world.periods[year].pk}/self-assessment", body)


def _propose(world: World, user: Any, rows: list[dict[str, Any]], org: str = "A", day: str = "2025-12-10") -> Any:
    body = {"organization_id": world.org(org).pk, "proposed_on": day, "proposals": rows}
    return _call(user, "post", f"{API}/periods/{world.periods[2025].pk}/proposals", body)


def test_a_member_self_assesses_their_own_review_only(world: World) -> None:
    member, own = world.users["member"], world.people["A1"][0]
    events = AuditEvent.objects.filter(event_type="rating.self_assessed")
    # the score must fall in the level's band, named by its regulation; nothing written
    response = _self(world, member, {"level": "excellent", "score": "85", "note": "Tự nhận", "on_date": "2025-12-01"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "score_band"
    assert response.json()["error"]["message"].startswith("Quy định 366-QĐ/TW: 85 điểm thuộc mức Hoàn thành tốt nhiệm vụ")
    assert not events.exists() and not MemberReview.objects.filter(person=own).exists()
    response = _self(world, member, {"level": "good", "score": "85", "note": "Tự nhận", "on_date": "2025-12-01"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["person_id"], data["self_assessment"]["level"], data["self_assessment"]["score"]) == (own.pk, "good", "85.00")
    assert events.get().organization_id == world.org("A1").pk
    # the same with their own id; someone else's id answers 404 and writes nothing
    assert _self(world, member, {"person_id": own.pk, "level": "good", "on_date": "2025-12-02"}).status_code == 200
    other = world.people["A1"][1]
    assert _self(world, member, {"person_id": other.pk, "level": "good", "on_date": "2025-12-02"}).status_code == 404
    assert not MemberReview.objects.filter(person=other).exists() and events.count() == 2
    # a user without a member record has no own review
    assert _self(world, make_user("nobody"), {"level": "good", "on_date": "2025-12-02"}).status_code == 404
    # once the cell has proposed, the self-assessment is closed
    assert _propose(world, world.users["secretary_a1"], [{"person_id": own.pk, "level": "good"}]).status_code == 200
    response = _self(world, member, {"level": "pass", "on_date": "2025-12-20"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "step_closed"
    assert MemberReview.objects.get(person=own).self_level == "good"


def test_a_secretary_records_a_members_self_assessment_in_their_cell_only(world: World) -> None:
    secretary = world.users["secretary_a1"]
    mine, theirs = world.people["A1"][3], world.people["A2"][0]
    assert _self(world, secretary, {"person_id": mine.pk, "level": "pass", "on_date": "2025-12-03"}).status_code == 200
    assert MemberReview.objects.get(person=mine).self_by == secretary
    assert _self(world, secretary, {"person_id": theirs.pk, "level": "pass", "on_date": "2025-12-03"}).status_code == 404
    assert (
        _self(world, world.users["outsider"], {"person_id": mine.pk, "level": "pass", "on_date": "2025-12-03"}).status_code == 404
    )
    assert not MemberReview.objects.filter(person=theirs).exists()


def test_proposals_by_the_cells_secretary_all_or_nothing(world: World) -> None:
    secretary = world.users["secretary_a1"]
    a1, a2 = world.people["A1"], world.people["A2"]
    events = AuditEvent.objects.filter(event_type="rating.proposed")
    # a member of another cell in the rows: 404, nothing written, no name of theirs in the answer
    response = _propose(world, secretary, [{"person_id": a1[0].pk, "level": "good"}, {"person_id": a2[0].pk, "level": "good"}])
    assert response.status_code == 404 and a2[0].full_name not in response.content.decode()
    assert not MemberReview.objects.exists() and not events.exists()
    # a disciplined member proposed excellent: the rule named, with the row; nothing written
    rows = [{"person_id": p.pk, "level": "good", "score": "80"} for p in a1[:3]]
    rows[2] = {"person_id": a1[2].pk, "level": "excellent", "disciplined_in_period": True}
    response = _propose(world, secretary, rows)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "disciplined_excellent"
    assert (
        "Quy định 366-QĐ/TW: đảng viên bị kỷ luật trong kỳ không được xếp loại Hoàn thành xuất sắc nhiệm vụ" in error["message"]
    )
    assert not MemberReview.objects.exclude(proposed_level="").exists() and not events.exists()
    rows[2]["level"] = "pass"
    response = _propose(world, secretary, rows)
    assert response.status_code == 200
    assert {(r["person_id"], r["proposal"]["level"]) for r in response.json()} == {
        (a1[0].pk, "good"),
        (a1[1].pk, "good"),
        (a1[2].pk, "pass"),
    }
    assert events.count() == 3 and MemberReview.objects.get(person=a1[2]).disciplined_in_period
    # the Board decides; a proposal after the decision is refused
    _decide(world, world.users["board"], ["good"] * 25)
    response = _propose(world, secretary, [{"person_id": a1[0].pk, "level": "pass"}], day="2026-01-20")
    assert response.status_code == 422 and response.json()["error"]["code"] == "step_closed"
    # the Board holds no ratings.propose; another grassroots organization's Board sees nothing
    assert _propose(world, world.users["board"], [{"person_id": a1[0].pk, "level": "pass"}]).status_code == 404
    assert _propose(world, world.users["outsider"], [{"person_id": a1[0].pk, "level": "pass"}]).status_code == 404
