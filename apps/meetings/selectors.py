"""Reads of the meetings app, scoped to the user and shaped for the pages that use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.core.scoping import get_visible_or_404
from apps.meetings.choices import AttendanceStatus
from apps.meetings.models import Attendance, ChecklistItem, Meeting, Notification
from apps.members.models import Membership, Person
from apps.organizations.choices import CELL_KINDS, OrganizationKind
from apps.organizations.models import Organization

PERM_VIEW = "meetings.view"
PERM_CHANGE = "meetings.change"


def meetings_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user, perm)


def meeting_list(user: Any, *, organization: Organization | None = None, perm: str = PERM_VIEW) -> QuerySet[Meeting]:
    qs = meetings_visible(user, perm).select_related("organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.annotate(
        n_present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
        n_recorded=Count("attendances"),
    ).order_by("-starts_at", "-id")


def meeting_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Meeting:
    qs = Meeting.objects.select_related("organization", "chair", "secretary", "guideline", "closed_by")
    return get_visible_or_404(qs, user, perm, pk=pk)


def members_on(organization_id: int, on_date: dt.date) -> QuerySet[Membership]:
    return Membership.objects.filter(organization_id=organization_id, valid_from__lte=on_date).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)
    )


def expected_people(meeting: Meeting) -> QuerySet[Person]:
    """The members expected at the meeting: those whose membership in its organization was open on its date
    (members temporarily transferred in attend where they are hosted; those transferred out, there)."""
    return Person.objects.filter(id__in=members_on(meeting.organization_id, meeting.on_date).values("person_id")).order_by(
        "sort_key", "id"
    )


def is_member_on(person: Person, organization_id: int, on_date: dt.date) -> bool:
    return members_on(organization_id, on_date).filter(person=person).exists()


def attendance_sheet(meeting: Meeting) -> list[tuple[Person, Attendance | None]]:
    """Every expected member with their attendance row (or none yet), and anyone recorded who is no longer
    expected (a correction of the membership after the meeting), in Vietnamese order. Two queries."""
    people = list(expected_people(meeting))
    rows = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("person")}
    sheet: list[tuple[Person, Attendance | None]] = [(p, rows.pop(p.pk, None)) for p in people]
    sheet += [(a.person, a) for a in sorted(rows.values(), key=lambda a: a.person.sort_key)]
    return sheet


def checklist(meeting: Meeting) -> list[tuple[ChecklistItem, Any]]:
    if meeting.guideline_id is None:
        return []
    ticks = {t.item_id: t for t in meeting.ticks.all()}
    items = [
        i for i in ChecklistItem.objects.filter(guideline_id=meeting.guideline_id).order_by("position") if i.applies(meeting.kind)
    ]
    return [(i, ticks.get(i.pk)) for i in items]


def counts(meeting: Meeting) -> dict[str, int]:
    rows = dict(
        Attendance.objects.filter(meeting=meeting).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {s.value: rows.get(s.value, 0) for s in AttendanceStatus}


def present_count(meeting: Meeting) -> int:
    return Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count()


def plannable_organizations(user: Any) -> QuerySet[Organization]:
    """Current cells (and grassroots committees) on which the user may plan meetings."""
    kinds = {*CELL_KINDS, OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.SUB_COMMITTEE}
    return (
        Organization.objects.visible_to(user, PERM_CHANGE)
        .filter(ended_on__isnull=True, kind__in=kinds)
        .order_by("sort_key", "id")
    )


def upcoming_for_person(person: Person, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Open meetings of the organizations the member belongs to today, from today on."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    org_ids = Membership.objects.filter(person=person, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    )
    return (
        Meeting.objects.filter(organization_id__in=org_ids.values("organization_id"), closed_at__isnull=True, on_date__gte=today)
        .select_related("organization")
        .prefetch_related(Prefetch("documents"))
        .order_by("starts_at")
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
