"""The study API: every endpoint for every persona (tests/api_matrix.py; the personas hold the propaganda role,
which may change study records, on A or B), then behaviour: participation, a sheet, a stale correction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.study import services
from apps.study.models import Campaign, Reporter, Session, SessionAttendance
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/study"


class StudyWorld(World):
    campaign: Campaign
    session: Session
    row: SessionAttendance
    reporter: Reporter


def build() -> StudyWorld:
    base = build_world(role=Role.PROPAGANDA)
    w = StudyWorld(orgs=base.orgs, people=base.people, tokens=base.tokens)
    w.campaign = services.campaign_create(
        actor=None,
        organization=w.orgs["A"],
        title="Học tập Chỉ thị 05",
        document_symbol="05-CT/TW",
        start_date=D(2023, 3, 1),
        end_date=D(2023, 5, 31),
    )
    w.reporter = services.reporter_add(
        actor=None, person=w.people["pa"], role="reporter", organization=w.orgs["A"], valid_from=D(2022, 1, 1)
    )
    w.session = services.session_plan(
        actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 3, 10), reporter=w.reporter
    )
    services.attendance_record(actor=None, session=w.session, marks=[(w.people["pa"], True), (w.people["pa2"], False, "Ốm")])
    w.row = SessionAttendance.objects.get(session=w.session, person=w.people["pa2"])
    return w


def _w(world: World) -> StudyWorld:
    assert isinstance(world, StudyWorld)
    return world


def _read_on_the_end_date(world: World, data: Any) -> None:
    assert (data["overall"]["studied"], data["overall"]["expected"], data["reference_date"]) == (1, 2, "2023-05-31")


def _items(data: Any) -> set[int]:
    return {item["id"] for item in data["items"]}


ENDPOINTS = [
    Endpoint("campaigns", "get", lambda w: f"{API}/campaigns", "list", ids=_items, targets=lambda w: {_w(w).campaign.pk}),
    Endpoint("campaign", "get", lambda w: f"{API}/campaigns/{_w(w).campaign.pk}", "object"),
    Endpoint(
        "participation",
        "get",
        lambda w: f"{API}/campaigns/{_w(w).campaign.pk}/participation?on_date=2023-06-01",
        "object",
        check=_read_on_the_end_date,
    ),
    Endpoint("sessions", "get", lambda w: f"{API}/campaigns/{_w(w).campaign.pk}/sessions", "object"),
    Endpoint("session", "get", lambda w: f"{API}/sessions/{_w(w).session.pk}", "object"),
    Endpoint("attendance", "get", lambda w: f"{API}/sessions/{_w(w).session.pk}/attendance", "object"),
    Endpoint(
        "sheet",
        "put",
        lambda w: f"{API}/sessions/{_w(w).session.pk}/attendance",
        "write",
        body=lambda w: {"marks": [{"person_id": w.person("pa2"), "present": True}]},
    ),
    Endpoint(
        "correct",
        "patch",
        lambda w: f"{API}/attendance/{_w(w).row.pk}",
        "write",
        body=lambda w: {"present": True, "expected_version": 1},
    ),
    Endpoint(
        "create_campaign",
        "post",
        lambda w: f"{API}/campaigns",
        "write",
        success=201,
        body=lambda w: {
            "organization_id": w.org("A"),
            "title": "Học tập Nghị quyết 4",
            "document_symbol": "4-NQ/TW",
            "start_date": "2023-01-01",
            "end_date": "2023-03-31",
        },
    ),
    Endpoint(
        "plan_session",
        "post",
        lambda w: f"{API}/campaigns/{_w(w).campaign.pk}/sessions",
        "write",
        success=201,
        body=lambda w: {"organization_id": w.org("A1"), "held_on": "2023-04-10", "makeup_for_id": _w(w).session.pk},
    ),
    Endpoint("reporters", "get", lambda w: f"{API}/reporters", "list", ids=_items, targets=lambda w: {_w(w).reporter.pk}),
    Endpoint("reporter", "get", lambda w: f"{API}/reporters/{_w(w).reporter.pk}", "object"),
    Endpoint(
        "add_reporter",
        "post",
        lambda w: f"{API}/reporters",
        "write",
        success=201,
        body=lambda w: {
            "person_id": w.person("pa2"),
            "role": "propagandist",
            "organization_id": w.org("A1"),
            "valid_from": "2023-01-01",
        },
    ),
    Endpoint(
        "end_reporter",
        "post",
        lambda w: f"{API}/reporters/{_w(w).reporter.pk}/end",
        "write",
        body=lambda w: {"valid_to": "2024-01-01", "expected_version": 1},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_endpoint_for_every_persona(endpoint: Endpoint, persona: str) -> None:
    run(endpoint, persona, build())


def test_a_sheet_and_a_stale_correction() -> None:
    w = build()
    r = call(
        w,
        "role",
        "put",
        f"{API}/sessions/{w.session.pk}/attendance",
        {"marks": [{"person_id": w.person("pa2"), "present": True}]},
    )
    assert r.status_code == 200 and r.json() == {"present": 1, "absent": 0, "created": 0, "changed": 1, "unchanged": 0}
    r = call(w, "role", "get", f"{API}/campaigns/{w.campaign.pk}/participation?on_date=2023-06-01")
    assert r.json()["overall"]["rate"] == "100.00"
    r = call(w, "role", "patch", f"{API}/attendance/{w.row.pk}", {"present": False, "expected_version": 1})
    assert r.status_code == 409 and r.json()["error"]["code"] == "stale"
    r = call(
        w, "role", "put", f"{API}/sessions/{w.session.pk}/attendance", {"marks": [{"person_id": w.person("pb"), "present": True}]}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_member"
    parts = call(w, "role", "get", f"{API}/campaigns/{w.campaign.pk}/participation?on_date=2023-03-09").json()
    assert parts["overall"]["studied"] == 0 and {p["name"] for p in parts["parts"]} == {"Chi bộ Kế toán"}
