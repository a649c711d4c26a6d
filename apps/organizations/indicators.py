"""Indicators on the organization tree (see ``apps.core.indicators``).

* ``organizations.count`` (level): the organizations inside the subtrees of the question's organizations on the
  last day counted (``question.until``), the asking organizations themselves excluded.
* ``organizations.founded`` (flow): the organizations founded in the period (a reorganization that *founded* a
  new organization: set up from nothing, or formed by a merge or split; a rename is not a founding) that lay
  inside the subtrees on their founding day. With ``sector=private_enterprise`` and ``origin=new`` this is the
  "Party organizations set up in private enterprises" of Directive 33-CT/TW.

Both take ``kind`` (a kind of organization, ``grassroots`` for grassroots committees and cells, or ``all``) and
``sector``. An organization is counted once however the subtrees overlap, and as the tree stood on the day in
question. The count reads the organization count rollup (``counts.py``: +1/-1 per closure row, by kind and sector,
summed up to the day), so its time does not grow with the tree; the foundings start from the reorganizations
dated in the period (an index on the effective date), never the whole history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Evidence, Figure, Indicator, IndicatorKind, Parameter, Question
from apps.organizations import counts
from apps.organizations.choices import GRASSROOTS_KINDS, OrganizationKind, Sector
from apps.organizations.models import Organization, OrganizationName, Reorganization, ReorganizationLink, TreePath
from apps.organizations.querysets import OrganizationQuerySet
from apps.organizations.selectors import PERM_VIEW

ALL = "all"
GRASSROOTS = "grassroots"
NEW, REORGANIZED = "new", "reorganized"

KIND = Parameter(
    "kind",
    _("Loại tổ chức"),
    ((ALL, _("Tất cả")), (GRASSROOTS, _("Tổ chức cơ sở đảng")), *OrganizationKind.choices),
)
SECTOR = Parameter("sector", _("Khối, loại hình"), ((ALL, _("Tất cả")), *Sector.choices))
ORIGIN = Parameter(
    "origin",
    _("Hình thức"),
    (
        (ALL, _("Tất cả")),
        (NEW, _("Thành lập mới")),
        (REORGANIZED, _("Hình thành do hợp nhất, chia tách")),
    ),
)


def _of_kind_and_sector(qs: OrganizationQuerySet, params: Mapping[str, str]) -> OrganizationQuerySet:
    kind = params.get("kind", ALL)
    if kind == GRASSROOTS:
        qs = qs.filter(kind__in=[k.value for k in GRASSROOTS_KINDS])
    elif kind != ALL:
        qs = qs.filter(kind=kind)
    sector = params.get("sector", ALL)
    if sector != ALL:
        qs = qs.filter(sector=sector)
    return qs


def _inside_on(roots: Sequence[int], day: Any) -> Exists:
    """The organization lies under one of ``roots`` on ``day`` (a date, or a reference to the row's date)."""
    return Exists(
        TreePath.objects.filter(
            ancestor_id__in=list(roots), descendant_id=OuterRef("pk"), depth__gt=0, valid_from__lte=day
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    )


def alive_inside(roots: Sequence[int], on_date: dt.date, params: Mapping[str, str]) -> OrganizationQuerySet:
    """The organizations inside the subtrees of ``roots`` on ``on_date`` (a closure row valid that day implies the
    organization existed then), the roots themselves excluded."""
    qs = Organization.objects.alive_on(on_date).filter(_inside_on(roots, on_date)).exclude(pk__in=list(roots))
    return _of_kind_and_sector(qs, params)


def _founding_links(start: dt.date | None, until: dt.date) -> QuerySet[ReorganizationLink]:
    reorganizations = Reorganization.objects.filter(effective_on__lte=until)
    if start is not None:
        reorganizations = reorganizations.filter(effective_on__gte=start)
    return ReorganizationLink.objects.filter(role=ReorganizationLink.Role.FOUNDED, reorganization__in=reorganizations)


def founded_inside(
    roots: Sequence[int], start: dt.date | None, until: dt.date, params: Mapping[str, str]
) -> OrganizationQuerySet:
    """The organizations founded in [start, until] that lay inside the subtrees of ``roots`` on their founding day.

    ``origin``: ``new`` for one set up from nothing (no predecessor), ``reorganized`` for one formed from others
    (a merge into a new organization, a split)."""
    links = _founding_links(start, until)
    qs = Organization.objects.filter(pk__in=links.values("organization_id"))
    origin = params.get("origin", ALL)
    if origin != ALL:
        # formed from others: its founding names a predecessor, or the same reorganization passed others into it
        formed = Q(predecessor__isnull=False) | Q(
            Exists(
                ReorganizationLink.objects.filter(
                    reorganization_id=OuterRef("reorganization_id"),
                    organization_id=OuterRef("organization_id"),
                    role=ReorganizationLink.Role.RECEIVED,
                    predecessor__isnull=False,
                )
            )
        )
        chosen = links.filter(formed) if origin == REORGANIZED else links.exclude(formed)
        qs = qs.filter(pk__in=chosen.values("organization_id"))
    qs = qs.filter(_inside_on(roots, OuterRef("founded_on"))).exclude(pk__in=list(roots))
    return _of_kind_and_sector(qs, params)


def _outermost(roots: Sequence[int], on_date: dt.date) -> list[int]:
    """The roots that do not lie inside another of them on ``on_date``: their subtrees are disjoint that day."""
    ids = sorted(set(roots))
    if len(ids) < 2:
        return ids
    inner = set(
        TreePath.objects.filter(ancestor_id__in=ids, descendant_id__in=ids, depth__gt=0, valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
        .values_list("descendant_id", flat=True)
    )
    return [i for i in ids if i not in inner]


def _count(q: Question) -> Figure:
    """From the organization count rollup (``counts.py``): one indexed range per root, whatever the tree's size.

    The roots' subtrees are made disjoint on the day (``_outermost``); an asking organization that lies inside
    another one's subtree is not counted (the asking organizations themselves are excluded)."""
    day = q.until
    outer = _outermost(q.organization_ids, day)
    kind = q.params.get("kind", ALL)
    kinds = [k.value for k in GRASSROOTS_KINDS] if kind == GRASSROOTS else None if kind == ALL else [kind]
    sector = q.params.get("sector", ALL)
    n = counts.count(outer, day, kinds, None if sector == ALL else sector)
    inner = set(q.organization_ids) - set(outer)
    if inner:
        n -= _of_kind_and_sector(Organization.objects.filter(pk__in=inner), q.params).count()
    return Figure.count(n)


def _founded(q: Question) -> Figure:
    """For one asking organization, from the founding rollup (``counts.py``): one indexed range of its rows in the
    period. For several (whose subtrees may overlap on some days), from the records, each organization once."""
    if q.start is not None and q.start > q.until:
        return Figure.count(0)
    if len(set(q.organization_ids)) == 1:
        kind = q.params.get("kind", ALL)
        kinds = [k.value for k in GRASSROOTS_KINDS] if kind == GRASSROOTS else None if kind == ALL else [kind]
        sector, origin = q.params.get("sector", ALL), q.params.get("origin", ALL)
        return Figure.count(
            counts.founded(
                q.organization_ids[0],
                q.start,
                q.until,
                kinds,
                None if sector == ALL else sector,
                None if origin == ALL else origin,
            )
        )
    return Figure.count(founded_inside(q.organization_ids, q.start, q.until, q.params).count())


# ---------------------------------------------------------------- evidence


def _name_on(day: Any) -> Coalesce:
    name = OrganizationName.objects.filter(organization_id=OuterRef("pk"), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    return Coalesce(Subquery(name.values("name")[:1]), F("name"))


def _cells(o: Organization) -> list[Any]:
    return [
        o.code,
        (getattr(o, "name_then", o.name), reverse("organizations:detail", args=[o.pk])),
        o.get_kind_display(),
        o.get_sector_display(),
        format_date(o.founded_on),
    ]


COLUMNS = [_("Mã"), _("Tên tổ chức"), _("Loại tổ chức"), _("Khối, loại hình"), _("Ngày thành lập")]


def _count_evidence(q: Question, user: Any) -> Evidence:
    qs = (
        alive_inside(q.organization_ids, q.until, q.params)
        .visible_to(user, PERM_VIEW)
        .annotate(name_then=_name_on(q.until))
        .order_by("sort_key", "id")
    )
    return Evidence(
        queryset=qs,
        columns=COLUMNS,
        row=_cells,
        note=_("Tổ chức đang hoạt động ngày %(d)s.") % {"d": format_date(q.until)},
    )


def _founded_evidence(q: Question, user: Any) -> Evidence:
    founding = ReorganizationLink.objects.filter(organization_id=OuterRef("pk"), role=ReorganizationLink.Role.FOUNDED).order_by(
        "id"
    )
    qs = (
        founded_inside(q.organization_ids, q.start, q.until, q.params)
        .visible_to(user, PERM_VIEW)
        .annotate(
            name_then=_name_on(OuterRef("founded_on")),
            decision_symbol=Subquery(founding.values("reorganization__decision_symbol")[:1]),
            decision_date=Subquery(founding.values("reorganization__decision_date")[:1]),
        )
        .order_by("founded_on", "sort_key", "id")
    )
    return Evidence(
        queryset=qs,
        columns=[*COLUMNS, _("Quyết định"), _("Ngày quyết định")],
        row=lambda o: [*_cells(o), o.decision_symbol, format_date(o.decision_date)],
    )


ORGANIZATIONS = _("tổ chức")
AS_STOOD = _("Tính theo cây tổ chức vào ngày đó, không kể chính các tổ chức được hỏi; mỗi tổ chức chỉ được tính một lần.")

indicators.register(
    Indicator(
        key="organizations.count",
        label=_("Số tổ chức đảng"),
        kind=IndicatorKind.LEVEL,
        unit=ORGANIZATIONS,
        compute=_count,
        evidence=_count_evidence,
        description=format_lazy(
            "{}{}",
            _("Số tổ chức đảng trực thuộc (theo loại, khối) đang hoạt động vào ngày cuối kỳ (hoặc ngày xem, nếu sớm hơn). "),
            AS_STOOD,
        ),
        parameters=(KIND, SECTOR),
    )
)
indicators.register(
    Indicator(
        key="organizations.founded",
        label=_("Số tổ chức đảng được thành lập"),
        kind=IndicatorKind.FLOW,
        unit=ORGANIZATIONS,
        compute=_founded,
        evidence=_founded_evidence,
        description=format_lazy(
            "{}{}",
            _(
                "Số tổ chức đảng được thành lập trong kỳ theo quyết định thành lập (thành lập mới, hoặc hình thành do "
                "hợp nhất, chia tách; đổi tên không tính), theo loại và khối, ví dụ tổ chức đảng trong doanh nghiệp "
                "ngoài khu vực nhà nước. "
            ),
            AS_STOOD,
        ),
        parameters=(KIND, SECTOR, ORIGIN),
    )
)
