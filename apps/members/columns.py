"""The member spreadsheet's columns, shared by the import template, the importer and the export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apps.members.choices import EducationLevel, Gender, TheoryLevel


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    kind: str = "text"  # text, date, choice
    choices: tuple[tuple[str, str], ...] = ()


def _labels(choices: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices.choices if value)


COLUMNS: tuple[Column, ...] = (
    Column("family_name", "Họ"),
    Column("middle_name", "Tên đệm"),
    Column("given_name", "Tên", required=True),
    Column("birth_date", "Ngày sinh", required=True, kind="date"),
    Column("gender", "Giới tính", required=True, kind="choice", choices=_labels(Gender)),
    Column("ethnicity", "Dân tộc"),
    Column("religion", "Tôn giáo"),
    Column("hometown", "Quê quán"),
    Column("citizen_id", "Số CCCD"),
    Column("phone", "Điện thoại"),
    Column("email", "Thư điện tử"),
    Column("education_level", "Trình độ học vấn", kind="choice", choices=_labels(EducationLevel)),
    Column("theory_level", "Lý luận chính trị", kind="choice", choices=_labels(TheoryLevel)),
    Column("admission_date", "Ngày vào Đảng", required=True, kind="date"),
    Column("full_member_date", "Ngày chính thức", kind="date"),
    Column("card_number", "Số thẻ đảng viên"),
    Column("organization_code", "Mã tổ chức", required=True),
    Column("start_date", "Ngày bắt đầu sinh hoạt", kind="date"),
    Column("decision_symbol", "Số quyết định kết nạp"),
    Column("note", "Ghi chú"),
)


def value_for_export(person: Any, column: Column) -> Any:
    if column.field == "organization_code":
        return person.organization.code
    if column.field in {"start_date", "decision_symbol", "note"}:
        return None
    value = getattr(person, column.field, None)
    if column.kind == "choice" and value:
        return dict(column.choices).get(str(value), value)
    return value
