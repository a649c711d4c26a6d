from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.organizations.models import Organization, Reorganization  # noqa: F401


class OrganizationQuerySet(ScopedQuerySet["Organization"]):
    scope_field = "pk"

    #: who the queryset was scoped for and with which permission (``visible_to``), kept through chaining:
    #: the organization picker signs them so its search endpoint can scope again for the same user
    scoped_for: tuple[int, str] | None = None

    def visible_to(self, user: Any, perm: str) -> Self:
        qs = super().visible_to(user, perm)
        if qs is self:
            qs = self.all()
        pk = getattr(user, "pk", None)
        qs.scoped_for = (pk, perm) if pk is not None else None
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone.scoped_for = self.scoped_for
        return clone  # type: ignore[no-any-return]

    def alive_on(self, on_date: dt.date) -> Self:
        return self.filter(founded_on__lte=on_date).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on_date))

    def current(self) -> Self:
        return self.filter(ended_on__isnull=True)


class ReorganizationQuerySet(ScopedQuerySet["Reorganization"]):
    # A reorganization is visible to a user who can see any organization it touched.
    scope_field = "links__organization"

    def visible_to(self, user: Any, perm: str) -> Self:
        return super().visible_to(user, perm).distinct()
