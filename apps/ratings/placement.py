"""Where a member stood at a period's end: the organization of their membership (their cell) and the grassroots
organization above it (or the cell itself, for a grassroots cell), as the tree stood that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from apps.members.models import Membership
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.ratings.models import ReviewPeriod


@dataclass(frozen=True)
class Place:
    unit_id: int
    grassroots_id: int


def review_day(period: ReviewPeriod) -> dt.date:
    """The day a period's reviews place members on: its end, or today while it runs."""
    return min(period.end_date, timezone.localdate())


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def grassroots_of(unit_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """For each organization, the nearest grassroots organization at or above it on ``day``."""
    ids = list(set(unit_ids))
    if not ids:
        return {}
    rows = (
        TreePath.objects.filter(descendant_id__in=ids, ancestor__kind__in=list(GRASSROOTS_KINDS))
        .filter(_valid_on(day))
        .order_by("descendant_id", "depth")
        .values_list("descendant_id", "ancestor_id")
    )
    out: dict[int, int] = {}
    for descendant, ancestor in rows:
        out.setdefault(descendant, ancestor)
    return out


def in_subtree(root_id: int, org_ids: Iterable[int], day: dt.date, *, strict: bool = False) -> set[int]:
    """Those of ``org_ids`` inside ``root_id``'s subtree on ``day`` (``strict``: below it, not itself)."""
    qs = TreePath.objects.filter(ancestor_id=root_id, descendant_id__in=list(set(org_ids))).filter(_valid_on(day))
    if strict:
        qs = qs.filter(depth__gt=0)
    return set(qs.values_list("descendant_id", flat=True))


def places(period: ReviewPeriod, person_ids: Iterable[int]) -> dict[int, Place]:
    """Where each member stood on the period's review day, for those inside the period's subtree then."""
    day = review_day(period)
    units = dict(
        Membership.objects.filter(person_id__in=list(set(person_ids)))
        .filter(_valid_on(day))
        .values_list("person_id", "organization_id")
    )
    inside = in_subtree(period.organization_id, units.values(), day)
    grassroots = grassroots_of(inside, day)
    return {person: Place(unit, grassroots[unit]) for person, unit in units.items() if unit in inside and unit in grassroots}


def grassroots_in(period: ReviewPeriod) -> list[Organization]:
    """The grassroots organizations in the period's subtree on its review day, in name order."""
    day = review_day(period)
    ids = TreePath.objects.filter(ancestor_id=period.organization_id).filter(_valid_on(day)).values("descendant_id")
    return list(Organization.objects.filter(pk__in=ids, kind__in=list(GRASSROOTS_KINDS)).order_by("sort_key", "id"))
