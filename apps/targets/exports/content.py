"""What the .docx and the .pdf both print between the header and the signature: the opening sentences, the
target table grouped by target group (Roman numerals, as reports number their parts) and the per-year lines
under a target judged each year. The texts come from the report itself, so the exports cannot disagree with
the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.core.dates import format_date
from apps.organizations.selectors import names_on
from apps.targets.models import roman
from apps.targets.report import Row, TermReport

COLUMNS = ("STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá")
PREVIOUS_COLUMN = "Nhiệm kỳ trước"


@dataclass(frozen=True)
class TableRow:
    kind: str  # "group" or "target"
    number: str
    statement: str = ""
    goal: str = ""
    result: str = ""
    years: tuple[str, ...] = ()
    status: str = ""
    status_label: str = ""
    previous: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Content:
    intro: list[str]
    summary_line: str
    previous_line: str
    columns: tuple[str, ...]
    rows: list[TableRow] = field(default_factory=list)

    @property
    def with_previous(self) -> bool:
        return PREVIOUS_COLUMN in self.columns


def year_lines(row: Row) -> tuple[str, ...]:
    """Each year of a target judged each year: "2016: 45 – Vượt" (the unit, said by the goal, left out; a
    percentage keeps its sign)."""
    lines = []
    for y in row.years:
        value = y.value.removesuffix(f" {row.unit}") if row.unit else y.value
        lines.append(f"{y.label}: {value or '—'} – {y.status_label}")
    return tuple(lines)


def intro(report: TermReport) -> list[str]:
    total = report.summary.total
    lines = []
    congress = report.congress
    if congress is not None:
        held_by = names_on([congress.held_by_id], congress.opened_on).get(congress.held_by_id) or report.organization_name
        when = (
            f"ngày {format_date(congress.opened_on)}"
            if congress.opened_on == congress.closed_on
            else f"từ ngày {format_date(congress.opened_on)} đến ngày {format_date(congress.closed_on)}"
        )
        lines.append(
            f"Đại hội lần thứ {congress.roman} {held_by} họp {when}, đề ra {total} chỉ tiêu nhiệm kỳ {report.term.label}."
        )
    else:
        lines.append(f"Nghị quyết nhiệm kỳ {report.term.label} của {report.organization_name} đề ra {total} chỉ tiêu.")
    for r in report.resolutions:
        lines.append(f"Nghị quyết số {r.symbol} ngày {format_date(r.issued_on)} của {r.issuer}: {r.title}.")
    lines.append(f"Kết quả thực hiện tính đến ngày {format_date(report.as_of)}:")
    return lines


def content(report: TermReport) -> Content:
    columns = COLUMNS + ((PREVIOUS_COLUMN,) if report.previous is not None else ())
    rows: list[TableRow] = []
    for i, (label, group_rows) in enumerate(report.groups, 1):
        rows.append(TableRow("group", roman(i), statement=label))
        for r in group_rows:
            rows.append(
                TableRow(
                    "target",
                    str(r.number),
                    statement=r.statement,
                    goal=r.goal,
                    result=r.result or "—",
                    years=year_lines(r),
                    status=r.status,
                    status_label=r.status_label,
                    previous=" – ".join(p for p in (r.previous, r.previous_status) if p),
                    evidence=f"{r.source_label}: {r.evidence}",
                )
            )
    previous_line = ""
    if report.previous is not None:
        previous_line = f"Nhiệm kỳ trước ({report.previous.term.label}): {report.previous.summary_line}"
    return Content(intro(report), report.summary_line, previous_line, columns, rows)
