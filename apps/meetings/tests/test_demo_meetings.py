"""The demo's meetings on a small tree with the demo's codes: a year of monthly and quarterly thematic meetings,
closed, attendance mostly present, and the demo cell's next meeting ahead with its documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.demo.story_meetings import build_meetings
from apps.core.testing import make_org, make_person
from apps.meetings.choices import AttendanceStatus, MeetingKind
from apps.meetings.models import Attendance, Meeting
from apps.members import services as member_services
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db
D = dt.date


def test_demo_meetings():
    committee = make_org("DBUBND-ST", name="Đảng bộ UBND tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2010, 1, 1))
    grassroots = make_org(
        "DB-X", name="Đảng bộ Bệnh viện", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=committee, on_date=D(2010, 1, 1)
    )
    cells = [
        make_org(f"CB-X{i}", kind=OrganizationKind.ATTACHED_CELL, parent=grassroots, on_date=D(2010, 1, 1)) for i in range(2)
    ]
    demo = make_org(
        "CB-STP", name="Chi bộ Sở Tư pháp", kind=OrganizationKind.GRASSROOTS_CELL, parent=committee, on_date=D(2010, 1, 1)
    )
    for org in [*cells, demo]:
        people = [make_person(org, given_name=f"Người{i}", on_date=D(2012, 3, 1)) for i in range(6)]
    member_services.post_assign(actor=None, organization=demo, person=people[0], post="secretary", valid_from=D(2020, 1, 1))
    n = build_meetings({})
    today = timezone.localdate()
    past = Meeting.objects.filter(closed_at__isnull=False)
    assert n == past.count() + 1
    for org in [*cells, demo]:
        months = {m.on_date.replace(day=1) for m in past.filter(organization=org, kind=MeetingKind.REGULAR)}
        assert len(months) >= 11
        assert past.filter(organization=org, kind=MeetingKind.THEMATIC).count() >= 3
    assert all(m.on_date < today for m in past)
    rows = Attendance.objects.filter(meeting__in=past)
    assert rows.count() == 6 * past.count()
    assert rows.filter(status=AttendanceStatus.PRESENT).count() > 0.9 * rows.count()
    assert rows.filter(status=AttendanceStatus.EXCUSED).exclude(reason="").exists()
    upcoming = Meeting.objects.get(closed_at__isnull=True)
    assert upcoming.organization == demo and upcoming.on_date > today and upcoming.documents.count() == 2
    assert upcoming.chair == people[0]
