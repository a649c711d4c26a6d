from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.organizations.models import Organization, Reorganization  # noqa: F401


class OrganizationQuerySet(ScopedQuerySet["Organization"]):
    scope_field = "pk"

    def alive_on(self, on_date: dt.date) -> Self:
        return self.filter(founded_on__lte=on_date).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on_date))

    def current(self) -> Self:
        return self.filter(ended_on__isnull=True)


class ReorganizationQuerySet(ScopedQuerySet["Reorganization"]):
    # A reorganization is visible to a user who can see any organization it touched.
    scope_field = "links__organization"

    def visible_to(self, user: Any, perm: str) -> Self:
        return super().visible_to(user, perm).distinct()
