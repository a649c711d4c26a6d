"""The Standing Committee's dashboard: which term to show, the figures of its targets, two small charts drawn on
the server (inline SVG, no script), and the drill-down of one computed target into the organizations below.

Nothing here is stored. The targets come from :func:`apps.targets.report.build`, so the dashboard and the term
report can never disagree; the drill-down asks the target's own indicator the same question (same period, same
day) about each child's subtree, as the tree stood on the last day counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core import indicators
from apps.core.dates import format_date
from apps.core.indicators import Figure, IndicatorKind, Question
from apps.core.scoping import allowed_among
from apps.organizations import selectors as org_selectors
from apps.organizations.models import Organization, ScopePath, TreePath
from apps.targets import report, selectors
from apps.targets.choices import Comparator, Status, TargetKind
from apps.targets.models import Target, Term
from apps.targets.report import Row, TermReport
from apps.targets.results import Result, evaluate

PERM_VIEW = selectors.PERM_VIEW

#: the order statuses are listed in (best first), and the ones a finished term can still have
STATUS_ORDER = (Status.EXCEEDED, Status.ACHIEVED, Status.ON_TRACK, Status.OFF_TRACK, Status.NOT_ACHIEVED, Status.NO_DATA)
FINAL_STATUSES = (Status.EXCEEDED, Status.ACHIEVED, Status.NOT_ACHIEVED, Status.NO_DATA)
ATTENTION = (Status.OFF_TRACK, Status.NOT_ACHIEVED)


def dash(day: dt.date) -> str:
    return format_date(day, "dash")


def dashboard_url(**params: Any) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("targets:dashboard") + ("?" + urlencode(query) if query else "")


def alive_day(org: Organization, day: dt.date) -> dt.date | None:
    """``day``, or the organization's last day when it had ended by then; None before it was founded."""
    if day < org.founded_on:
        return None
    if org.ended_on is not None and day >= org.ended_on:
        return max(org.founded_on, org.ended_on - dt.timedelta(days=1))
    return day


# ---------------------------------------------------------------- which organization, which term


#: how many levels below the tops of the user's tree the dashboard looks for a committee with a term
SEARCH_DEPTH = 8


def top_organization_with_term(user: Any, day: dt.date) -> Organization | None:
    """The highest organization (in the tree as it stands now) with a term the user may see, begun by ``day``:
    looked for level by level below the tops of the user's tree, so a national tree costs a few index reads
    rather than a sort of every term."""
    visible = Organization.objects.visible_to(user, PERM_VIEW)
    above = ScopePath.objects.filter(descendant=OuterRef("pk"), depth__gt=0, ancestor__in=visible.values("pk"))
    tops = list(visible.exclude(Exists(above)).values_list("pk", flat=True)[:500])
    if not tops:
        return None
    terms = selectors.terms_visible(user).filter(start_date__lte=day)
    for depth in range(SEARCH_DEPTH + 1):
        term = (
            terms.filter(organization__scope_ancestors__ancestor_id__in=tops, organization__scope_ancestors__depth=depth)
            .order_by("organization__sort_key", "-start_date")
            .first()
        )
        if term is not None:
            return term.organization
    return None


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def term_roots(term: Term) -> list[int]:
    return [o.pk for o in selectors.covered_roots(term)]


def within_term(roots: list[int], org: Organization, day: dt.date) -> bool:
    """Whether ``org`` lay (on ``day``) in the subtree of one of the organizations a term counts (``roots``):
    the committee, or the committees it was formed from for a day before the merger."""
    return TreePath.objects.filter(_valid_on(day), ancestor_id__in=roots, descendant=org).exists()


def inherited_term(user: Any, org: Organization, day: dt.date, wanted: int | None) -> Term | None:
    """For an organization without a term of its own: ``wanted`` (the term of the link followed) when the
    organization lay within what that term counts, else the term of the nearest organization above it (on
    ``day``) that the user may see."""
    tree_day = alive_day(org, day) or org.founded_on
    if wanted is not None:
        term = selectors.terms_visible(user).filter(pk=wanted).first()
        if term is not None and term.organization_id != org.pk and within_term(term_roots(term), org, tree_day):
            return term
    ancestors = dict(
        TreePath.objects.filter(_valid_on(tree_day), descendant=org, depth__gt=0).values_list("ancestor_id", "depth")
    )
    if not ancestors:
        return None
    terms = list(selectors.terms_visible(user).filter(organization_id__in=ancestors, start_date__lte=day))
    terms.sort(key=lambda t: (ancestors[t.organization_id], -t.start_date.toordinal()))
    return terms[0] if terms else None


# ---------------------------------------------------------------- charts (inline SVG geometry)


@dataclass
class StatusBar:
    status: str
    label: str
    count: int
    width: float  # percent of the bar's length: the share of all targets


@dataclass
class StatusChart:
    bars: list[StatusBar]
    total: int


def status_chart(summary: Any, finished: bool) -> StatusChart:
    """One bar per status: the number of targets with it, as a share of all of them."""
    counts = {
        Status.EXCEEDED: summary.exceeded,
        Status.ACHIEVED: summary.achieved,
        Status.ON_TRACK: summary.on_track,
        Status.OFF_TRACK: summary.off_track,
        Status.NOT_ACHIEVED: summary.not_achieved,
        Status.NO_DATA: summary.no_data,
    }
    shown = FINAL_STATUSES if finished else STATUS_ORDER
    top = max([summary.total, 1])
    bars = [StatusBar(s, str(Status(s).label), counts[s], round(100 * counts[s] / top, 1)) for s in shown]
    return StatusChart(bars, summary.total)


@dataclass
class GoalBar:
    number: int
    label: str
    title: str
    value_text: str
    status: str
    url: str
    width: float  # percent of the bar's length
    beyond: bool  # the value lies beyond the right end of the scale


@dataclass
class GoalChart:
    bars: list[GoalBar]
    goal_x: float  # percent of the bar's length where the goal lies


#: the goal sits at this share of the bar's length; values up to SCALE times the goal fit
GOAL_AT = Decimal("0.66")
SCALE = 1 / GOAL_AT


def goal_chart(rows: list[Row], results: list[Result]) -> GoalChart:
    """Each target's result as a share of its goal: the goal is a line at two thirds of the bar. The labels are
    text of the page (they wrap and shorten with the width); the bars are drawn in SVG."""
    bars: list[GoalBar] = []
    for row, result in zip(rows, results, strict=True):
        t = result.target
        if t.comparator == Comparator.BY_DATE:
            ratio: Decimal | None = (
                Decimal(1) if result.done_on is not None else (Decimal(0) if result.value is not None else None)
            )
            shown = row.result or "—"
        else:
            if result.value is None or t.goal is None:
                ratio = None
            elif t.goal == 0:
                ratio = Decimal(1) if result.value == 0 else SCALE
            else:
                ratio = result.value / t.goal
            shown = f"{report.with_unit(result.value, t) or '—'} / {report.with_unit(t.goal, t)}"
        width = 0.0 if ratio is None else float(min(max(ratio, Decimal(0)), SCALE) * GOAL_AT * 100)
        bars.append(
            GoalBar(
                number=row.number,
                label=" ".join(row.statement.split()),
                title=f"{row.number}. {row.statement}: {shown} ({row.status_label})",
                value_text=shown,
                status=row.status,
                url=row.evidence_url,
                width=round(width, 1),
                beyond=ratio is not None and ratio > SCALE,
            )
        )
    return GoalChart(bars, float(GOAL_AT * 100))


# ---------------------------------------------------------------- drill-down


@dataclass
class DrillRow:
    organization: Organization
    name: str
    figure: Figure
    text: str
    share: int  # percent of the largest value among the rows, for the bar
    dashboard_url: str
    evidence_url: str


@dataclass
class Drill:
    target: Target
    index: int
    period_label: str
    periods: list[tuple[int, str, str]]  # index, label, url
    day: dt.date  # the tree is read on this day (the last day counted)
    parent_name: str
    rows: list[DrillRow]
    total_text: str
    total_figure: Figure
    started: bool = True
    note: str = ""
    order: str = ""  # "" by name, HIGH or LOW by value
    orders: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # value, label, url


#: the drill-down's orders (``?sap_xep=``): by name (the tree's order), highest value first, lowest first
HIGH, LOW = "cao", "thap"


def _figure_text(figure: Figure, target: Target) -> str:
    if figure.value is None:
        return "—"
    text = report.with_unit(figure.value, target)
    if figure.numerator is not None and figure.denominator is not None:
        text += f" ({report.vn_number(figure.numerator)}/{report.vn_number(figure.denominator)})"
    return text


def period_index(result: Result, raw: str | None) -> int:
    """The period asked (``ky``), else the last one that has begun."""
    if raw is not None and raw.isdigit() and int(raw) < len(result.readings):
        return int(raw)
    started = [i for i, q in enumerate(result.questions) if q is not None]
    return started[-1] if started else len(result.readings) - 1


def drill(
    user: Any,
    term: Term,
    result: Result,
    index: int,
    under: Organization,
    as_of: dt.date,
    question: Question | None = None,
    order: str = "",
) -> Drill:
    """The target's indicator over each organization directly below ``under`` (its subtree), for the period
    ``index`` of the target, the tree read on the last day counted. For the term's own organization, the
    organizations the term covers when there are several alive on that day (the committees before a merger)."""
    target = result.target
    periods = [
        (i, r.label, dashboard_url(to_chuc=under.pk, nhiem_ky=term.pk, chi_tieu=target.pk, ky=i, ngay=dash(as_of)))
        for i, r in enumerate(result.readings)
    ]
    base = question or result.questions[index]
    reading = result.readings[index]
    if base is None or not target.indicator:
        return Drill(target, index, reading.label, periods, min(as_of, reading.end), "", [], "", Figure(None), started=False)
    day = base.until
    if under.pk == term.organization_id:
        roots = [o for o in selectors.covered_roots(term, target) if o.alive_on(day)]
    else:
        roots = [under]
    if len(roots) == 1:
        root = roots[0]
        tree_day = alive_day(root, day) or day
        children = org_selectors.children_on(user, root, tree_day)
        parent_name = org_selectors.names_on([root.pk], tree_day).get(root.pk, root.name)
    else:
        children, tree_day, parent_name = roots, day, ""
    allowed = allowed_among(user, PERM_VIEW, [c.pk for c in children])
    children = [c for c in children if c.pk in allowed]
    names = org_selectors.names_on([c.pk for c in children], tree_day)
    figures = [indicators.compute(target.indicator, dataclasses.replace(base, organization_ids=(c.pk,))) for c in children]
    values = [f.value for f in figures if f.value is not None]
    top = max([abs(v) for v in values] + [Decimal(0)])
    rows = []
    evidence = report.evidence_url(target.pk, as_of, index)
    for child, figure in zip(children, figures, strict=True):
        share = 0 if figure.value is None or top == 0 else int(abs(figure.value) * 100 / top)
        rows.append(
            DrillRow(
                organization=child,
                name=names.get(child.pk, child.name),
                figure=figure,
                text=_figure_text(figure, target),
                share=share,
                dashboard_url=dashboard_url(to_chuc=child.pk, nhiem_ky=term.pk, chi_tieu=target.pk, ky=index, ngay=dash(as_of)),
                evidence_url=f"{evidence}&to_chuc={child.pk}",
            )
        )
    order = order if order in (HIGH, LOW) else ""
    if order:
        # organizations without a figure last whichever way; equal figures keep the tree's order
        rows.sort(key=lambda r: (r.figure.value is None, (-1 if order == HIGH else 1) * (r.figure.value or 0)))
    url = functools.partial(dashboard_url, to_chuc=under.pk, nhiem_ky=term.pk, chi_tieu=target.pk, ky=index, ngay=dash(as_of))
    orders = [("", _("Theo tên"), url()), (HIGH, _("Cao trước"), url(sap_xep=HIGH)), (LOW, _("Thấp trước"), url(sap_xep=LOW))]
    total = indicators.compute(target.indicator, base)
    indicator = indicators.get(target.indicator)
    note = ""
    if indicator.kind == IndicatorKind.RATE:
        note = _("Tỉ lệ của mỗi tổ chức tính trên đảng viên của riêng tổ chức đó; không cộng các dòng lại.")
    elif len(roots) == 1:
        note = _(
            "Tổng các dòng có thể khác con số chung: đảng viên sinh hoạt trực tiếp ở cấp trên, tổ chức đã giải thể "
            "hoặc chuyển đi trong kỳ được tính vào con số chung nhưng không có dòng riêng."
        )
    return Drill(
        target=target,
        index=index,
        period_label=reading.label,
        periods=periods,
        day=tree_day,
        parent_name=parent_name,
        rows=rows,
        total_text=_figure_text(total, target),
        total_figure=total,
        note=note,
        order=order,
        orders=orders,
    )


# ---------------------------------------------------------------- an organization without a term of its own


@dataclass
class PartRow:
    """A computed target of the term above, counted in this organization's subtree."""

    target: Target
    result: Result
    row: Row
    index: int
    figure: Figure
    text: str
    whole_text: str
    share: str  # percent of the whole figure (counts only), as text: "0,9"; empty when it means nothing
    evidence_url: str
    question: Question | None
    period_label: str = ""
    drill_url: str = ""


def parts(term_report: TermReport, org: Organization, as_of: dt.date, raw_period: str | None) -> list[PartRow]:
    out = []
    for row, result in zip(term_report.rows, term_report.results, strict=True):
        t = result.target
        if not t.indicator:
            continue
        index = period_index(result, raw_period)
        base = result.questions[index]
        if base is None:
            figure, question = Figure(None), None
        else:
            question = dataclasses.replace(base, organization_ids=(org.pk,))
            figure = indicators.compute(t.indicator, question)
        whole = result.readings[index].value
        share = ""
        if (
            indicators.get(t.indicator).kind != IndicatorKind.RATE
            and figure.value is not None
            and whole is not None
            and whole > 0
            and t.kind != TargetKind.RATE
        ):
            share = report.vn_number(min(Decimal(100), max(Decimal(0), figure.value * 100 / whole)), 1)
        out.append(
            PartRow(
                target=t,
                result=result,
                row=row,
                index=index,
                figure=figure,
                text=_figure_text(figure, t),
                whole_text=report.with_unit(whole, t) or "—",
                share=share,
                evidence_url=f"{report.evidence_url(t.pk, as_of, index)}&to_chuc={org.pk}",
                question=question,
                period_label=result.readings[index].label,
                drill_url=dashboard_url(to_chuc=org.pk, nhiem_ky=term_report.term.pk, chi_tieu=t.pk, ky=index, ngay=dash(as_of)),
            )
        )
    return out


# ---------------------------------------------------------------- the page


@dataclass
class Card:
    """One target on the dashboard."""

    row: Row
    result: Result
    detail_url: str
    drill_url: str  # empty for a target entered by hand

    @property
    def in_progress(self) -> bool:
        return self.row.status in (Status.ON_TRACK, Status.OFF_TRACK)


@dataclass
class Page:
    organization: Organization | None
    organization_name: str
    as_of: dt.date
    term: Term | None = None
    inherited: bool = False  # the term is that of an organization above
    report: TermReport | None = None
    crumbs: list[tuple[str, str]] = field(default_factory=list)
    attention: list[Row] = field(default_factory=list)
    status_chart: StatusChart | None = None
    goal_chart: GoalChart | None = None
    parts: list[PartRow] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    has_children: bool = True  # the organization had organizations below it on the day (a drill-down shows them)
    opened: int | None = None  # the target whose drill-down is shown
    drill: Drill | None = None

    @property
    def card_groups(self) -> list[tuple[str, list[Card]]]:
        out: dict[str, list[Card]] = {}
        for card in self.cards:
            out.setdefault(card.row.group_label, []).append(card)
        return list(out.items())

    @property
    def finished(self) -> bool:
        return bool(self.report and self.report.finished)


def crumbs(
    user: Any, org: Organization, day: dt.date, term: Term | None, inherited: bool, as_of: dt.date
) -> list[tuple[str, str]]:
    """The organizations above on ``day`` that the user may see, each a link to its dashboard. Below a term's
    committee, the way back up to it (the committee first when the organization lay under a predecessor)."""
    tree_day = alive_day(org, day) or day
    above = [o for o in org_selectors.breadcrumbs(user, org, tree_day) if o.pk != org.pk]
    if inherited and term is not None:
        roots = term_roots(term)
        inside = {o.pk for o in above if within_term(roots, o, tree_day)}
        above = [o for o in above if o.pk in inside]
        if term.organization_id not in inside:
            above.insert(0, term.organization)
    allowed = allowed_among(user, PERM_VIEW, [o.pk for o in above])
    names = org_selectors.names_on([o.pk for o in above], tree_day)
    return [
        (names.get(o.pk, o.name), dashboard_url(to_chuc=o.pk, nhiem_ky=term.pk if term else None, ngay=dash(as_of)))
        for o in above
        if o.pk in allowed
    ]


def build_page(
    user: Any, org: Organization | None, term: Term | None, inherited: bool, as_of: dt.date, raw_period: str | None = None
) -> Page:
    if org is None:
        return Page(None, "", as_of)
    name_day = alive_day(org, as_of) or org.founded_on
    name = org_selectors.names_on([org.pk], name_day).get(org.pk, org.name)
    page = Page(org, name, as_of, term=term, inherited=inherited)
    page.crumbs = crumbs(user, org, as_of, term, inherited, as_of)
    if term is None:
        return page
    page.report = report.build(term, as_of, with_previous=False)
    if inherited:
        page.parts = parts(page.report, org, as_of, raw_period)
        tree_day = alive_day(org, as_of) or as_of
        page.has_children = TreePath.objects.filter(_valid_on(tree_day), ancestor=org, depth=1).exists()
        return page
    for row, result in zip(page.report.rows, page.report.results, strict=True):
        drill_url = ""
        if result.target.indicator:
            drill_url = dashboard_url(to_chuc=org.pk, nhiem_ky=term.pk, chi_tieu=row.target_id, ngay=dash(as_of))
        page.cards.append(Card(row, result, reverse("targets:target_detail", args=[row.target_id]), drill_url))
    page.attention = [r for r in page.report.rows if r.status in ATTENTION]
    page.status_chart = status_chart(page.report.summary, page.report.finished)
    page.goal_chart = goal_chart(page.report.rows, page.report.results)
    return page


def open_drill(user: Any, page: Page, target_id: int, raw_period: str | None, order: str = "") -> Drill | None:
    """The drill-down of one target of the page (None when it is not one of the term's computed targets)."""
    if page.report is None or page.organization is None or page.term is None:
        return None
    result = next((r for r in page.report.results if r.target.pk == target_id), None)
    if result is None or not result.target.indicator:
        return None
    index = period_index(result, raw_period)
    question = None
    if page.inherited:
        part = next((p for p in page.parts if p.target.pk == target_id), None)
        base = result.questions[index]
        question = None if base is None else dataclasses.replace(base, organization_ids=(page.organization.pk,))
        if part is None:
            return None
    return drill(user, page.term, result, index, page.organization, page.as_of, question, order)


def projected_text(result: Result) -> str:
    """Where the pace leads by the end of the period, rounded as the term report rounds it."""
    t = result.target
    if result.projected is None or t.kind == TargetKind.MILESTONE:
        return ""
    places = 0 if t.kind == TargetKind.COUNT else 1
    return report.with_unit(result.projected.quantize(Decimal(1).scaleb(-places)), t)


def evaluate_at(target: Target, days: list[dt.date]) -> list[tuple[dt.date, Result]]:
    """A target's result on each of ``days`` (its history on the target page)."""
    return [(day, evaluate(target, day)) for day in days]
