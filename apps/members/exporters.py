"""Spreadsheets out: member lists, the import template, and an import's error report.

A member list is written with openpyxl's write-only mode, row by row from a scoped selector, so memory
does not grow with the list; its columns are the import template's, so an export can be imported again.
Every member list that leaves the system goes through :func:`export_members_xlsx`, which records who took
which list, how many rows and in what format (``member.exported``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from apps.core import audit
from apps.core.dates import format_date
from apps.members.choices import AuditEventType
from apps.members.columns import COLUMNS, FULL_NAME, Column, value_for_export
from apps.members.models import Membership, Person
from apps.organizations.models import Organization

DATE_FORMAT = "d/m/yyyy"
XLSX = "xlsx"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F0F0F3")
_REQUIRED_FILL = PatternFill("solid", fgColor="FDECEB")


def with_membership(people: QuerySet[Person], on_date: dt.date) -> QuerySet[Person]:
    """The export's membership columns: the organization, start date, decision and note of the membership
    each person held on ``on_date`` (empty for those who had left by then)."""
    open_on = (
        Membership.objects.filter(person=OuterRef("pk"), valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
        .order_by("-valid_from", "-id")
    )
    return people.annotate(
        export_organization_code=Subquery(open_on.values("organization__code")[:1]),
        export_start_date=Subquery(open_on.values("valid_from")[:1]),
        export_decision_symbol=Subquery(open_on.values("decision_symbol")[:1]),
        export_note=Subquery(open_on.values("note")[:1]),
    )


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=dt.datetime(value.year, value.month, value.day))
        cell.number_format = DATE_FORMAT
        return cell
    return value


def write_xlsx(
    people: Iterable[Person], out: IO[bytes], *, title: str = "Danh sách đảng viên", on_date: dt.date | None = None
) -> int:
    """Write the people to ``out`` as the import template's columns. Answers the number of rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đảng viên")
    ws.freeze_panes = "A2"
    for i, column in enumerate(COLUMNS):
        ws.column_dimensions[_letter(i)].width = column.width
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(cell)
    ws.append(header)
    n = 0
    for p in people:
        ws.append([_cell(ws, value_for_export(p, c)) for c in COLUMNS])
        n += 1
    notes = wb.create_sheet("Thông tin")
    notes.append([title])
    if on_date is not None:
        notes.append([_("Tại ngày"), format_date(on_date)])
    notes.append([_("Số đảng viên"), n])
    notes.append([_("Dữ liệu đảng viên là thông tin cần bảo mật.")])
    wb.save(out)
    return n


@audit.service
def members_export_record(
    *, actor: Any, rows: int, organization: Organization | None, filters: dict[str, Any], file_format: str = XLSX
) -> None:
    """Record that a list of members left the system: who took it, which list (the organization whose subtree,
    the date, status or search), how many rows, in what format. Nothing changes, but members' personal data
    leaving is what the audit log must show; the organization's page lists it with its other events."""
    audit.record(
        actor=actor,
        event_type=AuditEventType.EXPORTED,
        target=organization,
        organization_id=organization.id if organization is not None else None,
        after={"rows": rows, "format": file_format, "organization": organization.code if organization else None} | filters,
    )


def export_members_xlsx(
    *,
    actor: Any,
    people: Iterable[Person],
    out: IO[bytes],
    organization: Organization | None,
    filters: dict[str, Any],
    title: str = "Danh sách đảng viên",
    on_date: dt.date | None = None,
) -> int:
    """Write a member list (already scoped to ``actor``) to ``out`` and record the export. Answers the rows."""
    n = write_xlsx(people, out, title=title, on_date=on_date)
    members_export_record(actor=actor, rows=n, organization=organization, filters=filters)
    return n


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _accepted(column: Column) -> str:
    if column.kind == "date":
        return _("Ngày: ô kiểu ngày, hoặc 27/6/2019, 27-6-2019")
    if column.kind == "choice":
        return ", ".join(label for _v, label in column.choices)
    if column.kind == "digits":
        return _("Chữ số")
    return _("Chữ, tối đa %(n)s ký tự") % {"n": column.max_length}


def write_template(out: IO[bytes]) -> None:
    """The import template: the columns with a header row, and a notes sheet explaining each column."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Đảng viên"
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.note:
            cell.comment = Comment(column.note, "dangbo")
        letter = _letter(i - 1)
        ws.column_dimensions[letter].width = column.width
        if column.kind == "digits" or column.field in {"phone", "organization_code"}:
            ws.column_dimensions[letter].number_format = "@"  # keep leading zeros
        elif column.kind == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if column.kind == "choice":
            values = ",".join(label for _v, label in column.choices)
            validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=not column.required)
            validation.error = _("Chọn một giá trị trong danh sách.")
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
    ws.freeze_panes = "A2"

    notes = wb.create_sheet("Hướng dẫn")
    notes.append([_("Hướng dẫn nhập danh sách đảng viên")])
    notes["A1"].font = Font(bold=True, size=14)
    for line in (
        _("Mỗi dòng là một đảng viên; dòng 1 là tiêu đề, giữ nguyên tên cột (thứ tự cột có thể đổi, cột thừa bị bỏ qua)."),
        _("Cột tô đỏ là bắt buộc. Ngày viết như 27/6/2019 hoặc 27-6-2019, hoặc dùng ô kiểu ngày của Excel."),
        _("Chữ gõ bằng bảng mã TCVN3 (ABC, phông .VnTime) hoặc VNI (phông VNI-Times) được tự nhận ra và chuyển sang Unicode."),
        _("Cột “%(f)s” có thể dùng thay cho ba cột Họ, Tên đệm, Tên.") % {"f": FULL_NAME.header},
        _(
            "Tệp được kiểm tra toàn bộ trước khi ghi: nếu có một dòng lỗi, không dòng nào được nhập; sửa theo báo cáo lỗi rồi gửi lại."
        ),
        _("Không được trùng số CCCD, số thẻ đảng viên, hoặc cùng họ tên và ngày sinh, trong tệp hay với dữ liệu đã có."),
    ):
        notes.append([line])
    notes.append([])
    header = [_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Giá trị nhận")]
    notes.append(header)
    for cell in notes[notes.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for column in (*COLUMNS, FULL_NAME):
        notes.append([column.header, _("Có") if column.required else _("Không"), column.note, _accepted(column)])
    for letter, width in zip("ABCD", (24, 10, 80, 48), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(out)


def write_error_report(report: Any, out: IO[bytes], *, file_name: str = "") -> None:
    """An import's errors as a spreadsheet: one line per bad cell (row, cell, column, value, message)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Lỗi")
    for letter, width in zip("ABCDE", (8, 8, 22, 24, 90), strict=True):
        ws.column_dimensions[letter].width = width
    if file_name:
        ws.append([_("Tệp"), file_name])
    ws.append([_("Số lỗi"), report.error_count])
    if report.truncated:
        ws.append([_("Chỉ liệt kê %(n)s lỗi đầu tiên.") % {"n": len(report.errors)}])
    ws.append([])
    header = []
    for title in (_("Dòng"), _("Ô"), _("Cột"), _("Giá trị"), _("Lỗi")):
        cell = WriteOnlyCell(ws, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(cell)
    ws.append(header)
    for e in report.errors:
        ws.append([e.row or None, e.cell, e.column, e.value, e.message])
    wb.save(out)
