"""Indicators on ratings, for targets, reports and the dashboard (see ``apps.core.indicators``).

* ``ratings.member_share`` (rate): of the members whose review was decided, the share decided at ``level``
  (excellent, good or above, pass or above, fail);
* ``ratings.organization_share`` (rate): the same for the organizations reviewed (the grassroots ones, unless
  ``kind=all``).

Which reviews count: those of the periods ending in [start, until] (for a target judged each year, the year's
periods), whose decision was made by the day asked (``as_of``: a decision of January counts for the year before
once it is made), for members whose grassroots organization (or for organizations reviewed) lay in one of the
question's subtrees on the period's end date. Each review is counted once however the subtrees overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Evidence, Figure, Indicator, IndicatorKind, Parameter, Question
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import TreePath
from apps.ratings.choices import SHARE_LEVELS, ShareOf
from apps.ratings.models import MemberReview, OrganizationReview

PERM_VIEW = "ratings.view"
LEVEL = Parameter("level", _("Mức xếp loại"), tuple((c.value, c.label) for c in ShareOf))
GRASSROOTS, ALL = "grassroots", "all"
KIND = Parameter(
    "kind", _("Tổ chức được tính"), ((GRASSROOTS, _("Tổ chức cơ sở đảng")), (ALL, _("Mọi tổ chức đảng được xếp loại")))
)


def _levels(q: Question) -> frozenset[str]:
    return SHARE_LEVELS[q.params.get("level", ShareOf.GOOD_OR_ABOVE)]


def _under(roots: Sequence[int]) -> Exists:
    """The reviewed organization lay in one of ``roots``' subtrees on the period's end date."""
    return Exists(
        TreePath.objects.filter(
            ancestor_id__in=list(roots), descendant_id=OuterRef("organization_id"), valid_from__lte=OuterRef("period__end_date")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("period__end_date")))
    )


def decided(model: Any, q: Question) -> QuerySet[Any]:
    """The decided reviews a question counts (organizations: the grassroots ones unless ``kind=all``)."""
    qs = model.objects.filter(period__end_date__lte=q.until, decided_on__lte=q.as_of).exclude(decided_level="")
    if model is OrganizationReview and q.params.get("kind", GRASSROOTS) == GRASSROOTS:
        qs = qs.filter(organization__kind__in=list(GRASSROOTS_KINDS))
    if q.start is not None:
        qs = qs.filter(period__end_date__gte=q.start)
    return qs.filter(_under(q.organization_ids))


def _figure(model: Any, q: Question) -> Figure:
    totals = decided(model, q).aggregate(n=Count("id"), hit=Count("id", filter=Q(decided_level__in=list(_levels(q)))))
    return Figure.rate(totals["hit"], totals["n"])


def _note(q: Question) -> str:
    return str(_('Các bản xếp loại đã có quyết định đến ngày %(d)s; cột "Tính vào tỉ lệ" đánh dấu tử số.')) % {
        "d": format_date(q.as_of)
    }


def _member_evidence(q: Question, user: Any) -> Evidence:
    levels = _levels(q)
    qs = (
        decided(MemberReview, q)
        .visible_to(user, PERM_VIEW)  # type: ignore[attr-defined]
        .select_related("person", "organization", "period")
        .order_by("-period__end_date", "organization__sort_key", "person__sort_key", "id")
    )
    return Evidence(
        queryset=qs,
        columns=[
            _("Họ và tên"),
            _("Tổ chức cơ sở đảng"),
            _("Đợt"),
            _("Xếp loại"),
            _("Ngày quyết định"),
            _("Số quyết định"),
            _("Tính vào tỉ lệ"),
        ],
        row=lambda r: [
            (r.person.full_name, reverse("members:detail", args=[r.person_id])),
            r.organization.name,
            (r.period.title, reverse("ratings:period", args=[r.period_id])),
            r.get_decided_level_display(),
            format_date(r.decided_on),
            r.decision_symbol,
            "✓" if r.decided_level in levels else "",
        ],
        note=_note(q),
    )


def _organization_evidence(q: Question, user: Any) -> Evidence:
    levels = _levels(q)
    qs = (
        decided(OrganizationReview, q)
        .visible_to(user, PERM_VIEW)  # type: ignore[attr-defined]
        .select_related("organization", "period")
        .order_by("-period__end_date", "organization__sort_key", "id")
    )
    return Evidence(
        queryset=qs,
        columns=[_("Tổ chức"), _("Đợt"), _("Xếp loại"), _("Ngày quyết định"), _("Số quyết định"), _("Tính vào tỉ lệ")],
        row=lambda r: [
            (r.organization.name, reverse("organizations:detail", args=[r.organization_id])),
            (r.period.title, reverse("ratings:period", args=[r.period_id])),
            r.get_decided_level_display(),
            format_date(r.decided_on),
            r.decision_symbol,
            "✓" if r.decided_level in levels else "",
        ],
        note=_note(q),
    )


WHICH = _(
    "Tính trên các bản xếp loại đã có quyết định của cấp ủy (đến ngày xem), thuộc các đợt kết thúc trong kỳ; "
    "mỗi bản được tính theo cây tổ chức vào ngày kết thúc đợt và chỉ tính một lần."
)

indicators.register(
    Indicator(
        key="ratings.member_share",
        label=_("Tỉ lệ đảng viên theo mức xếp loại"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=lambda q: _figure(MemberReview, q),
        evidence=_member_evidence,
        description=WHICH,
        parameters=(LEVEL,),
    )
)
indicators.register(
    Indicator(
        key="ratings.organization_share",
        label=_("Tỉ lệ tổ chức đảng theo mức xếp loại"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=lambda q: _figure(OrganizationReview, q),
        evidence=_organization_evidence,
        description=format_lazy("{} {}", WHICH, _("Mặc định chỉ tính các tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở).")),
        parameters=(LEVEL, KIND),
    )
)
