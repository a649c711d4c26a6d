"""The organizations' reviews through the API: each step scoped like the page (another organization is 404), a rule
broken refused with 422 naming it and nothing written, the results as the caller sees them."""

from __future__ import annotations

from typing import Any

import pytest

from apps.core.models import AuditEvent
from apps.ratings.models import OrganizationReview
from apps.ratings.tests.test_api import API, _call
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db


def _path(world: World, tail: str) -> str:
    return f"{API}/periods/{world.periods[2025].pk}/{tail}"


def test_an_organization_self_assesses_through_its_secretary_only(world: World) -> None:
    c, a = world.org("C"), world.org("A")
    secretary = world.users["secretary_c"]
    body: dict[str, Any] = {"organization_id": c.pk, "level": "excellent", "score": 85, "on_date": "2025-12-01"}
    r = _call(secretary, "post", _path(world, "organization-self-assessment"), body)
    assert r.status_code == 422 and "Quy định 366-QĐ/TW" in r.json()["error"]["message"]
    assert not OrganizationReview.objects.exists()
    body["level"] = "good"
    r = _call(secretary, "post", _path(world, "organization-self-assessment"), body)
    assert r.status_code == 200, r.content
    out = r.json()
    assert (out["organization_id"], out["self_assessment"]["level"], out["level"]) == (c.pk, "good", "good")
    assert AuditEvent.objects.filter(event_type="rating.org_self_assessed", organization_id=c.pk).exists()
    # another organization: 404, nothing written
    body["organization_id"] = a.pk
    assert _call(secretary, "post", _path(world, "organization-self-assessment"), body).status_code == 404
    assert OrganizationReview.objects.count() == 1


def test_decisions_all_or_nothing_with_the_cap_named(world: World) -> None:
    a, c = world.org("A"), world.org("C")
    board = world.users["board"]
    body: dict[str, Any] = {
        "decided_on": "2026-01-15",
        "decision_symbol": "5-QĐ/ĐU",
        "decisions": [{"organization_id": a.pk, "level": "excellent"}, {"organization_id": c.pk, "level": "good"}],
    }
    r = _call(board, "post", _path(world, "organization-decisions"), body)
    assert r.status_code == 422
    assert "Quy định 366-QĐ/TW: số tổ chức đảng Hoàn thành xuất sắc nhiệm vụ (1) vượt 20%" in r.json()["error"]["message"]
    assert not OrganizationReview.objects.exclude(decided_level="").exists()
    body["decisions"][0]["level"] = "good"
    r = _call(board, "post", _path(world, "organization-decisions"), body)
    assert r.status_code == 200, r.content
    assert {row["organization_id"]: row["decision"]["level"] for row in r.json()} == {a.pk: "good", c.pk: "good"}
    listed = _call(board, "get", _path(world, "organization-reviews")).json()
    assert sorted(row["organization_id"] for row in listed) == sorted([a.pk, c.pk])
    # a cell secretary reads only their own organization's review, and may not decide
    own = _call(world.users["secretary_c"], "get", _path(world, "organization-reviews")).json()
    assert [row["organization_id"] for row in own] == [c.pk]
    assert _call(world.users["secretary_c"], "post", _path(world, "organization-decisions"), body).status_code == 404


def test_proposals_by_the_committee_office(world: World) -> None:
    from apps.accounts.choices import Role
    from apps.core.testing import make_user

    a = world.org("A")
    office = make_user("office_api", role=Role.OFFICE_CLERK, organization=world.org("R"))
    body = {"proposed_on": "2026-01-10", "proposals": [{"organization_id": a.pk, "level": "good", "score": 80}]}
    r = _call(office, "post", _path(world, "organization-proposals"), body)
    assert r.status_code == 200, r.content
    proposal = r.json()[0]["proposal"]
    assert (proposal["level"], float(proposal["score"]), proposal["on_date"]) == ("good", 80.0, "2026-01-10")
    assert OrganizationReview.objects.get(organization=a).proposed_score == 80
