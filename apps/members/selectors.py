"""Reads of members' records, scoped to the user and shaped for the pages that use them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from apps.core.scoping import get_visible_or_404
from apps.core.search import filter_folded, rank
from apps.core.text import fold
from apps.members.models import Membership, Person, PostHolding
from apps.organizations.models import Organization, TreePath

PERM_VIEW = "members.view"


def people_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Person]:
    return Person.objects.visible_to(user, perm)


def person_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Person:
    return get_visible_or_404(Person.objects.select_related("organization"), user, perm, pk=pk)


def members_of(
    user: Any,
    organization: Organization | None,
    *,
    on_date: dt.date,
    subtree: bool = True,
    status: str = "current",
) -> QuerySet[Person]:
    """Members of an organization (and its subtree as it stood on ``on_date``) who were active on that date."""
    qs = people_visible(user)
    active = Membership.objects.filter(valid_from__lte=on_date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
    if organization is not None:
        if subtree:
            org_ids = (
                TreePath.objects.filter(ancestor=organization, valid_from__lte=on_date)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
                .values("descendant_id")
            )
            active = active.filter(organization_id__in=org_ids)
        else:
            active = active.filter(organization=organization)
    if status == "current":
        qs = qs.filter(id__in=active.values("person_id"))
    elif status == "left":
        qs = qs.exclude(memberships__valid_to__isnull=True)
        if organization is not None:
            qs = qs.filter(organization=organization)
    return qs.select_related("organization").order_by("sort_key", "id")


def search_people(user: Any, query: str, limit: int = 50) -> list[Person]:
    """Diacritics and case ignored (đ matches d), exact matches first, then Vietnamese order."""
    query = (query or "").strip()
    if not query:
        return []
    digits = query.replace(" ", "")
    extra = Q(citizen_id=digits) | Q(card_number=digits) if digits.isdigit() else None
    qs = filter_folded(people_visible(user), query, "name_folded", extra).select_related("organization")
    candidates = list(qs.order_by("sort_key")[: max(limit * 4, 200)])
    return rank(candidates, query, lambda p: p.full_name, lambda p: p.sort_key)[:limit]


def memberships_of(person: Person) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person).select_related("organization", "home_organization").order_by("valid_from", "id")
    )


def posts_of_organization(user: Any, organization: Organization, on_date: dt.date | None = None) -> QuerySet[PostHolding]:
    qs = PostHolding.objects.visible_to(user, "organizations.view").filter(organization=organization).select_related("person")
    if on_date is not None:
        qs = qs.filter(valid_from__lte=on_date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
    return qs.order_by("post", "-valid_from")


def posts_of_person(person: Person) -> QuerySet[PostHolding]:
    return PostHolding.objects.filter(person=person).select_related("organization").order_by("-valid_from")


# ------------------------------------------------------------------ data quality


def duplicate_groups(user: Any, limit: int = 200) -> list[dict[str, Any]]:
    """Likely duplicates among the records the user may see: same citizen ID, or same name and birth date
    with diacritics ignored."""
    people = people_visible(user)
    groups: list[dict[str, Any]] = []
    by_id = (
        people.exclude(citizen_id="").values("citizen_id").annotate(n=Count("id")).filter(n__gt=1).order_by("citizen_id")[:limit]
    )
    for row in by_id:
        members = list(people.filter(citizen_id=row["citizen_id"]).select_related("organization"))
        groups.append({"reason": "citizen_id", "key": row["citizen_id"], "people": members})
    by_name = people.values("name_folded", "birth_date").annotate(n=Count("id")).filter(n__gt=1).order_by("name_folded")[:limit]
    for row in by_name:
        members = list(people.filter(name_folded=row["name_folded"], birth_date=row["birth_date"]).select_related("organization"))
        groups.append({"reason": "name_birth", "key": f"{row['name_folded']} · {row['birth_date']:%d/%m/%Y}", "people": members})
    return groups


def missing_fields(user: Any, limit: int = 500) -> QuerySet[Person]:
    """Records with an empty field that should be filled in. The card number counts only for full members (full
    on today's date): a probationary member receives the card after recognition, so none is missing yet.
    ``card_missing`` tells the page which records lack it."""
    card_missing = Q(card_number="", full_member_date__lte=timezone.localdate())
    return (
        people_visible(user)
        .filter(Q(citizen_id="") | Q(family_name="") | Q(hometown="") | Q(ethnicity="") | card_missing)
        .annotate(card_missing=ExpressionWrapper(card_missing, output_field=BooleanField()))
        .select_related("organization")
        .order_by("sort_key")[:limit]
    )


def contradictory_dates(user: Any, limit: int = 500) -> list[tuple[Person, str]]:
    """Records whose dates cannot all be true (checked with the same rules as the forms and imports)."""
    from apps.members.validation import check_person

    out: list[tuple[Person, str]] = []
    qs = people_visible(user).select_related("organization").order_by("sort_key")
    for p in qs.iterator(chunk_size=2000):
        problems = [
            msg
            for field, msg in check_person(
                {
                    f: getattr(p, f)
                    for f in ("given_name", "birth_date", "admission_date", "full_member_date", "gender", "citizen_id")
                }
            )
            if field in {"admission_date", "full_member_date", "birth_date", "citizen_id"}
        ]
        if problems:
            out.append((p, "; ".join(problems)))
            if len(out) >= limit:
                break
    return out


def name_folded_lower(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.annotate(n=Lower("name_folded"))


def prefetch_current(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.filter(valid_to__isnull=True), to_attr="open_memberships")
    )


__all__ = ["fold"]
