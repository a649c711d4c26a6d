"""The meeting pages: scope (another subtree answers 404), the secretary's flow, the member's check-in page,
and the query count of the meeting page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.testing import make_person
from apps.meetings import services
from apps.meetings.models import Attendance, Meeting
from apps.meetings.tests.world import build, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_list_and_detail_are_scoped(world):
    m = plan(world)
    other = client_for(world.users["other"])
    assert other.get(reverse("meetings:detail", args=[m.pk])).status_code == 404
    assert other.get(reverse("meetings:qr", args=[m.pk])).status_code == 404
    assert reverse("meetings:detail", args=[m.pk]) not in other.get(reverse("meetings:list")).content.decode()
    mine = client_for(world.users["secretary"])
    page = mine.get(reverse("meetings:list")).content.decode()
    assert reverse("meetings:detail", args=[m.pk]) in page
    detail = mine.get(reverse("meetings:detail", args=[m.pk]))
    assert detail.status_code == 200
    assert m.code in detail.content.decode()
    qr = mine.get(reverse("meetings:qr", args=[m.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    # a write on another subtree's meeting answers like a missing one
    p = world.people["pa"]
    r = other.post(reverse("meetings:mark", args=[m.pk]), {"person": p.pk, "status": "excused", "reason": "x"})
    assert r.status_code == 404
    assert not Attendance.objects.exists()


def test_menu_entry_only_with_meetings_view(world):
    assert "Sinh hoạt chi bộ" in client_for(world.users["secretary"]).get(reverse("organizations:tree")).content.decode()
    assert 'href="/sinh-hoat/"' not in client_for(world.users["member"]).get(reverse("organizations:tree")).content.decode()


def test_plan_page_creates_a_meeting(world):
    c = client_for(world.users["secretary"])
    day = timezone.localdate() + dt.timedelta(days=3)
    r = c.post(
        reverse("meetings:plan"),
        {
            "organization": world.orgs["A1"].pk,
            "kind": "regular",
            "day": f"{day.day}-{day.month}-{day.year}",
            "start": "14:00",
            "end": "16:30",
            "place": "Phòng họp",
            "chair": world.people["pa"].pk,
            "agenda": "Thông báo",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    m = Meeting.objects.get()
    assert timezone.localtime(m.starts_at).hour == 14 and m.on_date == day and m.chair == world.people["pa"]
    # another subtree's cell is not a choice
    r = c.post(
        reverse("meetings:plan"),
        {"organization": world.orgs["B1"].pk, "kind": "regular", "day": "1-1-2030", "start": "8:00", "end": "9:00", "place": "x"},
    )
    assert r.status_code == 422 and Meeting.objects.count() == 1


def test_secretary_marks_closes_and_corrects(world):
    m = plan(world, start=timezone.now() - dt.timedelta(minutes=20))
    c = client_for(world.users["secretary"])
    p = world.people
    for key, status in (("pa", "present"), ("pa2", "present")):
        r = c.post(reverse("meetings:mark", args=[m.pk]), {"person": p[key].pk, "status": status})
        assert r.status_code == 302
    r = c.post(
        reverse("meetings:mark", args=[m.pk]), {"person": p["pa3"].pk, "status": "excused", "reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert "Vắng có lý do cần ghi lý do" in r.content.decode()
    c.post(
        reverse("meetings:mark", args=[m.pk]),
        {"person": p["pa3"].pk, "status": "excused", "reason": "Ốm"},
        HTTP_HX_REQUEST="true",
    )
    r = c.post(
        reverse("meetings:decision", args=[m.pk]), {"text": "Thông qua", "votes_for": 3, "votes_against": 0, "votes_abstain": 0}
    )
    assert r.status_code == 422 and "nhiều hơn số đảng viên có mặt" in r.content.decode()
    m.refresh_from_db()
    r = c.post(reverse("meetings:close", args=[m.pk]), {"version": m.version, "minutes": ""})
    assert r.status_code == 422 and "Cần có biên bản" in r.content.decode()
    r = c.post(reverse("meetings:close", args=[m.pk]), {"version": m.version, "minutes": "Chi bộ họp đủ nội dung."})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.is_closed
    r = c.post(reverse("meetings:mark", args=[m.pk]), {"person": p["pa3"].pk, "status": "present", "note": "Đến muộn"})
    assert r.status_code == 302
    assert Attendance.objects.get(meeting=m, person=p["pa3"]).status == "present"


def test_checkin_page_for_a_member_and_login_redirect(world):
    m = plan(world, start=timezone.now() + dt.timedelta(minutes=5))
    url = reverse("meetings:checkin", args=[m.code])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    c = client_for(world.users["member"])
    page = c.get(url).content.decode()
    assert "Tôi có mặt" in page
    r = c.post(url)
    assert r.status_code == 200 and "Bạn đã điểm danh có mặt" in r.content.decode()
    assert Attendance.objects.get(meeting=m).person == world.people["pa"]
    refused = client_for(world.users["member_b"]).post(url)
    assert refused.status_code == 422 and "không phải đảng viên của Chi bộ Kế toán" in refused.content.decode()
    wrong = c.get(reverse("meetings:checkin", args=["ZZZZZZ"]))
    assert "Mã điểm danh không đúng" in wrong.content.decode()
    typed = c.get(reverse("meetings:checkin_enter"), {"code": m.code.lower()})
    assert typed.status_code == 302 and typed["Location"] == url


def test_meeting_page_query_count_does_not_grow_with_members(world):
    m = plan(world, start=timezone.now() - dt.timedelta(minutes=20))
    c = client_for(world.users["secretary"])
    url = reverse("meetings:detail", args=[m.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for i in range(8):
        p = make_person(world.orgs["A1"], given_name=f"Thêm{i}", on_date=dt.date(2015, 1, 1))
        services.attendance_record(actor=None, meeting=m, entries={p.pk: ("present", "")})
    services.decision_record(actor=None, meeting=m, text="Thông qua", votes_for=5)
    with CaptureQueriesContext(connection) as many:
        assert c.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 16
