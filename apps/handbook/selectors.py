"""Reads of the member's handbook ("Sổ tay đảng viên"): the logged-in member's own rows, and nothing more.

The handbook widens no one's view. Each read goes through the owning app's selector, its ``own_rows`` clause, or
is narrowed to the member's own record:

* the member: ``members.selectors.people_visible`` narrowed to the user (the own-record clause of ``Person``);
* the member's organizations: their own memberships open on the day; the Secretary and deputies through
  ``members.selectors.posts_of_organization`` (scoped by ``organizations.view``, which the member role holds);
* meetings: those of an organization the member belonged to on the meeting's date (the members expected, as
  ``meetings.selectors.members_on`` has it) or where the member has an attendance row (the own rows of
  ``Attendance``); the next ones from ``meetings.selectors.upcoming_for_person``;
* study: the campaigns covering the member's organizations, with the member's own marks and credit;
* ratings: ``ratings.selectors.member_history`` (the own rows of ``MemberReview``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from apps.meetings import selectors as meetings
from apps.meetings.choices import AttendanceStatus
from apps.meetings.models import Attendance, Meeting, MeetingDocument
from apps.meetings.services import checkin_margin, checkin_window
from apps.members import selectors as members
from apps.members.choices import MembershipKind, PostKind
from apps.members.models import Membership, Person, PostHolding
from apps.organizations.models import Organization, TreePath
from apps.organizations.selectors import names_on
from apps.ratings import selectors as ratings
from apps.ratings.models import MemberReview
from apps.study.models import Campaign, Session, SessionAttendance, StudyCredit

PERM_MEETINGS = "meetings.view"
LEADER_POSTS = (PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY)
#: attendance that counts as expected (present + excused + unexcused), as the meetings rollup counts it
EXPECTED = (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


# ---------------------------------------------------------------- the member and their organizations


def member_of(user: Any) -> Person | None:
    """The user's own member record (none for a login not linked to one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return members.people_visible(user).filter(user=user).select_related("organization").first()


@dataclass
class Unit:
    """An organization the member belongs to on the day, with its Secretary and deputies."""

    organization: Organization
    name: str
    temporary: bool
    leaders: list[PostHolding] = field(default_factory=list)


def units_of(user: Any, person: Person, day: dt.date) -> list[Unit]:
    """The member's organizations on ``day`` (two during a temporary transfer: the home one and the host)."""
    rows = list(members.memberships_of(person).filter(_valid_on(day)))
    names = names_on([m.organization_id for m in rows], day)
    units = []
    for m in rows:
        leaders = members.posts_of_organization(user, m.organization, day).filter(post__in=LEADER_POSTS)
        units.append(
            Unit(
                organization=m.organization,
                name=names.get(m.organization_id, m.organization.name),
                temporary=m.kind == MembershipKind.TEMPORARY,
                leaders=sorted(leaders, key=lambda p: (LEADER_POSTS.index(PostKind(p.post)), p.person.sort_key)),
            )
        )
    return units


def organization_ids(person: Person, day: dt.date) -> list[int]:
    return list(Membership.objects.filter(person=person).filter(_valid_on(day)).values_list("organization_id", flat=True))


# ---------------------------------------------------------------- meetings


def meetings_of(user: Any, person: Person) -> QuerySet[Meeting]:
    """The member's meetings: of an organization they belonged to on the meeting's date, or where they have an
    attendance row (a correction after a transfer)."""
    expected = Membership.objects.filter(
        person=person, organization_id=OuterRef("organization_id"), valid_from__lte=OuterRef("on_date")
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("on_date")))
    own = Attendance.objects.visible_to(user, PERM_MEETINGS).filter(person=person)
    return Meeting.objects.filter(Q(Exists(expected)) | Q(pk__in=own.values("meeting_id"))).select_related("organization")


def meeting_get(user: Any, person: Person, pk: int) -> Meeting:
    """One of the member's meetings; any other answers 404, like a missing one."""
    meeting = meetings_of(user, person).select_related("chair", "secretary").filter(pk=pk).first()
    if meeting is None:
        raise Http404("Không tìm thấy")
    return meeting


def document_get(meeting: Meeting, pk: int) -> MeetingDocument:
    doc = MeetingDocument.objects.filter(meeting=meeting, pk=pk).first()
    if doc is None:
        raise Http404("Không tìm thấy")
    return doc


def upcoming(person: Person, now: dt.datetime) -> list[Meeting]:
    """The member's coming meetings (with their documents), the one under way included while check-in is open."""
    return list(meetings.upcoming_for_person(person, now).filter(ends_at__gte=now - checkin_margin())[:10])


def checkin_open(meeting: Meeting, now: dt.datetime) -> bool:
    opens, closes = checkin_window(meeting)
    return meeting.closed_at is None and opens <= now <= closes


def own_attendance(user: Any, person: Person, meeting_ids: list[int]) -> dict[int, Attendance]:
    rows = Attendance.objects.visible_to(user, PERM_MEETINGS).filter(person=person, meeting_id__in=meeting_ids)
    return {a.meeting_id: a for a in rows}


@dataclass
class YearAttendance:
    year: int
    present: int
    expected: int


def attendance_in_year(user: Any, person: Person, year: int, now: dt.datetime) -> YearAttendance:
    """Present at x of y meetings held in ``year`` (y counts present and absent, not exempt), one query."""
    rows = Attendance.objects.visible_to(user, PERM_MEETINGS).filter(
        person=person, meeting__on_date__year=year, meeting__starts_at__lte=now
    )
    n = rows.aggregate(
        present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)), expected=Count("id", filter=Q(status__in=EXPECTED))
    )
    return YearAttendance(year, n["present"], n["expected"])


def past_meetings(user: Any, person: Person, year: int, now: dt.datetime) -> list[tuple[Meeting, Attendance | None]]:
    """The member's meetings held in ``year`` up to now, latest first, with the member's attendance. Two queries."""
    rows = list(meetings_of(user, person).filter(on_date__year=year, starts_at__lte=now).order_by("-starts_at", "-id"))
    marks = own_attendance(user, person, [m.pk for m in rows])
    return [(m, marks.get(m.pk)) for m in rows]


def first_year(person: Person) -> int | None:
    first = Membership.objects.filter(person=person).order_by("valid_from").values_list("valid_from", flat=True).first()
    return first.year if first else None


# ---------------------------------------------------------------- study


@dataclass
class StudyLine:
    """A campaign covering the member's organization and where the member stands."""

    campaign: Campaign
    studied_on: dt.date | None = None
    missed: SessionAttendance | None = None
    coming: list[Session] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.studied_on is not None:
            return "studied"
        if self.missed is not None:
            return "missed"
        return "planned" if self.coming else "waiting"

    @property
    def makeups(self) -> list[Session]:
        return [s for s in self.coming if s.makeup_for_id is not None]

    @property
    def next_session(self) -> Session | None:
        if self.state == "missed":
            return self.makeups[0] if self.makeups else None
        return self.coming[0] if self.coming else None


def study_of(person: Person, day: dt.date, *, ended_since: dt.date | None = None) -> list[StudyLine]:
    """The campaigns covering the member's organizations on ``day`` that are open that day (or, with
    ``ended_since``, those that ended between that date and the day), with the member's own marks, credit and
    the sessions still to come in their organizations. Four queries."""
    org_ids = organization_ids(person, day)
    if not org_ids:
        return []
    above = TreePath.objects.filter(descendant_id__in=org_ids).filter(_valid_on(day)).values("ancestor_id")
    campaigns = Campaign.objects.filter(organization_id__in=above).select_related("organization")
    if ended_since is None:
        campaigns = campaigns.filter(start_date__lte=day, end_date__gte=day).order_by("end_date", "id")
    else:
        campaigns = campaigns.filter(end_date__gte=ended_since, end_date__lt=day).order_by("-end_date", "-id")
    lines = {c.pk: StudyLine(c) for c in campaigns}
    if not lines:
        return []
    ids = list(lines)
    for campaign_id, studied_on in StudyCredit.objects.filter(person=person, campaign_id__in=ids).values_list(
        "campaign_id", "studied_on"
    ):
        lines[campaign_id].studied_on = studied_on
    for mark in (
        SessionAttendance.objects.filter(person=person, present=False, session__campaign_id__in=ids)
        .select_related("session")
        .order_by("session__held_on")
    ):
        lines[mark.session.campaign_id].missed = mark
    if ended_since is None:
        for session in (
            Session.objects.filter(campaign_id__in=ids, organization_id__in=above, held_on__gte=day)
            .select_related("organization", "reporter__person")
            .order_by("held_on", "id")
        ):
            lines[session.campaign_id].coming.append(session)
    return list(lines.values())


# ---------------------------------------------------------------- ratings


def ratings_of(user: Any, person: Person) -> list[MemberReview]:
    """The member's reviews, latest first (the member's own rows)."""
    return list(ratings.member_history(user, person))
