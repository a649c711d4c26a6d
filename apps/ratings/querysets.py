from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from apps.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod  # noqa: F401

PERM_VIEW = "ratings.view"


class ReviewPeriodQuerySet(ScopedQuerySet["ReviewPeriod"]):
    scope_field = "organization"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        """A period is seen from below too: by whoever holds ``perm`` on an organization inside its subtree (a
        cell's Secretary sees the committee's period their cell is reviewed in), and by a member in their own
        reviews."""
        from apps.core.scoping import organization_ids_for
        from apps.organizations.models import ScopePath
        from apps.ratings.models import MemberReview

        inside = ScopePath.objects.filter(
            ancestor_id=OuterRef("organization_id"), descendant_id__in=organization_ids_for(user, perm)
        )
        condition = Q(Exists(inside))
        if perm == PERM_VIEW:
            condition |= Q(Exists(MemberReview.objects.filter(period_id=OuterRef("pk"), person__user=user)))
        return condition


class MemberReviewQuerySet(ScopedQuerySet["MemberReview"]):
    # The member's organization at the period's end (a cell, or the grassroots cell itself): a cell's Secretary
    # sees the cell's reviews, the grassroots committee all of its cells'.
    scope_field = "unit"

    def own_rows(self, user: Any, perm: str) -> Q | None:
        # A member always sees their own ratings (through their own record), never anyone else's.
        if perm == PERM_VIEW:
            return Q(person__user=user)
        return None


class OrganizationReviewQuerySet(ScopedQuerySet["OrganizationReview"]):
    scope_field = "organization"
