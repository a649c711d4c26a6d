from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.meetings.models import Attendance, Meeting  # noqa: F401


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    scope_field = "organization"

    def open(self) -> MeetingQuerySet:
        return self.filter(closed_at__isnull=True)


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    scope_field = "meeting__organization"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        # A member always sees their own attendance (the member's pages), never anyone else's through this clause.
        if perm == "meetings.view":
            return Q(person__user=user)
        return None


class MeetingPartQuerySet(ScopedQuerySet[Any]):
    """Documents, decisions and checklist ticks: owned by their meeting's organization."""

    scope_field = "meeting__organization"
