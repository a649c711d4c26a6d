"""The meetings API: scoped reads and writes, the sheet, corrections after closing, and the member's check-in."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.services import api_token_create
from apps.core.models import AuditEvent
from apps.meetings.choices import AuditEventType
from apps.meetings.models import Attendance, Meeting
from apps.meetings.tests.world import build, plan

pytestmark = pytest.mark.django_db
API = "/api/meetings"


@pytest.fixture
def world():
    w = build()
    w.tokens = {k: api_token_create(actor=None, user=u, name="t")[1] for k, u in w.users.items()}  # type: ignore[attr-defined]
    return w


def call(world, who, method, path, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[who]}"} if who else {}
    c = Client()
    if body is None:
        return getattr(c, method)(path, **headers)
    return getattr(c, method)(path, data=json.dumps(body, default=str), content_type="application/json", **headers)


def test_list_and_detail_are_scoped(world):
    m = plan(world)
    assert call(world, None, "get", f"{API}/").status_code == 401
    mine = call(world, "secretary", "get", f"{API}/").json()
    assert [i["id"] for i in mine["items"]] == [m.pk] and mine["items"][0]["code"] == m.code
    assert call(world, "other", "get", f"{API}/").json()["items"] == []
    assert call(world, "other", "get", f"{API}/{m.pk}").status_code == 404
    assert call(world, "secretary", "get", f"{API}/{m.pk}").json()["place"] == "Phòng họp tầng 2"
    assert call(world, "other", "get", f"{API}/{m.pk}/attendance").status_code == 404


def test_plan_sheet_close_and_correct(world):
    start = timezone.now() - dt.timedelta(minutes=10)
    body = {
        "organization_id": world.orgs["A1"].pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "place": "Phòng họp",
        "chair_id": world.people["pa"].pk,
    }
    before = AuditEvent.objects.count()
    assert call(world, "other", "post", f"{API}/", body).status_code == 404
    assert AuditEvent.objects.count() == before and not Meeting.objects.exists()
    r = call(world, "secretary", "post", f"{API}/", body)
    assert r.status_code == 201, r.json()
    mid = r.json()["id"]
    p = world.people
    entries = [
        {"person_id": p["pa"].pk, "status": "present"},
        {"person_id": p["pa2"].pk, "status": "present"},
        {"person_id": p["pa3"].pk, "status": "excused", "reason": "Ốm"},
    ]
    assert call(world, "other", "put", f"{API}/{mid}/attendance", {"entries": entries}).status_code == 404
    sheet = call(world, "secretary", "put", f"{API}/{mid}/attendance", {"entries": entries}).json()
    assert {row["person_id"]: row["status"] for row in sheet} == {
        p["pa"].pk: "present",
        p["pa2"].pk: "present",
        p["pa3"].pk: "excused",
    }
    version = Meeting.objects.get(pk=mid).version
    r = call(world, "secretary", "post", f"{API}/{mid}/close", {"version": version + 1, "minutes": "Biên bản"})
    assert r.status_code == 409
    r = call(world, "secretary", "post", f"{API}/{mid}/close", {"version": version, "minutes": "Biên bản"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["code"] is None
    fix = {"entries": [{"person_id": p["pa3"].pk, "status": "present"}]}
    r = call(world, "secretary", "put", f"{API}/{mid}/attendance", fix)
    assert r.status_code == 422 and r.json()["error"]["code"] == "note_required"
    r = call(world, "secretary", "put", f"{API}/{mid}/attendance", fix | {"note": "Ghi sót"})
    assert r.status_code == 200
    assert AuditEvent.objects.filter(event_type=AuditEventType.ATTENDANCE_CORRECTED, note="Ghi sót").count() == 1


def test_checkin(world):
    m = plan(world, start=timezone.now() + dt.timedelta(minutes=5))
    r = call(world, "member", "post", f"{API}/checkin", {"code": m.code})
    assert r.status_code == 200 and r.json()["status"] == "present"
    assert call(world, "member", "post", f"{API}/checkin", {"code": m.code}).status_code == 200
    assert Attendance.objects.filter(meeting=m).count() == 1
    r = call(world, "member_b", "post", f"{API}/checkin", {"code": m.code})
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_member"
    r = call(world, "member", "post", f"{API}/checkin", {"code": "ZZZZZZ"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "wrong_code"
