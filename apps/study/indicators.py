"""The study indicator, for targets, reports and the dashboard (see ``apps.core.indicators``).

``study.participation`` (rate): over the campaigns whose covered organization lies in the question's subtrees or
contains them, with an end date in the period [start, until] (the ``campaign`` parameter keeps those of one
document symbol, e.g. ``33-CT/TW``), the members who studied over the members expected, summed over the
campaigns. Each campaign is read on its end date (see ``selectors.participation``) and counts only its part inside
the question's subtrees: a campaign of the province read for one committee counts that committee's members. A
member counts once per campaign (a term with four campaigns counts each member up to four times).

The figure reads the member-count rollup and the study credits; the evidence lists, per campaign, every member
expected with whether and when they studied, limited to what the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Evidence, Figure, Indicator, IndicatorKind, Parameter, Question
from apps.core.text import full_name
from apps.members import counts
from apps.members.indicators import outermost
from apps.members.models import Membership
from apps.organizations.models import TreePath
from apps.study.models import Campaign, StudyCredit
from apps.study.selectors import PERM_VIEW, studied_counts


def _valid_on_ref(prefix: str = "") -> Q:
    day = OuterRef("end_date")
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def campaigns_for(q: Question) -> tuple[list[int], list[Campaign]]:
    """The question's outermost roots and the campaigns it counts, in order of their end date."""
    roots = outermost(q.organization_ids, q.until)
    qs = Campaign.objects.filter(end_date__lte=q.until)
    if q.start is not None:
        qs = qs.filter(end_date__gte=q.start)
    symbol = (q.params.get("campaign") or "").strip()
    if symbol:
        qs = qs.filter(document_symbol=symbol)
    inside = TreePath.objects.filter(ancestor_id__in=roots, descendant_id=OuterRef("organization_id")).filter(_valid_on_ref())
    above = TreePath.objects.filter(ancestor_id=OuterRef("organization_id"), descendant_id__in=roots).filter(_valid_on_ref())
    return roots, list(qs.filter(Exists(inside) | Exists(above)).order_by("end_date", "id"))


def populations(campaign: Campaign, roots: Sequence[int]) -> list[int]:
    """The organizations whose subtrees a campaign counts for the question: the covered one when it lies inside a
    root, else the roots inside it (on the campaign's end date)."""
    day = campaign.end_date
    paths = TreePath.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    paths = paths.filter(
        Q(ancestor_id__in=list(roots), descendant_id=campaign.organization_id)
        | Q(ancestor_id=campaign.organization_id, descendant_id__in=list(roots))
    )
    rows = list(paths.values_list("ancestor_id", "descendant_id"))
    if any(d == campaign.organization_id for _a, d in rows):
        return [campaign.organization_id]
    return sorted({d for a, d in rows if a == campaign.organization_id})


def _figure(q: Question) -> Figure:
    roots, campaigns = campaigns_for(q)
    expected = studied = 0
    for c in campaigns:
        pops = populations(c, roots)
        expected += sum(counts.subtree_counts(pops, c.end_date).get(p, 0) for p in pops)
        studied += sum(studied_counts(c.pk, pops, c.end_date).get(p, 0) for p in pops)
    return Figure.rate(studied, expected)


# ---------------------------------------------------------------- evidence


def _rows_of(campaign: Campaign, pops: Sequence[int], user: Any) -> QuerySet[Any]:
    day = campaign.end_date
    subtree = TreePath.objects.filter(ancestor_id__in=list(pops), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    credit = StudyCredit.objects.filter(campaign_id=campaign.pk, person_id=OuterRef("person_id"), studied_on__lte=day)
    return (
        Membership.objects.open_on(day)  # type: ignore[attr-defined]
        .filter(organization_id__in=subtree.values("descendant_id"))
        .visible_to(user, PERM_VIEW)
        .annotate(
            sort_key=F("person__sort_key"),
            family=F("person__family_name"),
            middle=F("person__middle_name"),
            given=F("person__given_name"),
            org_name=F("organization__name"),
            campaign_symbol=Value(campaign.document_symbol, output_field=CharField()),
            campaign_end=Value(day, output_field=DateField()),
            campaign_id=Value(campaign.pk, output_field=IntegerField()),
            studied_on=Subquery(credit.values("studied_on")[:1], output_field=DateField()),
        )
        .order_by()
        .values(
            "sort_key",
            "person_id",
            "family",
            "middle",
            "given",
            "organization_id",
            "org_name",
            "campaign_symbol",
            "campaign_end",
            "campaign_id",
            "studied_on",
        )
    )


def _evidence(q: Question, user: Any) -> Evidence:
    roots, campaigns = campaigns_for(q)
    parts = [_rows_of(c, populations(c, roots), user) for c in campaigns]
    if not parts:
        qs: QuerySet[Any] = Membership.objects.none().values("person_id")
    elif len(parts) == 1:
        qs = parts[0].order_by("sort_key", "person_id")
    else:
        qs = parts[0].union(*parts[1:], all=True).order_by("sort_key", "person_id", "campaign_end")

    def row(r: dict[str, Any]) -> list[Any]:
        studied = r["studied_on"]
        if isinstance(studied, str):
            studied = dt.date.fromisoformat(studied)
        return [
            (full_name(r["family"], r["middle"], r["given"]), reverse("members:detail", args=[r["person_id"]])),
            (r["org_name"], reverse("organizations:detail", args=[r["organization_id"]])),
            (r["campaign_symbol"], reverse("study:campaign", args=[r["campaign_id"]])),
            str(_("Đã học tập")) if studied else str(_("Chưa học tập")),
            format_date(studied) if studied else "",
        ]

    return Evidence(
        queryset=qs,
        columns=[_("Họ và tên"), _("Tổ chức"), _("Đợt học tập"), _("Tình trạng"), _("Ngày học tập")],
        row=row,
        note=_("Đảng viên sinh hoạt trong phạm vi của từng đợt học tập vào ngày kết thúc đợt."),
    )


indicators.register(
    Indicator(
        key="study.participation",
        label=_("Tỉ lệ đảng viên học tập, quán triệt nghị quyết"),
        kind=IndicatorKind.RATE,
        unit="%",
        compute=_figure,
        evidence=_evidence,
        description=_(
            "Trong các đợt học tập nghị quyết kết thúc trong kỳ (của tổ chức được hỏi, của tổ chức trong phạm vi, hoặc "
            "của cấp trên triển khai cho tổ chức được hỏi): số đảng viên đã dự ít nhất một buổi học tập (kể cả học bù) "
            "đến ngày kết thúc đợt, trên số đảng viên sinh hoạt trong phạm vi đợt vào ngày đó; cộng qua các đợt."
        ),
        parameters=(Parameter("campaign", _("Số, ký hiệu văn bản (để trống: mọi đợt)")),),
    )
)
