"""Reads of the ratings app, scoped with ``visible_to(user, "ratings.view")`` like everything else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core.scoping import allowed_among, get_visible_or_404
from apps.members.models import Membership, Person
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.organizations.selectors import names_on
from apps.ratings import placement
from apps.ratings.choices import LEVELS, Level
from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod

PERM_VIEW = "ratings.view"
PERM_PROPOSE = "ratings.propose"
PERM_DECIDE = "ratings.decide"


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


# ---------------------------------------------------------------- periods


def periods_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[ReviewPeriod]:
    return ReviewPeriod.objects.visible_to(user, perm).select_related("organization")


def period_get(user: Any, pk: int, perm: str = PERM_VIEW) -> ReviewPeriod:
    return get_visible_or_404(ReviewPeriod.objects.select_related("organization"), user, perm, pk=pk)


def periods_for(user: Any, organization: Organization) -> QuerySet[ReviewPeriod]:
    """The visible periods whose subtree holds ``organization`` (on their end dates), latest first."""
    holding = TreePath.objects.filter(descendant=organization).values("ancestor_id")
    return periods_visible(user).filter(organization_id__in=holding).order_by("-end_date", "id")


# ---------------------------------------------------------------- the member's own review


def own_record(user: Any) -> Person | None:
    """The member record linked to the user's account (None for an account without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def own_period(user: Any, pk: int) -> tuple[ReviewPeriod, Person]:
    """A period that reviews the user's own record (placed in its subtree on its review day), with the record;
    any other answers 404. A member holds no ``ratings.view``: this is their own row, read through their record."""
    person = own_record(user)
    period = ReviewPeriod.objects.select_related("organization").filter(pk=pk).first()
    if person is None or period is None or period.start_date > timezone.localdate():
        raise Http404
    if person.pk not in placement.places(period, [person.pk]):
        raise Http404
    return period, person


def own_reviews(user: Any, limit: int = 10) -> list[tuple[ReviewPeriod, MemberReview | None]]:
    """The periods that review the user's own record, latest first, with the review where one is recorded: the
    periods of the organizations above any organization the member has belonged to, placed one by one."""
    person = own_record(user)
    if person is None:
        return []
    units = Membership.objects.filter(person=person).values("organization_id")
    above = TreePath.objects.filter(descendant_id__in=units).values("ancestor_id")
    candidates = (
        ReviewPeriod.objects.filter(organization_id__in=above, start_date__lte=timezone.localdate())
        .select_related("organization")
        .order_by("-end_date", "-id")[: limit * 2]
    )
    periods = [p for p in candidates if person.pk in placement.places(p, [person.pk])][:limit]
    reviews = {r.period_id: r for r in MemberReview.objects.filter(person=person, period__in=periods)}
    return [(p, reviews.get(p.pk)) for p in periods]


def placed_within(user: Any, period: ReviewPeriod, person_ids: list[int], perm: str) -> bool:
    """Whether every one of these members stood, on the period's review day, in an organization of the period where
    the user holds ``perm`` (the services' own check, made before a refusal could name someone outside scope)."""
    found = placement.places(period, person_ids)
    if any(pid not in found for pid in person_ids):
        return False
    units = {p.unit_id for p in found.values()}
    return units <= allowed_among(user, perm, list(units))


# ---------------------------------------------------------------- a period's members


@dataclass
class MemberRow:
    person: Person
    unit: Organization
    review: MemberReview | None
    can_propose: bool = False

    @property
    def level(self) -> str:
        return self.review.level if self.review else ""

    @property
    def picked_proposal(self) -> str:
        return self.review.proposed_level if self.review else ""

    @property
    def picked_decision(self) -> str:
        """What the decision's select starts at: the decision, else the cell's proposal."""
        return (self.review.decided_level or self.review.proposed_level) if self.review else ""


def member_rows(user: Any, period: ReviewPeriod, organization: Organization) -> list[MemberRow]:
    """The members of ``organization``'s subtree on the period's review day, with their reviews, limited to the
    cells the user may see: four queries whatever the size."""
    day = placement.review_day(period)
    subtree = TreePath.objects.filter(ancestor=organization).filter(_valid_on(day)).values("descendant_id")
    memberships = list(
        Membership.objects.filter(organization_id__in=subtree)
        .filter(_valid_on(day))
        .select_related("person", "organization")
        .order_by("person__sort_key", "person_id")
    )
    units = {m.organization_id for m in memberships}
    visible = allowed_among(user, PERM_VIEW, list(units))
    own = getattr(getattr(user, "member_record", None), "pk", None) if getattr(user, "is_authenticated", False) else None
    memberships = [m for m in memberships if m.organization_id in visible or m.person_id == own]
    reviews = {
        r.person_id: r
        for r in MemberReview.objects.filter(period=period, person_id__in=[m.person_id for m in memberships]).select_related(
            "unit"
        )
    }
    proposing = allowed_among(user, PERM_PROPOSE, list(units))
    return [
        MemberRow(
            person=m.person, unit=m.organization, review=reviews.get(m.person_id), can_propose=m.organization_id in proposing
        )
        for m in memberships
    ]


def organization_rows(user: Any, period: ReviewPeriod) -> list[tuple[Organization, OrganizationReview | None]]:
    """The grassroots organizations below the period's organization on its review day, with their reviews."""
    orgs = [o for o in placement.grassroots_in(period) if o.pk != period.organization_id]
    visible = allowed_among(user, PERM_VIEW, [o.pk for o in orgs])
    orgs = [o for o in orgs if o.pk in visible]
    reviews = {r.organization_id: r for r in OrganizationReview.objects.filter(period=period, organization__in=orgs)}
    names = names_on([o.pk for o in orgs], placement.review_day(period))
    for o in orgs:
        o.name_then = names.get(o.pk, o.name)  # type: ignore[attr-defined]
    return [(o, reviews.get(o.pk)) for o in orgs]


@dataclass
class OrgRow:
    """An organization the period's committee rates, its review, and which steps the user may record on it."""

    organization: Organization
    review: OrganizationReview | None
    can_self: bool = False
    can_propose: bool = False
    can_decide: bool = False

    @property
    def self_open(self) -> bool:
        return self.can_self and not (self.review and (self.review.proposed_level or self.review.decided_level))

    @property
    def propose_open(self) -> bool:
        return self.can_propose and not (self.review and self.review.decided_level)

    @property
    def picked_decision(self) -> str:
        return (self.review.decided_level or self.review.proposed_level) if self.review else ""


def rated_organizations(period: ReviewPeriod) -> list[Organization]:
    """The organizations the period's committee rates, as the tree stood on the review day: the grassroots
    organizations below it, and when it is itself a grassroots committee, its cells. In name order."""
    day = placement.review_day(period)
    below = TreePath.objects.filter(ancestor_id=period.organization_id, depth__gt=0).filter(_valid_on(day))
    if period.organization.kind in GRASSROOTS_KINDS:
        below = below.filter(depth=1)
        orgs = Organization.objects.filter(pk__in=below.values("descendant_id"))
    else:
        orgs = Organization.objects.filter(pk__in=below.values("descendant_id"), kind__in=list(GRASSROOTS_KINDS))
    return list(orgs.order_by("sort_key", "id"))


def organization_review_rows(user: Any, period: ReviewPeriod) -> list[OrgRow]:
    """The rated organizations the user may see, each with its review and the steps the user may record: its own
    self-assessment (``ratings.propose`` or ``ratings.decide`` on it), the proposal and the decision (on the
    period's organization). A fixed number of queries whatever the size."""
    orgs = rated_organizations(period)
    ids = [o.pk for o in orgs]
    visible = allowed_among(user, PERM_VIEW, ids)
    orgs = [o for o in orgs if o.pk in visible]
    ids = [o.pk for o in orgs]
    reviews = {
        r.organization_id: r
        for r in OrganizationReview.objects.filter(period=period, organization_id__in=ids).select_related("period")
    }
    own = allowed_among(user, PERM_PROPOSE, ids) | allowed_among(user, PERM_DECIDE, ids)
    propose = bool(allowed_among(user, PERM_PROPOSE, [period.organization_id]))
    decide = bool(allowed_among(user, PERM_DECIDE, [period.organization_id]))
    names = names_on(ids, placement.review_day(period))
    for o in orgs:
        o.name_then = names.get(o.pk, o.name)  # type: ignore[attr-defined]
    # The committee that proposes or decides sees the self-assessments as the organizations wrote them; its right to
    # record one for them (its scope runs down the tree) is left to the services and the API, not offered here.
    above = propose or decide
    return [
        OrgRow(o, reviews.get(o.pk), can_self=o.pk in own and not above, can_propose=propose, can_decide=decide) for o in orgs
    ]


# ---------------------------------------------------------------- shares per level


@dataclass
class Shares:
    """Decided levels counted (as of a date) for a subtree, with the share of each."""

    organization: Organization
    counts: dict[str, int] = field(default_factory=dict)
    undecided: int = 0
    children: list[Shares] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return sum(self.counts.values())

    def share(self, level: str) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(self.counts.get(level, 0)) * 100 / Decimal(self.decided)).quantize(Decimal("0.1"))

    @property
    def levels(self) -> list[tuple[str, str, int, Decimal | None]]:
        return [(lv.value, str(lv.label), self.counts.get(lv, 0), self.share(lv)) for lv in LEVELS]

    @property
    def good_or_above(self) -> int:
        return self.counts.get(Level.EXCELLENT, 0) + self.counts.get(Level.GOOD, 0)


def member_shares(user: Any, period: ReviewPeriod, organization: Organization, as_of: dt.date | None = None) -> Shares:
    """Members' decided levels in ``organization``'s subtree (on the period's review day) as of ``as_of`` (decisions
    made by then), rolled up, with one row per organization directly below for the drill-down. Three queries."""
    day = placement.review_day(period)
    as_of = as_of or dt.date.max
    subtree = TreePath.objects.filter(ancestor=organization).filter(_valid_on(day))
    reviews = MemberReview.objects.visible_to(user, PERM_VIEW).filter(period=period, unit_id__in=subtree.values("descendant_id"))
    decided = Q(decided_on__lte=as_of) & ~Q(decided_level="")
    rows = list(
        reviews.values("unit_id").annotate(
            **{lv.value: Count("id", filter=decided & Q(decided_level=lv.value)) for lv in LEVELS},
            undecided=Count("id", filter=~decided),
        )
    )
    # each unit under the child of ``organization`` that holds it that day
    children_ids = list(subtree.filter(depth=1).values_list("descendant_id", flat=True))
    under = dict(
        TreePath.objects.filter(ancestor_id__in=children_ids, descendant_id__in=[r["unit_id"] for r in rows])
        .filter(_valid_on(day))
        .values_list("descendant_id", "ancestor_id")
    )
    children = {o.pk: o for o in Organization.objects.filter(pk__in=children_ids)}
    names = names_on([*children_ids, organization.pk], day)
    for o in [*children.values(), organization]:
        o.name_then = names.get(o.pk, o.name)  # type: ignore[attr-defined]
    top = Shares(organization)
    per_child: dict[int, Shares] = {}
    for r in rows:
        targets = [top]
        child = under.get(r["unit_id"])
        if child is not None:
            targets.append(per_child.setdefault(child, Shares(children[child])))
        for s in targets:
            for lv in LEVELS:
                s.counts[lv] = s.counts.get(lv, 0) + r[lv.value]
            s.undecided += r["undecided"]
    top.children = sorted(per_child.values(), key=lambda s: (s.organization.sort_key, s.organization.pk))
    for lv in LEVELS:
        top.counts.setdefault(lv, 0)
    return top


def reviews_at_level(user: Any, period: ReviewPeriod, organization: Organization, level: str) -> QuerySet[MemberReview]:
    """The reviews behind one cell of the shares table (decided at ``level``; '' for undecided)."""
    day = placement.review_day(period)
    subtree = TreePath.objects.filter(ancestor=organization).filter(_valid_on(day)).values("descendant_id")
    qs = MemberReview.objects.visible_to(user, PERM_VIEW).filter(period=period, unit_id__in=subtree, decided_level=level)
    return qs.select_related("person", "unit", "organization").order_by("person__sort_key", "id")


# ---------------------------------------------------------------- history


def member_history(user: Any, person: Person) -> QuerySet[MemberReview]:
    """A member's reviews across the years, latest first (the member sees their own)."""
    return (
        MemberReview.objects.visible_to(user, PERM_VIEW)
        .filter(person=person)
        .select_related("period", "period__organization", "organization", "unit")
        .order_by("-period__end_date", "-id")
    )


def organization_history(user: Any, organization: Organization) -> QuerySet[OrganizationReview]:
    return (
        OrganizationReview.objects.visible_to(user, PERM_VIEW)
        .filter(organization=organization)
        .select_related("period", "period__organization")
        .order_by("-period__end_date", "-id")
    )


def grassroots_choices(user: Any, period: ReviewPeriod) -> list[Organization]:
    """The grassroots organizations of the period the user may see (or that hold a cell the user may see)."""
    orgs = placement.grassroots_in(period)
    if not orgs:
        return []
    day = placement.review_day(period)
    ids = [o.pk for o in orgs]
    direct = allowed_among(user, PERM_VIEW, ids)
    cells = dict(
        TreePath.objects.filter(ancestor_id__in=[i for i in ids if i not in direct])
        .filter(_valid_on(day))
        .values_list("descendant_id", "ancestor_id")
    )
    through = {cells[c] for c in allowed_among(user, PERM_VIEW, list(cells))}
    return [o for o in orgs if o.pk in direct or o.pk in through]
