from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Exists, OuterRef, Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.members.models import Membership, Person, PostHolding  # noqa: F401


class PersonQuerySet(ScopedQuerySet["Person"]):
    # The organization that holds the member's record (current, or last before leaving).
    scope_field = "organization"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        from apps.core.scoping import organization_ids_for
        from apps.members.models import Membership

        # The host of a temporary transfer sees (and manages the activity of) the member while it lasts.
        hosted = Q(
            Exists(
                Membership.objects.filter(
                    person=OuterRef("pk"),
                    valid_to__isnull=True,
                    kind="temporary",
                    organization_id__in=organization_ids_for(user, perm),
                )
            )
        )
        # A member always sees their own record, never anyone else's through this clause.
        if perm == "members.view":
            return Q(user=user) | hosted
        return hosted

    def current_on(self, on_date: dt.date) -> Self:
        from apps.members.models import Membership

        open_on = Membership.objects.filter(person=OuterRef("pk"), valid_from__lte=on_date).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)
        )
        return self.filter(Exists(open_on))

    def current(self) -> Self:
        from apps.members.models import Membership

        return self.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), valid_to__isnull=True)))


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    scope_field = "person__organization"

    def open_on(self, on_date: dt.date) -> Self:
        return self.filter(valid_from__lte=on_date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))


class PostHoldingQuerySet(ScopedQuerySet["PostHolding"]):
    scope_field = "organization"
