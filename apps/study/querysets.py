from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from apps.core.scoping import ScopedQuerySet, organization_ids_for

if TYPE_CHECKING:
    from apps.study.models import Campaign, Reporter, Session, SessionAttendance  # noqa: F401


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    """A campaign belongs to the organization whose subtree it covers; those below it see it too (a cell
    secretary records the sessions of a campaign set by the committee above)."""

    scope_field = "organization"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        from apps.organizations.models import ScopePath

        below = ScopePath.objects.filter(
            ancestor_id=OuterRef("organization_id"), descendant_id__in=organization_ids_for(user, perm)
        )
        return Q(Exists(below))


class SessionQuerySet(ScopedQuerySet["Session"]):
    scope_field = "organization"


class SessionAttendanceQuerySet(ScopedQuerySet["SessionAttendance"]):
    scope_field = "session__organization"


class ReporterQuerySet(ScopedQuerySet["Reporter"]):
    scope_field = "organization"
