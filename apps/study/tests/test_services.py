"""Study services and participation: sheets and corrections with their audit trail, make-up sessions, the
participation as of dates, transfers, scope, reporters, and the derived credits kept consistent."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.choices import Role
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError
from apps.core.models import AuditEvent
from apps.core.testing import make_person, make_user
from apps.members import services as member_services
from apps.study import credits, selectors, services
from apps.study.choices import AuditEventType, ReporterRole
from apps.study.models import SessionAttendance, StudyCredit
from apps.study.tests.world import build

pytestmark = pytest.mark.django_db
D = dt.date


def shares(part: selectors.Participation) -> dict[str, tuple[int, int]]:
    return {p.name: (p.studied, p.expected) for p in part.parts}


def test_a_sheet_is_one_audit_event_with_its_counts_and_corrections() -> None:
    w = build(with_sessions=False)
    session = services.session_plan(actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 3, 10))
    p = w.people
    result = services.attendance_record(
        actor=None, session=session, marks=[(p["an"], True), (p["binh"], True), (p["chi"], False, "Đi công tác")]
    )
    assert (result.present, result.absent, result.created, result.changed) == (2, 1, 3, 0)
    first = AuditEvent.objects.get(event_type=AuditEventType.ATTENDANCE_RECORDED)
    assert isinstance(first.after, dict)
    assert first.after["present"] == 2 and first.after["absent"] == 1 and first.before is None
    # the sheet sent again with one line changed: one more event, with that row's before and after
    result = services.attendance_record(
        actor=None, session=session, marks=[(p["an"], True), (p["binh"], True), (p["chi"], True), (p["dung"], False)]
    )
    assert (result.created, result.changed, result.unchanged) == (1, 1, 2)
    event = AuditEvent.objects.filter(event_type=AuditEventType.ATTENDANCE_RECORDED).order_by("-id").first()
    assert event is not None and isinstance(event.after, dict)
    assert event.before == {"corrected": [{"person": p["chi"].pk, "present": False, "absence_reason": "Đi công tác"}]}
    assert event.after["corrected"] == [{"person": p["chi"].pk, "present": True, "absence_reason": ""}]
    assert SessionAttendance.objects.filter(session=session).count() == 4
    assert set(StudyCredit.objects.values_list("person_id", flat=True)) == {p["an"].pk, p["binh"].pk, p["chi"].pk}


def test_participation_as_of_dates_with_a_makeup_session() -> None:
    w = build()
    part = selectors.participation(w.campaign, D(2023, 3, 1))
    assert (part.overall.studied, part.overall.expected) == (0, 8)
    part = selectors.participation(w.campaign, D(2023, 3, 12))
    assert (part.overall.studied, part.overall.expected) == (3, 8)
    assert shares(part) == {"Đảng bộ Sở Tài chính": (3, 6), "Chi bộ Sở Y tế": (0, 2)}
    done = selectors.participation(w.campaign, D(2024, 1, 1))
    assert done.day == D(2023, 5, 31) and (done.overall.studied, done.overall.expected) == (7, 8)
    assert done.overall.rate == pytest.approx(87.5)
    # the member who missed A1's session studies at the make-up, which counts from its date on
    makeup = services.session_plan(
        actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 4, 5), makeup_for=w.sessions["A1"]
    )
    services.attendance_record(actor=None, session=makeup, marks=[(w.people["dung"], True)])
    assert selectors.participation(w.campaign, D(2023, 4, 4)).overall.studied == 7
    assert selectors.participation(w.campaign, D(2023, 4, 5)).overall.studied == 8
    # drill-down: A's cells
    a = selectors.participation(w.campaign, D(2023, 6, 1), w.orgs["A"])
    assert shares(a) == {"Chi bộ Kế toán": (4, 4), "Chi bộ Ngân sách": (2, 2)}
    assert [
        (m.given_name) for m in selectors.missing_members(w.campaign, D(2023, 4, 4), w.orgs["A"], make_user(superuser=True))
    ] == ["Dũng"]
    assert credits.verify() == []


def test_makeup_rules() -> None:
    w = build()
    with pytest.raises(DomainError) as err:
        services.session_plan(
            actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 3, 5), makeup_for=w.sessions["A1"]
        )
    assert err.value.code == "makeup_before"
    with pytest.raises(DomainError) as err:
        services.session_plan(actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 6, 5))
    assert err.value.code == "outside_campaign"
    other = services.campaign_create(
        actor=None,
        organization=w.orgs["A"],
        title="Chỉ thị",
        document_symbol="05-CT/TW",
        start_date=D(2023, 1, 1),
        end_date=D(2023, 12, 31),
    )
    with pytest.raises(DomainError) as err:
        services.session_plan(
            actor=None, campaign=other, organization=w.orgs["A1"], held_on=D(2023, 4, 5), makeup_for=w.sessions["A1"]
        )
    assert err.value.code == "other_campaign"
    with pytest.raises(DomainError) as err:  # B lies outside A's subtree
        services.session_plan(actor=None, campaign=other, organization=w.orgs["B"], held_on=D(2023, 4, 5))
    assert err.value.code == "outside_subtree"


def test_a_sheet_refuses_members_of_other_organizations_and_writes_nothing() -> None:
    w = build()
    before = (SessionAttendance.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as err:
        services.attendance_record(actor=None, session=w.sessions["A2"], marks=[(w.people["em"], False), (w.people["hoa"], True)])
    assert err.value.code == "not_member" and "Hoa" in err.value.message
    assert (SessionAttendance.objects.count(), AuditEvent.objects.count()) == before
    assert SessionAttendance.objects.get(session=w.sessions["A2"], person=w.people["em"]).present


def test_a_late_correction_moves_the_figure_and_keeps_the_trail() -> None:
    w = build()
    row = SessionAttendance.objects.get(session=w.sessions["B"], person=w.people["hoa"])
    services.attendance_correct(
        actor=None, attendance=row, present=False, absence_reason="Ghi nhầm", expected_version=row.version
    )
    part = selectors.participation(w.campaign, D(2023, 6, 1))
    assert (part.overall.studied, part.overall.expected) == (6, 8)
    event = AuditEvent.objects.get(event_type=AuditEventType.ATTENDANCE_CORRECTED)
    assert isinstance(event.before, dict)
    assert event.before["present"] is True and event.after == {
        "present": False,
        "absence_reason": "Ghi nhầm",
        "person": w.people["hoa"].pk,
    }
    with pytest.raises(StaleObjectError):
        services.attendance_correct(actor=None, attendance=row, present=True, expected_version=1)
    # a correction of the regular session keeps a later make-up presence: the credit moves to the make-up's date
    makeup = services.session_plan(
        actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 4, 20), makeup_for=w.sessions["A1"]
    )
    services.attendance_record(actor=None, session=makeup, marks=[(w.people["an"], True), (w.people["dung"], True)])
    row = SessionAttendance.objects.get(session=w.sessions["A1"], person=w.people["an"])
    services.attendance_correct(actor=None, attendance=row, present=False, absence_reason="Về sớm")
    assert StudyCredit.objects.get(campaign=w.campaign, person=w.people["an"]).studied_on == D(2023, 4, 20)
    assert selectors.participation(w.campaign, D(2023, 4, 19)).overall.studied == 5
    assert credits.verify() == []


def test_members_are_counted_where_they_are_on_the_reference_date() -> None:
    w = build()
    p = w.people
    # An studied in A1 and moved to A2: counted, as studied, in A2
    member_services.member_transfer(actor=None, person=p["an"], to_organization=w.orgs["A2"], on_date=D(2023, 4, 1))
    # Hoa studied in B and moved into A1 after A1's session: A counts her as studied
    member_services.member_transfer(actor=None, person=p["hoa"], to_organization=w.orgs["A1"], on_date=D(2023, 4, 2))
    # a newcomer to A2 with no session of this campaign: expected, not studied
    make_person(w.orgs["A2"], given_name="Lan", on_date=D(2023, 4, 3))
    # Giang left the Party committee: in neither figure after that
    member_services.member_end(actor=None, person=p["giang"], on_date=D(2023, 4, 4), reason="deceased")
    a = selectors.participation(w.campaign, D(2023, 6, 1), w.orgs["A"])
    assert shares(a) == {"Chi bộ Kế toán": (3, 4), "Chi bộ Ngân sách": (2, 3)}
    assert (a.overall.studied, a.overall.expected) == (5, 7)
    # asked before the moves, the old places hold
    early = selectors.participation(w.campaign, D(2023, 3, 31), w.orgs["A"])
    assert shares(early) == {"Chi bộ Kế toán": (3, 4), "Chi bộ Ngân sách": (2, 2)}
    whole = selectors.participation(w.campaign, D(2023, 6, 1))
    assert (whole.overall.studied, whole.overall.expected) == (6, 8)
    with pytest.raises(DomainError):
        other = services.campaign_create(
            actor=None,
            organization=w.orgs["B"],
            title="x",
            document_symbol="1-NQ/ĐU",
            start_date=D(2023, 1, 1),
            end_date=D(2023, 2, 1),
        )
        selectors.participation(other, D(2023, 3, 1), w.orgs["A"])


def test_services_check_the_scope() -> None:
    w = build()
    secretary_b = make_user(role=Role.CELL_SECRETARY, organization=w.orgs["B"])
    with pytest.raises(NotVisibleError):
        services.session_plan(actor=secretary_b, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 4, 1))
    row = SessionAttendance.objects.get(session=w.sessions["A1"], person=w.people["an"])
    with pytest.raises(NotVisibleError):
        services.attendance_correct(actor=secretary_b, attendance=row, present=False)
    with pytest.raises(NotVisibleError):
        services.campaign_create(
            actor=secretary_b,
            organization=w.orgs["R"],
            title="x",
            document_symbol="x",
            start_date=D(2023, 1, 1),
            end_date=D(2023, 2, 1),
        )
    # the secretary of B sees the campaign of R that covers B, but only B's sessions
    assert list(selectors.campaigns_visible(secretary_b)) == [w.campaign]
    assert [s.organization.code for s in selectors.sessions_of(secretary_b, w.campaign)] == ["B"]
    assert selectors.default_organization(secretary_b, w.campaign) == w.orgs["B"]
    session = services.session_plan(actor=secretary_b, campaign=w.campaign, organization=w.orgs["B"], held_on=D(2023, 4, 1))
    services.attendance_record(actor=secretary_b, session=session, marks=[(w.people["khanh"], True)])


def test_reporters_roster_and_the_sessions_they_led() -> None:
    w = build()
    reporter = services.reporter_add(
        actor=None, person=w.people["an"], role=ReporterRole.REPORTER, organization=w.orgs["A"], valid_from=D(2020, 1, 1)
    )
    propagandist = services.reporter_add(
        actor=None, person=w.people["hoa"], role=ReporterRole.PROPAGANDIST, organization=w.orgs["B"], valid_from=D(2020, 1, 1)
    )
    s = services.session_plan(
        actor=None, campaign=w.campaign, organization=w.orgs["A2"], held_on=D(2023, 4, 1), reporter=reporter
    )
    with pytest.raises(DomainError) as err:  # B's propagandist does not report in A
        services.session_plan(
            actor=None, campaign=w.campaign, organization=w.orgs["A2"], held_on=D(2023, 4, 1), reporter=propagandist
        )
    assert err.value.code == "reporter_elsewhere"
    with pytest.raises(DomainError) as err:  # a session already assigned after the end date
        services.reporter_end(actor=None, reporter=reporter, valid_to=D(2023, 3, 1))
    assert err.value.code == "has_sessions"
    reporter = services.reporter_end(actor=None, reporter=reporter, valid_to=D(2023, 5, 1))
    with pytest.raises(DomainError) as err:
        services.session_plan(
            actor=None, campaign=w.campaign, organization=w.orgs["A1"], held_on=D(2023, 5, 2), reporter=reporter
        )
    assert err.value.code == "reporter_inactive"
    admin = make_user(superuser=True)
    roster = {r.person.given_name: r.n_sessions for r in selectors.reporters_visible(admin)}  # type: ignore[attr-defined]
    assert roster == {"An": 1, "Hoa": 0}
    assert list(selectors.sessions_led(admin, reporter)) == [s]
