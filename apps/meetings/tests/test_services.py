"""The meetings' services: planning, the check-in window and its refusals, the secretary's sheet, corrections
in the audit log, votes against those present, and closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.errors import DomainError, NotVisibleError, StaleObjectError
from apps.core.models import AuditEvent
from apps.meetings import hooks, services
from apps.meetings.choices import AttendanceSource, AttendanceStatus, AuditEventType, MeetingKind, MeetingStatus
from apps.meetings.models import Attendance, ChecklistTick, Meeting
from apps.meetings.tests.world import build, plan
from apps.members import services as member_services
from apps.members.choices import MembershipKind

pytestmark = pytest.mark.django_db

MIN = dt.timedelta(minutes=1)


@pytest.fixture
def world():
    return build()


def test_plan_gives_a_short_unambiguous_code_and_the_default_guideline(world):
    m = plan(world)
    assert len(m.code) == 6 and set(m.code) <= set(services.CODE_ALPHABET)
    assert not set(m.code) & set("0O1IL2Z5S8B")
    assert m.guideline is not None and m.guideline.symbol == "08-HD/BTCTU"
    assert m.status == MeetingStatus.PLANNED
    assert m.on_date == timezone.localdate(m.starts_at)
    assert AuditEvent.objects.filter(event_type=AuditEventType.PLANNED, target_id=str(m.pk)).count() == 1


def test_plan_refuses_another_subtree_and_a_thematic_meeting_without_topic(world):
    with pytest.raises(NotVisibleError):
        plan(world, org="B1")
    with pytest.raises(DomainError) as exc:
        plan(world, kind=MeetingKind.THEMATIC)
    assert exc.value.code == "topic_required"
    with pytest.raises(DomainError) as exc:
        plan(world, chair=world.people["pb"])
    assert exc.value.field == "chair"


def test_checkin_inside_the_window_marks_present_once(world):
    m = plan(world)
    member = world.users["member"]
    first = services.attendance_checkin(actor=member, code=m.code.lower(), now=m.starts_at - 29 * MIN)
    assert first.status == AttendanceStatus.PRESENT and first.source == AttendanceSource.CHECKIN
    assert first.checked_in_at == m.starts_at - 29 * MIN
    events = AuditEvent.objects.filter(event_type=AuditEventType.CHECKED_IN).count()
    again = services.attendance_checkin(actor=member, code=m.code, now=m.starts_at + 10 * MIN)
    assert again.pk == first.pk and again.checked_in_at == first.checked_in_at  # idempotent
    assert Attendance.objects.filter(meeting=m).count() == 1
    assert AuditEvent.objects.filter(event_type=AuditEventType.CHECKED_IN).count() == events


@pytest.mark.parametrize("offset", [-31, 2 * 60 + 31])
def test_checkin_outside_the_window_is_refused(world, offset):
    m = plan(world)
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(actor=world.users["member"], code=m.code, now=m.starts_at + offset * MIN)
    assert exc.value.code == "outside_window"
    assert "điểm danh" in exc.value.message
    assert not Attendance.objects.filter(meeting=m).exists()


def test_checkin_window_margin_is_configurable(world, settings):
    settings.DANGBO_CHECKIN_MARGIN_MINUTES = 60
    m = plan(world)
    row = services.attendance_checkin(actor=world.users["member"], code=m.code, now=m.starts_at - 50 * MIN)
    assert row.status == AttendanceStatus.PRESENT


def test_checkin_refuses_wrong_code_and_non_members(world):
    m = plan(world)
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(actor=world.users["member"], code="XXXXXX", now=m.starts_at)
    assert exc.value.code == "wrong_code"
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(
            actor=world.users["member"], meeting=m, code="ACDEFH" if m.code != "ACDEFH" else "ACDEFJ", now=m.starts_at
        )
    assert exc.value.code == "wrong_code"
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(actor=world.users["member_b"], code=m.code, now=m.starts_at)
    assert exc.value.code == "not_member"
    assert "Chi bộ Kế toán" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(actor=world.users["secretary"], code=m.code, now=m.starts_at)
    assert exc.value.code == "no_member_record"


def test_a_temporarily_transferred_member_attends_where_hosted(world):
    pb = world.people["pb"]
    today = timezone.localdate()
    member_services.member_transfer(
        actor=None,
        person=pb,
        to_organization=world.orgs["A1"],
        on_date=today - dt.timedelta(days=3),
        kind=MembershipKind.TEMPORARY,
    )
    m = plan(world)
    row = services.attendance_checkin(actor=world.users["member_b"], code=m.code, now=m.starts_at)
    assert row.person_id == pb.pk
    from apps.meetings.selectors import expected_people

    assert pb in set(expected_people(m))


def test_secretary_sheet_bulk_and_excused_needs_reason(world):
    m = plan(world)
    p = world.people
    rows = services.attendance_record(
        actor=world.users["secretary"],
        meeting=m,
        entries={p["pa"].pk: ("present", ""), p["pa2"].pk: ("excused", "Đi công tác"), p["pa3"].pk: ("exempt", "")},
        now=m.starts_at,
    )
    assert {r.person_id: r.status for r in rows} == {p["pa"].pk: "present", p["pa2"].pk: "excused", p["pa3"].pk: "exempt"}
    assert AuditEvent.objects.filter(event_type=AuditEventType.ATTENDANCE_RECORDED).count() == 1
    with pytest.raises(DomainError) as exc:
        services.attendance_record(
            actor=world.users["secretary"], meeting=m, entries={p["pa2"].pk: ("excused", "")}, now=m.starts_at
        )
    assert exc.value.code == "reason_required"
    with pytest.raises(DomainError) as exc:
        services.attendance_record(
            actor=world.users["secretary"], meeting=m, entries={p["pb"].pk: ("present", "")}, now=m.starts_at
        )
    assert exc.value.code == "not_member"
    with pytest.raises(NotVisibleError):
        services.attendance_record(actor=world.users["other"], meeting=m, entries={p["pa"].pk: ("present", "")}, now=m.starts_at)


def test_present_cannot_be_recorded_before_the_window_but_an_excuse_can(world):
    m = plan(world, start=timezone.now() + dt.timedelta(days=2))
    p = world.people
    with pytest.raises(DomainError) as exc:
        services.attendance_record(actor=world.users["secretary"], meeting=m, entries={p["pa"].pk: ("present", "")})
    assert exc.value.code == "too_early"
    services.attendance_record(actor=world.users["secretary"], meeting=m, entries={p["pa"].pk: ("excused", "Ốm")})


def _held(world, minutes="Biên bản họp chi bộ tháng"):
    m = plan(world, start=timezone.now() - dt.timedelta(hours=1))
    p = world.people
    services.attendance_record(
        actor=world.users["secretary"],
        meeting=m,
        entries={p["pa"].pk: ("present", ""), p["pa2"].pk: ("present", ""), p["pa3"].pk: ("excused", "Ốm")},
    )
    return m


def test_votes_may_not_exceed_members_present(world):
    m = _held(world)
    with pytest.raises(DomainError) as exc:
        services.decision_record(
            actor=world.users["secretary"], meeting=m, text="Thông qua nghị quyết tháng", votes_for=2, votes_against=1
        )
    assert exc.value.code == "too_many_votes"
    d = services.decision_record(actor=world.users["secretary"], meeting=m, text="Thông qua nghị quyết tháng", votes_for=2)
    assert d.votes_total == 2


def test_close_requires_minutes_and_complete_attendance(world):
    m = plan(world, start=timezone.now() - dt.timedelta(hours=1))
    sec = world.users["secretary"]
    with pytest.raises(DomainError) as exc:
        services.meeting_close(actor=sec, meeting=m, expected_version=m.version, minutes="")
    assert exc.value.code == "minutes_required"
    with pytest.raises(DomainError) as exc:
        services.meeting_close(actor=sec, meeting=m, expected_version=m.version, minutes="Biên bản")
    assert exc.value.code == "attendance_incomplete"
    assert "Cang" in exc.value.message
    m.refresh_from_db()
    assert m.closed_at is None


def test_close_refuses_a_meeting_not_started_and_a_stale_page(world):
    m = plan(world, start=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(DomainError) as exc:
        services.meeting_close(actor=world.users["secretary"], meeting=m, expected_version=m.version, minutes="x")
    assert exc.value.code == "not_started"
    held = _held(world)
    with pytest.raises(StaleObjectError):
        services.meeting_close(actor=world.users["secretary"], meeting=held, expected_version=held.version - 1 + 5, minutes="x")


def test_close_records_checklist_and_then_attendance_changes_are_corrections(world):
    m = _held(world)
    sec = world.users["secretary"]
    items = [i for i in m.guideline.items.order_by("position") if i.applies(m.kind)]
    ticks = {i.pk: (i.position <= 3, "") for i in items}
    closed = services.meeting_close(actor=sec, meeting=m, expected_version=m.version, minutes="Biên bản họp chi bộ", ticks=ticks)
    assert closed.status == MeetingStatus.CLOSED and closed.closed_by == sec
    assert ChecklistTick.objects.filter(meeting=m, done=True).count() == 3
    assert ChecklistTick.objects.filter(meeting=m, done=False).count() == len(items) - 3
    p = world.people
    with pytest.raises(DomainError) as exc:
        services.attendance_record(actor=sec, meeting=closed, entries={p["pa3"].pk: ("present", "")})
    assert exc.value.code == "closed"
    with pytest.raises(DomainError) as exc:
        services.attendance_checkin(actor=world.users["member"], code=closed.code, now=closed.starts_at)
    assert exc.value.code == "wrong_code"  # a closed meeting's code is free again
    with pytest.raises(DomainError) as exc:
        services.attendance_correct(actor=sec, meeting=closed, person=p["pa3"], status="present", note="")
    assert exc.value.code == "note_required"
    row = services.attendance_correct(
        actor=sec, meeting=closed, person=p["pa3"], status="present", note="Đến muộn, thư ký ghi sót"
    )
    assert row.status == "present" and row.source == AttendanceSource.CORRECTION
    event = AuditEvent.objects.get(event_type=AuditEventType.ATTENDANCE_CORRECTED)
    assert event.before is not None and event.after is not None
    assert event.before["status"] == "excused" and event.after["status"] == "present"
    assert event.note == "Đến muộn, thư ký ghi sót"
    assert event.organization_id == world.orgs["A1"].pk


def test_update_checks_version_and_refuses_moving_a_meeting_with_attendance(world):
    m = plan(world)
    sec = world.users["secretary"]
    updated = services.meeting_update(actor=sec, meeting=m, expected_version=m.version, data={"place": "Hội trường"})
    assert updated.place == "Hội trường" and updated.version == m.version + 1
    with pytest.raises(StaleObjectError):
        services.meeting_update(actor=sec, meeting=m, expected_version=m.version, data={"place": "Khác"})
    services.attendance_record(actor=sec, meeting=updated, entries={world.people["pa"].pk: ("excused", "Ốm")})
    updated.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        later = updated.starts_at + dt.timedelta(days=3)
        services.meeting_update(
            actor=sec,
            meeting=updated,
            expected_version=updated.version,
            data={"starts_at": later, "ends_at": later + dt.timedelta(hours=1)},
        )
    assert exc.value.code == "attendance_recorded"


def test_every_write_announces_its_organization_and_month(world):
    seen: list[set] = []
    hooks.register(seen.append)
    try:
        m = plan(world)
        services.attendance_checkin(actor=world.users["member"], code=m.code, now=m.starts_at)
    finally:
        hooks.unregister(seen.append)
    key = (world.orgs["A1"].pk, m.on_date.replace(day=1))
    assert seen == [{key}, {key}]


def test_past_meetings_in_bulk(world):
    p = world.people
    start = timezone.now() - dt.timedelta(days=40)
    past = services.PastMeeting(
        organization=world.orgs["A1"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Phòng họp",
        minutes="Biên bản",
        attendance={p["pa"].pk: ("present", ""), p["pa2"].pk: ("excused", "Ốm"), p["pa3"].pk: ("present", "")},
        decisions=[("Thông qua", 2, 0, 0)],
    )
    assert services.meetings_record_past(actor=None, meetings=[past]) == 1
    m = Meeting.objects.get()
    assert m.is_closed and m.attendances.count() == 3
    bad = services.PastMeeting(**{**past.__dict__, "decisions": [("Thông qua", 3, 0, 0)]})
    with pytest.raises(DomainError):
        services.meetings_record_past(actor=None, meetings=[bad])
    stray = services.PastMeeting(**{**past.__dict__, "attendance": {p["pb"].pk: ("present", "")}, "decisions": []})
    with pytest.raises(DomainError):
        services.meetings_record_past(actor=None, meetings=[stray])
    assert Meeting.objects.count() == 1


def test_agenda_and_minutes_keep_their_lines(world):
    m = plan(world, agenda="1. Thông báo\r\n2.  Đánh giá\n\n\n\n3. Biểu quyết")
    assert m.agenda == "1. Thông báo\n2. Đánh giá\n\n3. Biểu quyết"
