"""The monthly rollup of meetings and attendance: kept by every service in the same transaction (close, the
secretary's sheet, check-in, late corrections), checked by verify(), rebuilt; regularity of a cell and of a
subtree read from it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.core.testing import make_org
from apps.meetings import rollups, services
from apps.meetings.choices import AttendanceStatus, AuditEventType, MeetingKind
from apps.meetings.models import Attendance, Meeting, MeetingMonthRollup, MeetingYearRollup
from apps.meetings.tests.world import build, plan
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


@pytest.fixture
def world():
    return build()


def _row(org, month):
    r = MeetingMonthRollup.objects.filter(organization=org, month=month).first()
    return None if r is None else {f: getattr(r, f) for f in rollups.FIELDS}


def _held(world):
    m = plan(world, start=timezone.now() - dt.timedelta(hours=1))
    p = world.people
    services.attendance_record(
        actor=world.users["secretary"],
        meeting=m,
        entries={p["pa"].pk: ("present", ""), p["pa2"].pk: ("present", ""), p["pa3"].pk: ("excused", "Ốm")},
    )
    return m


def _close(world, m):
    m.refresh_from_db()
    return services.meeting_close(actor=world.users["secretary"], meeting=m, expected_version=m.version, minutes="Biên bản")


def test_close_counts_the_meeting_and_its_attendance_in_its_month(world):
    m = _held(world)
    # recorded but not closed: not held yet, attendance not final
    assert _row(world.orgs["A1"], m.month) is None
    _close(world, m)
    assert _row(world.orgs["A1"], m.month) == {
        "regular_held": 1,
        "thematic_held": 0,
        "expected": 3,
        "present": 2,
        "excused": 1,
        "unexcused": 0,
        "exempt": 0,
    }
    # the meeting counts in its own organization only, not in its parents
    assert _row(world.orgs["A"], m.month) is None
    assert rollups.verify() == []


def test_a_late_correction_moves_the_rollup_in_the_same_transaction(world):
    m = _close(world, _held(world))
    p = world.people
    services.attendance_correct(
        actor=world.users["secretary"], meeting=m, person=p["pa2"], status=AttendanceStatus.UNEXCUSED, note="Ghi nhầm"
    )
    row = _row(world.orgs["A1"], m.month)
    assert (row["present"], row["unexcused"], row["expected"]) == (1, 1, 3)
    services.attendance_correct(
        actor=world.users["secretary"], meeting=m, person=p["pa3"], status=AttendanceStatus.EXEMPT, note="Được miễn"
    )
    row = _row(world.orgs["A1"], m.month)
    assert (row["excused"], row["exempt"], row["expected"]) == (0, 1, 2)
    assert AuditEvent.objects.filter(event_type=AuditEventType.ATTENDANCE_CORRECTED).count() == 2
    assert rollups.verify() == []


def test_checkin_then_close_counts_the_member_present(world):
    m = plan(world, start=timezone.now() - dt.timedelta(minutes=5))
    p = world.people
    services.attendance_checkin(actor=world.users["member"], code=m.code)
    assert rollups.verify() == []
    services.attendance_record(
        actor=world.users["secretary"], meeting=m, entries={p["pa2"].pk: ("unexcused", ""), p["pa3"].pk: ("exempt", "")}
    )
    _close(world, m)
    row = _row(world.orgs["A1"], m.month)
    assert (row["present"], row["unexcused"], row["exempt"], row["expected"]) == (1, 1, 1, 2)
    assert rollups.verify() == []


def test_verify_finds_a_tampered_row_and_rebuild_and_the_command_repair_it(world):
    m = _close(world, _held(world))
    MeetingMonthRollup.objects.filter(organization=world.orgs["A1"]).update(present=9)
    problems = rollups.verify()
    assert len(problems) == 1 and str(world.orgs["A1"].pk) in problems[0]
    with pytest.raises(CommandError):
        call_command("rebuild_meeting_rollups", "--verify")
    call_command("rebuild_meeting_rollups")
    assert rollups.verify() == []
    assert _row(world.orgs["A1"], m.month)["present"] == 2
    call_command("rebuild_meeting_rollups", "--verify")


def _year(world, org, year, *, skip_months=(), thematic_quarters=(1, 2, 3, 4), absent=()):
    """A year of past meetings: monthly regular meetings (but ``skip_months``), a thematic one in the first
    month of each of ``thematic_quarters``; the org's members present (those in ``absent`` unexcused)."""
    people = [p for p in world.people.values() if p.organization_id == world.orgs[org].pk]
    out = []
    for month in range(1, 13):
        att = {p.pk: ("unexcused" if p.pk in absent else "present", "") for p in people}
        if month not in skip_months:
            start = dt.datetime(year, month, 10, 8, tzinfo=VN)
            out.append(
                services.PastMeeting(
                    organization=world.orgs[org],
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    place="Hội trường",
                    minutes="Biên bản",
                    attendance=att,
                )
            )
        if month in (1, 4, 7, 10) and (month + 2) // 3 in thematic_quarters:
            start = dt.datetime(year, month, 20, 14, tzinfo=VN)
            out.append(
                services.PastMeeting(
                    organization=world.orgs[org],
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    place="Hội trường",
                    minutes="Biên bản",
                    kind=MeetingKind.THEMATIC,
                    topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                    attendance=att,
                )
            )
    services.meetings_record_past(actor=None, meetings=out)


def test_regularity_of_a_cell_in_a_year(world):
    # A1 misses June (but holds its quarterly thematic meetings); B1 meets every month, no thematic in Q3
    _year(world, "A1", 2025, skip_months=(6,))
    _year(world, "B1", 2025, thematic_quarters=(1, 2, 4))
    assert rollups.verify() == []
    a1 = rollups.cell_regularity(world.users["secretary"], world.orgs["A1"].pk, 2025)
    assert not a1.regular and a1.thematic_regular
    assert a1.months_met == 11 and [m.month.month for m in a1.months if not m.met] == [6]
    b1 = rollups.cell_regularity(world.users["other"], world.orgs["B1"].pk, 2025)
    assert b1.regular and not b1.thematic_regular
    assert [q for q, ok in b1.quarters if not ok] == [3]
    # asked on 20-5-2025: only January to April are judged, and only the first quarter
    early = rollups.cell_regularity(world.users["other"], world.orgs["B1"].pk, 2025, as_of=D(2025, 5, 20))
    assert [m.month.month for m in early.months] == [1, 2, 3, 4] and [q for q, _ok in early.quarters] == [1]
    # another subtree's cell answers like a missing one
    from django.http import Http404

    with pytest.raises(Http404):
        rollups.cell_regularity(world.users["secretary"], world.orgs["B1"].pk, 2025)


def test_regularity_and_attendance_of_a_subtree(world):
    p = world.people
    _year(world, "A1", 2025, skip_months=(6,), absent={p["pa3"].pk})
    _year(world, "B1", 2025, thematic_quarters=(1, 2, 4))
    root = world.orgs["R"].pk
    r = rollups.subtree_regularity([root], D(2025, 1, 1), D(2025, 12, 31))
    assert (r.cells, r.regular, r.cells_with_quarters, r.thematic_regular) == (2, 1, 2, 1)
    only_a = rollups.subtree_regularity([world.orgs["A"].pk], D(2025, 1, 1), D(2025, 12, 31))
    assert (only_a.cells, only_a.regular, only_a.thematic_regular) == (1, 0, 1)
    att = rollups.subtree_attendance([root], D(2025, 1, 1), D(2025, 12, 31))
    n_a1, n_b1 = 11 + 4, 12 + 3
    assert att.meetings == n_a1 + n_b1
    assert att.expected == 3 * n_a1 + 1 * n_b1
    assert att.present == 2 * n_a1 + n_b1 and att.unexcused == n_a1
    # the same from the attendance rows themselves
    rows = Attendance.objects.filter(meeting__on_date__year=2025)
    assert att.present == rows.filter(status="present").count()
    # overlapping roots count each organization once
    both = rollups.subtree_attendance([root, world.orgs["A"].pk], D(2025, 1, 1), D(2025, 12, 31))
    assert both == att


def test_a_cell_counts_where_it_stood_on_the_15th(world):
    from apps.organizations import services as org_services

    _year(world, "B1", 2025)
    # B1 moves under A on 3-7-2025: from July on it counts in A's subtree, before in B's
    org_services.organization_move(actor=None, organization=world.orgs["B1"], new_parent=world.orgs["A"], on_date=D(2025, 7, 3))
    in_a = rollups.subtree_attendance([world.orgs["A"].pk], D(2025, 1, 1), D(2025, 12, 31))
    in_b = rollups.subtree_attendance([world.orgs["B"].pk], D(2025, 1, 1), D(2025, 12, 31))
    assert (in_b.meetings, in_a.meetings) == (6 + 2, 6 + 2)
    # a cell founded on 20-3-2025 is judged from April
    c = make_org("C1", name="Chi bộ Mới", kind=OrganizationKind.ATTACHED_CELL, parent=world.orgs["B"], on_date=D(2025, 3, 20))
    r = rollups.subtree_regularity([world.orgs["B"].pk], D(2025, 1, 1), D(2025, 12, 31))
    assert c.pk and r.cells == 2 and r.regular == 1  # B1 (until June) met every month; C1 never met


def test_the_yearly_rows_answer_as_the_monthly_ones_for_any_period_and_subtree(world):
    from apps.organizations import services as org_services

    p = world.people
    _year(world, "A1", 2025, skip_months=(6,), absent={p["pa3"].pk})
    _year(world, "B1", 2025, thematic_quarters=(1, 2, 4))
    # B1 moves under A on 3-7-2025 and a new cell is founded under B on 20-3-2025: partial years for both
    org_services.organization_move(actor=None, organization=world.orgs["B1"], new_parent=world.orgs["A"], on_date=D(2025, 7, 3))
    make_org("C1", name="Chi bộ Mới", kind=OrganizationKind.ATTACHED_CELL, parent=world.orgs["B"], on_date=D(2025, 3, 20))
    assert MeetingYearRollup.objects.filter(year=2025).count() == 2
    assert rollups.verify() == []
    periods = [
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2025, 1, 1), D(2025, 6, 30)),
        (D(2025, 4, 1), D(2025, 9, 30)),
        (D(2024, 7, 1), D(2025, 12, 31)),
        (D(2025, 1, 1), D(2025, 11, 20)),  # December not over: not judged
    ]
    for code in ("R", "A", "B", "A1", "B1"):
        for start, until in periods:
            root = [world.orgs[code].pk]
            assert rollups.subtree_regularity(root, start, until) == rollups.subtree_regularity(
                root, start, until, by_year=False
            ), (code, start, until)
            assert rollups.subtree_attendance(root, start, until) == rollups.subtree_attendance(
                root, start, until, by_year=False
            ), (code, start, until)


def test_a_late_correction_moves_the_yearly_row_too(world):
    _year(world, "A1", 2025)
    meeting = Meeting.objects.filter(organization=world.orgs["A1"], on_date__year=2025).order_by("on_date").first()
    row = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).first()
    assert meeting is not None and row is not None
    before = MeetingYearRollup.objects.get(organization=world.orgs["A1"], year=2025)
    services.attendance_correct(
        actor=world.users["secretary"], meeting=meeting, person=row.person, status=AttendanceStatus.UNEXCUSED, note="Ghi nhầm"
    )
    after = MeetingYearRollup.objects.get(organization=world.orgs["A1"], year=2025)
    assert (after.present, after.unexcused) == (before.present - 1, before.unexcused + 1)
    assert rollups.verify() == []
