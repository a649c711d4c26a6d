"""The term report as a spreadsheet (.xlsx, openpyxl) for those who work the figures further.

Sheet "Báo cáo": the header facts, the summary line and the target table; goals and results are numbers (with
the unit in its own column), shown in the Vietnamese way (1.234,5) by a number format carrying the Vietnamese
locale, and statuses are text. Sheet "Từng năm": each target judged each year, one row per year.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.targets.choices import Comparator, TargetKind
from apps.targets.exports.letterhead import Letterhead
from apps.targets.report import TermReport

# [$-42A] is the Vietnamese locale (LCID 0x042A): a spreadsheet program shows 1.234,5 whatever its own locale
INTEGER_FORMAT = "[$-42A]#,##0"
DECIMAL_FORMAT = "[$-42A]#,##0.0#"
DATE_FORMAT = "d/m/yyyy"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F0F0F3")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

TABLE_COLUMNS = (
    ("STT", 6),
    ("Nhóm", 22),
    ("Chỉ tiêu", 60),
    ("Mục tiêu", 26),
    ("Giá trị mục tiêu", 14),
    ("Đơn vị", 10),
    ("Kết quả", 26),
    ("Giá trị kết quả", 14),
    ("Đánh giá", 18),
    ("Nguồn số liệu", 16),
    ("Căn cứ", 40),
    ("Nhiệm kỳ trước", 22),
)
YEAR_COLUMNS = (("STT", 6), ("Chỉ tiêu", 60), ("Năm", 8), ("Kết quả", 14), ("Đơn vị", 10), ("Đánh giá", 18))


def number_format(value: Decimal) -> str:
    return INTEGER_FORMAT if value == value.to_integral_value() else DECIMAL_FORMAT


def _number(ws: Worksheet, row: int, column: int, value: Decimal | None) -> None:
    if value is None:
        return
    cell = ws.cell(row=row, column=column, value=int(value) if value == value.to_integral_value() else float(value))
    cell.number_format = number_format(value)


def _unit(kind: str, unit: str) -> str:
    return "%" if kind == TargetKind.RATE else unit


def _header_row(ws: Worksheet, row: int, columns: tuple[tuple[str, int], ...]) -> None:
    for i, (label, width) in enumerate(columns, 1):
        cell = ws.cell(row=row, column=i, value=label)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, WRAP
        ws.column_dimensions[get_column_letter(i)].width = width


def _facts(ws: Worksheet, report: TermReport, head: Letterhead) -> int:
    facts: list[tuple[str, Any]] = [
        ("Cấp ủy cấp trên", head.superior),
        ("Cơ quan ban hành", head.issuer),
        ("Số, ký hiệu", head.number.removeprefix("Số ")),
        ("Địa danh, ngày", head.date_line),
        ("Tên báo cáo", report.title),
        ("Tổ chức", report.organization_name),
        ("Nhiệm kỳ", report.term.label),
        ("Tính đến ngày", report.as_of),
    ]
    if report.congress is not None:
        facts.append(("Đại hội", f"Đại hội lần thứ {report.congress.roman}"))
    for r in report.resolutions:
        facts.append(("Nghị quyết", f"{r.symbol} ngày {r.issued_on.day}/{r.issued_on.month}/{r.issued_on.year}: {r.title}"))
    facts.append(("Tổng hợp", report.summary_line))
    if report.previous is not None:
        facts.append((f"Nhiệm kỳ trước ({report.previous.term.label})", report.previous.summary_line))
    for row, (label, value) in enumerate(facts, 1):
        ws.cell(row=row, column=1, value=label).font = BOLD
        written = ws.cell(row=row, column=3, value=dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else value)
        if isinstance(value, dt.date):
            written.number_format = DATE_FORMAT
            written.alignment = Alignment(horizontal="left")
        if label == "Tổng hợp":
            written.font = BOLD
    return len(facts)


def _report_sheet(ws: Worksheet, report: TermReport, head: Letterhead) -> None:
    ws.title = "Báo cáo"
    top = _facts(ws, report, head) + 2
    _header_row(ws, top, TABLE_COLUMNS)
    ws.freeze_panes = f"A{top + 1}"
    for i, (row, result) in enumerate(zip(report.rows, report.results, strict=True), top + 1):
        target = result.target
        values: dict[int, Any] = {
            1: row.number,
            2: row.group_label,
            3: row.statement,
            4: row.goal,
            6: _unit(target.kind, target.unit),
            7: row.result,
            9: row.status_label,
            10: row.source_label,
            11: row.evidence,
            12: " – ".join(p for p in (row.previous, row.previous_status) if p),
        }
        for column, value in values.items():
            ws.cell(row=i, column=column, value=value)
        if target.comparator != Comparator.BY_DATE:
            _number(ws, i, 5, target.goal)
            _number(ws, i, 8, result.value)
        for column in range(1, len(TABLE_COLUMNS) + 1):
            cell = ws.cell(row=i, column=column)
            cell.border, cell.alignment = BOX, WRAP
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(TABLE_COLUMNS))}{top + len(report.rows)}"


def _years_sheet(ws: Worksheet, report: TermReport) -> None:
    ws.title = "Từng năm"
    _header_row(ws, 1, YEAR_COLUMNS)
    ws.freeze_panes = "A2"
    n = 1
    for row, result in zip(report.rows, report.results, strict=True):
        target = result.target
        for reading, year in zip(result.readings, row.years, strict=False):
            n += 1
            ws.cell(row=n, column=1, value=row.number)
            ws.cell(row=n, column=2, value=row.statement)
            ws.cell(row=n, column=3, value=int(year.label))
            _number(ws, n, 4, reading.value)
            ws.cell(row=n, column=5, value=_unit(target.kind, target.unit))
            ws.cell(row=n, column=6, value=year.status_label)
            for column in range(1, len(YEAR_COLUMNS) + 1):
                cell = ws.cell(row=n, column=column)
                cell.border, cell.alignment = BOX, WRAP


def render_xlsx(report: TermReport, head: Letterhead) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert isinstance(first, Worksheet)
    _report_sheet(first, report, head)
    _years_sheet(workbook.create_sheet(), report)
    workbook.properties.title = report.title
    workbook.properties.creator = head.issuer
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
