"""The term report: every target of a term with its goal, result, status and provenance, the summary line in
the committee's own phrasing ("9/10 chỉ tiêu đạt và vượt"), and the comparison with the previous term.

:func:`build` answers a :class:`TermReport`, a plain structure the page, the API, the command and the .docx,
.pdf and .xlsx exports all render, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.dates import format_date
from apps.organizations.selectors import names_on
from apps.targets import selectors
from apps.targets.choices import Comparator, Status, TargetGroup, TargetKind
from apps.targets.models import Congress, Resolution, Target, Term
from apps.targets.results import Result, Summary, evaluate


def vn_number(value: Decimal | int | None, places: int = 2) -> str:
    """1.234,5 (Vietnamese: dot for thousands, comma for decimals), without trailing zeros."""
    if value is None:
        return ""
    d = Decimal(value).quantize(Decimal(1).scaleb(-places))
    sign = "-" if d < 0 else ""
    whole, _dot, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


def with_unit(value: Decimal | None, target: Target) -> str:
    if value is None:
        return ""
    if target.kind == TargetKind.RATE:
        return f"{vn_number(value)}%"
    return f"{vn_number(value)} {target.unit}".strip()


def goal_text(target: Target) -> str:
    if target.comparator == Comparator.BY_DATE:
        return _("hoàn thành trước ngày %(date)s") % {"date": format_date(target.goal_date)}
    words = {
        Comparator.AT_LEAST: _("ít nhất"),
        Comparator.AT_MOST: _("không quá"),
        Comparator.EXACTLY: _("đúng"),
    }
    text = f"{words[Comparator(target.comparator)]} {with_unit(target.goal, target)}"
    if target.period == "each_year":
        text += " " + _("mỗi năm")
    return text


def value_text(result: Result) -> str:
    t = result.target
    if t.kind == TargetKind.MILESTONE:
        if result.done_on is not None:
            return _("hoàn thành ngày %(date)s") % {"date": format_date(result.done_on)}
        return _("chưa hoàn thành") if result.value is not None else ""
    return with_unit(result.value, t)


@dataclass
class YearCell:
    label: str
    value: str
    status: str
    status_label: str
    evidence_url: str


@dataclass
class Row:
    number: int
    target_id: int
    statement: str
    group: str
    group_label: str
    kind: str
    unit: str
    goal: str
    result: str
    value: Decimal | None
    status: str
    status_label: str
    source: str  # indicator / manual
    source_label: str
    evidence: str  # what the figure counts, or the document behind a value entered by hand
    evidence_url: str
    progress: int | None
    projected: str
    years: list[YearCell] = field(default_factory=list)
    previous: str = ""
    previous_status: str = ""

    @property
    def met(self) -> bool:
        return self.status in (Status.EXCEEDED, Status.ACHIEVED)


@dataclass
class PreviousTerm:
    term: Term
    summary: Summary
    summary_line: str


@dataclass
class TermReport:
    term: Term
    organization_name: str
    as_of: dt.date
    finished: bool
    congress: Congress | None
    resolutions: list[Resolution]
    rows: list[Row]
    summary: Summary
    summary_line: str
    previous: PreviousTerm | None
    results: list[Result]

    @property
    def groups(self) -> list[tuple[str, list[Row]]]:
        out: dict[str, list[Row]] = {}
        for row in self.rows:
            out.setdefault(row.group_label, []).append(row)
        return list(out.items())

    @property
    def title(self) -> str:
        return _("Báo cáo kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ %(term)s") % {"term": self.term.label}

    def as_json(self) -> dict[str, Any]:
        return {
            "term": {
                "id": self.term.pk,
                "organization": self.term.organization.code,
                "organization_name": self.organization_name,
                "label": self.term.label,
                "start_date": self.term.start_date.isoformat(),
                "end_date": self.term.end_date.isoformat(),
            },
            "as_of": self.as_of.isoformat(),
            "finished": self.finished,
            "congress": None
            if self.congress is None
            else {
                "ordinal": self.congress.ordinal,
                "roman": self.congress.roman,
                "opened_on": self.congress.opened_on.isoformat(),
                "closed_on": self.congress.closed_on.isoformat(),
            },
            "resolutions": [
                {"symbol": r.symbol, "issued_on": r.issued_on.isoformat(), "title": r.title} for r in self.resolutions
            ],
            "summary": {
                "line": self.summary_line,
                "total": self.summary.total,
                "met": self.summary.met,
                "exceeded": self.summary.exceeded,
                "achieved": self.summary.achieved,
                "not_achieved": self.summary.not_achieved,
                "on_track": self.summary.on_track,
                "off_track": self.summary.off_track,
                "no_data": self.summary.no_data,
            },
            "targets": [
                {
                    "number": r.number,
                    "id": r.target_id,
                    "statement": r.statement,
                    "group": r.group,
                    "goal": r.goal,
                    "result": r.result,
                    "value": None if r.value is None else str(r.value),
                    "status": r.status,
                    "status_label": r.status_label,
                    "source": r.source,
                    "evidence": r.evidence,
                    "evidence_url": r.evidence_url,
                    "years": [{"year": y.label, "result": y.value, "status": y.status} for y in r.years],
                    "previous": r.previous,
                }
                for r in self.rows
            ],
            "previous_term": None
            if self.previous is None
            else {
                "label": self.previous.term.label,
                "summary": self.previous.summary_line,
                "met": self.previous.summary.met,
                "total": self.previous.summary.total,
            },
        }


def summary_line(summary: Summary, finished: bool, as_of: dt.date) -> str:
    """The committee's own phrasing: "9/10 chỉ tiêu đạt và vượt (…)", or, during the term, where things stand."""
    if summary.total == 0:
        return _("Nghị quyết chưa có chỉ tiêu.")
    if finished:
        line = _("%(met)d/%(total)d chỉ tiêu đạt và vượt") % {"met": summary.met, "total": summary.total}
        details = []
        if summary.exceeded:
            details.append(ngettext("%(n)d chỉ tiêu vượt", "%(n)d chỉ tiêu vượt", summary.exceeded) % {"n": summary.exceeded})
        if summary.not_achieved:
            details.append(
                ngettext("%(n)d chỉ tiêu không đạt", "%(n)d chỉ tiêu không đạt", summary.not_achieved)
                % {"n": summary.not_achieved}
            )
        if summary.no_data:
            details.append(
                ngettext("%(n)d chỉ tiêu chưa có số liệu", "%(n)d chỉ tiêu chưa có số liệu", summary.no_data)
                % {"n": summary.no_data}
            )
        return line + (" (" + "; ".join(details) + ")" if details else "")
    parts = [_("%(met)d/%(total)d chỉ tiêu đã đạt và vượt") % {"met": summary.met, "total": summary.total}]
    if summary.on_track:
        parts.append(_("%(n)d đúng tiến độ") % {"n": summary.on_track})
    if summary.off_track:
        parts.append(_("%(n)d chậm tiến độ") % {"n": summary.off_track})
    if summary.not_achieved:
        parts.append(_("%(n)d không thể đạt") % {"n": summary.not_achieved})
    if summary.no_data:
        parts.append(_("%(n)d chưa có số liệu") % {"n": summary.no_data})
    return _("Tính đến ngày %(date)s: %(parts)s") % {"date": format_date(as_of), "parts": ", ".join(parts)}


def _evidence_text(result: Result) -> str:
    from apps.core import indicators

    t = result.target
    if result.source == "indicator":
        return str(indicators.get(t.indicator).label)
    measurement = next((m for m in reversed(result.measurements) if m is not None), None)
    if measurement is None:
        return _("Chưa nhập số liệu")
    parts = [measurement.evidence]
    if measurement.evidence_symbol:
        parts.append(measurement.evidence_symbol)
    return "; ".join(parts)


def evidence_url(target_id: int, as_of: dt.date, period: int | None = None) -> str:
    url = reverse("targets:target_evidence", args=[target_id]) + f"?ngay={format_date(as_of, 'dash')}"
    if period is not None:
        url += f"&ky={period}"
    return url


def _projected_text(result: Result) -> str:
    t = result.target
    if result.projected is None or t.kind == TargetKind.MILESTONE:
        return ""
    places = 0 if t.kind == TargetKind.COUNT else 1
    return with_unit(result.projected.quantize(Decimal(1).scaleb(-places)), t)


def _row(result: Result, as_of: dt.date) -> Row:
    t = result.target
    status_label = str(Status(result.status).label)
    years = []
    if len(result.readings) > 1:
        for i, (reading, status) in enumerate(zip(result.readings, result.statuses, strict=True)):
            value = with_unit(reading.value, t) if t.kind != TargetKind.MILESTONE else ""
            years.append(YearCell(reading.label, value, status, str(Status(status).label), evidence_url(t.pk, as_of, i)))
    return Row(
        number=t.number,
        target_id=t.pk,
        statement=t.statement,
        group=t.group,
        group_label=str(TargetGroup(t.group).label),
        kind=t.kind,
        unit=t.unit,
        goal=goal_text(t),
        result=value_text(result),
        value=result.value,
        status=result.status,
        status_label=status_label,
        source=result.source,
        source_label=_("Tính từ dữ liệu") if result.source == "indicator" else _("Nhập tay"),
        evidence=_evidence_text(result),
        evidence_url=evidence_url(t.pk, as_of),
        progress=result.progress,
        projected=_projected_text(result),
        years=years,
    )


def _match_previous(target: Target, previous: list[Result]) -> Result | None:
    """The previous term's target measuring the same thing (the same indicator and parameters)."""
    if not target.indicator:
        return None
    for result in previous:
        p = result.target
        if p.indicator == target.indicator and (p.indicator_params or {}) == (target.indicator_params or {}):
            return result
    return None


def build(term: Term, as_of: dt.date | None = None, *, with_previous: bool = True) -> TermReport:
    """The report of ``term`` as known on ``as_of`` (by default today, or the end of a finished term)."""
    from django.utils import timezone

    today = timezone.localdate()
    as_of = as_of or min(today, term.last_day)
    targets = selectors.term_targets(term)
    term_roots = tuple(o.pk for o in selectors.covered_roots(term))
    results = [evaluate(t, as_of, term_roots=term_roots) for t in targets]
    rows = [_row(r, as_of) for r in results]
    finished = as_of >= term.last_day
    summary = Summary.of(results)
    previous = None
    if with_previous:
        before = selectors.previous_term(term)
        if before is not None:
            prev_report = build(before, min(before.last_day, as_of), with_previous=False)
            previous = PreviousTerm(before, prev_report.summary, prev_report.summary_line)
            for row, result in zip(rows, results, strict=True):
                match = _match_previous(result.target, prev_report.results)
                if match is not None:
                    row.previous = value_text(match)
                    row.previous_status = str(Status(match.status).label)
    congress = term.congress if hasattr(term, "congress") else None
    name_date = min(as_of, term.last_day)
    name = names_on([term.organization_id], name_date).get(term.organization_id) or term.organization.name
    return TermReport(
        term=term,
        organization_name=name,
        as_of=as_of,
        finished=finished,
        congress=congress,
        resolutions=list(term.resolutions.order_by("issued_on", "id")),
        rows=rows,
        summary=summary,
        summary_line=summary_line(summary, finished, as_of),
        previous=previous,
        results=results,
    )
