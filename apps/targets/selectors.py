"""Reads of the targets app, scoped like everything else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from apps.core.scoping import get_visible_or_404
from apps.members.models import PostHolding
from apps.organizations.models import Organization, ReorganizationLink
from apps.targets.models import Measurement, Target, Term

PERM_VIEW = "targets.view"
PERM_CHANGE = "targets.change"


def terms_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Term]:
    return Term.objects.visible_to(user, perm).select_related("organization", "congress", "congress__held_by")


def term_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Term:
    return get_visible_or_404(terms_visible(user, perm), user, perm, pk=pk)


def term_find(user: Any, *, organization_code: str, label: str, perm: str = PERM_VIEW) -> Term:
    return get_visible_or_404(terms_visible(user, perm), user, perm, organization__code=organization_code, label=label)


def term_targets(term: Term) -> list[Target]:
    """The term's targets with what a report needs, in the order of the resolution."""
    return list(
        Target.objects.filter(resolution__term=term)
        .select_related("resolution", "resolution__term", "resolution__term__organization")
        .prefetch_related(
            "covers",
            Prefetch(
                "measurements", queryset=Measurement.objects.current().order_by("-on_date", "-id"), to_attr="current_measurements"
            ),
        )
        .order_by("resolution__issued_on", "resolution_id", "number")
    )


def target_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Target:
    qs = Target.objects.select_related("resolution", "resolution__term", "resolution__term__organization")
    return get_visible_or_404(qs, user, perm, pk=pk)


def absorbed_predecessors(org: Organization) -> list[Organization]:
    """The organizations that went whole into ``org`` (merged into it, or renamed/replaced by it), and theirs in
    turn: their records before the merger belong to ``org``'s history. A split's source, which went into
    several organizations, is not included."""
    found: dict[int, Organization] = {}
    frontier = [org.pk]
    while frontier:
        links = list(
            ReorganizationLink.objects.filter(successor_id__in=frontier, role=ReorganizationLink.Role.ENDED).select_related(
                "organization"
            )
        )
        candidates = {link.organization_id: link.organization for link in links}
        if not candidates:
            break
        went_elsewhere = set(
            ReorganizationLink.objects.filter(organization_id__in=candidates, role=ReorganizationLink.Role.ENDED)
            .exclude(successor_id__in=[org.pk, *found])
            .values_list("organization_id", flat=True)
        )
        frontier = []
        for pk, predecessor in candidates.items():
            if pk in went_elsewhere or pk in found or pk == org.pk:
                continue
            found[pk] = predecessor
            frontier.append(pk)
    return sorted(found.values(), key=lambda o: (o.founded_on, o.pk))


def covered_roots(term: Term, target: Target | None = None) -> list[Organization]:
    """The organizations whose subtrees a term's figures count: the target's own list, else the term's, else the
    term's organization and the predecessors it absorbed whole."""
    if target is not None:
        chosen = list(target.covers.all())
        if chosen:
            return chosen
    chosen = list(term.covers.all())
    if chosen:
        return chosen
    return [term.organization, *absorbed_predecessors(term.organization)]


def previous_term(term: Term) -> Term | None:
    """The term before this one, of the organization or of the predecessors it absorbed."""
    orgs = [term.organization, *absorbed_predecessors(term.organization)]
    return (
        Term.objects.filter(organization__in=orgs, end_date__lte=term.start_date + dt.timedelta(days=31))
        .exclude(pk=term.pk)
        .select_related("organization")
        .order_by("-end_date", "-pk")
        .first()
    )


def elected(term: Term) -> list[PostHolding]:
    """The posts the term's congress filled: holders recorded with the term's label in its organization."""
    return list(
        PostHolding.objects.filter(organization=term.organization, term_label=term.label)
        .select_related("person")
        .order_by("post", "valid_from", "person__sort_key")
    )


def current_term(user: Any, organization: Organization, on_date: dt.date, perm: str = PERM_VIEW) -> Term | None:
    return terms_visible(user, perm).filter(organization=organization, start_date__lte=on_date).order_by("-start_date").first()


def measurements_of(target: Target) -> QuerySet[Measurement]:
    """Every value entered for a target, the withdrawn ones included (marked), latest first."""
    return target.measurements.order_by("-on_date", "-id")


def measurement_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Measurement:
    qs = Measurement.objects.select_related("target", "target__resolution", "target__resolution__term")
    return get_visible_or_404(qs, user, perm, pk=pk)
