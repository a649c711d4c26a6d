"""The member spreadsheet's columns, shared by the import template, the importer and the export.

Each column knows its header, the headers old spreadsheets use for it, what it accepts, and how to read a
cell of it. Reading a cell answers the value, or a message for the user (Vietnamese, then English).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from apps.core.dates import format_date, parse_date
from apps.core.text import fold, nfc
from apps.members.choices import EducationLevel, Gender, TheoryLevel


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    kind: str = "text"  # text, date, choice, digits
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 255
    #: headers of other spreadsheets that mean this column (compared without diacritics or case)
    aliases: tuple[str, ...] = ()
    #: what the column holds and accepts, for the notes sheet of the template
    note: str = ""
    width: int = 14
    #: values also accepted for a choice, by their folded spelling
    extra_values: tuple[tuple[str, str], ...] = ()


def _labels(choices: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in choices.choices if value)


COLUMNS: tuple[Column, ...] = (
    Column("family_name", "Họ", max_length=60, aliases=("ho",), note="Họ của đảng viên, ví dụ: Nguyễn, Thạch.", width=12),
    Column(
        "middle_name",
        "Tên đệm",
        max_length=80,
        aliases=("dem", "ten lot", "chu lot"),
        note="Tên đệm, có thể để trống (nhiều tên người Khmer không có tên đệm).",
        width=14,
    ),
    Column(
        "given_name",
        "Tên",
        required=True,
        max_length=60,
        note="Tên gọi. Tên gồm nhiều âm tiết (tên người Khmer như Sô Phia) ghi đầy đủ ở cột này.",
        width=12,
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        required=True,
        kind="date",
        aliases=("ngay thang nam sinh", "ngay, thang, nam sinh", "sinh ngay"),
        note="Ngày sinh: ô kiểu ngày của Excel, hoặc chữ như 27/6/1980, 27-6-1980.",
        width=12,
    ),
    Column(
        "gender",
        "Giới tính",
        required=True,
        kind="choice",
        choices=_labels(Gender),
        aliases=("gioi",),
        note="Nam hoặc Nữ.",
        extra_values=(("m", "M"), ("f", "F"), ("male", "M"), ("female", "F")),
        width=9,
    ),
    Column("ethnicity", "Dân tộc", max_length=40, note="Dân tộc theo khai báo, ví dụ: Kinh, Khmer, Hoa.", width=10),
    Column("religion", "Tôn giáo", max_length=40, note="Tôn giáo theo khai báo; để trống hoặc ghi Không.", width=10),
    Column("hometown", "Quê quán", aliases=("que",), note="Quê quán: xã, huyện, tỉnh.", width=28),
    Column(
        "citizen_id",
        "Số CCCD",
        kind="digits",
        max_length=12,
        aliases=("cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan", "so cccd/cmnd"),
        note="Số căn cước công dân: đúng 12 chữ số (để ô kiểu chữ để giữ số 0 ở đầu). Không được trùng.",
        width=15,
    ),
    Column(
        "phone",
        "Điện thoại",
        max_length=20,
        aliases=("so dien thoai", "sdt", "dt"),
        note="Số điện thoại, ví dụ 0912 345 678.",
        width=14,
    ),
    Column("email", "Thư điện tử", max_length=254, aliases=("email", "e-mail", "thu dien tu (email)"), width=22),
    Column(
        "education_level",
        "Trình độ học vấn",
        kind="choice",
        choices=_labels(EducationLevel),
        aliases=("hoc van", "trinh do chuyen mon"),
        note="Để trống nếu chưa khai.",
        extra_values=(
            ("thpt", "secondary"),
            ("12/12", "secondary"),
            ("tc", "vocational"),
            ("cd", "college"),
            ("dh", "bachelor"),
            ("ths", "master"),
            ("ts", "doctor"),
            ("chua khai", ""),
        ),
        width=18,
    ),
    Column(
        "theory_level",
        "Lý luận chính trị",
        kind="choice",
        choices=_labels(TheoryLevel),
        aliases=("trinh do ly luan chinh tri", "llct", "ly luan"),
        note="Để trống nếu chưa qua đào tạo.",
        extra_values=(("chua qua dao tao", ""), ("khong", "")),
        width=16,
    ),
    Column(
        "admission_date",
        "Ngày vào Đảng",
        required=True,
        kind="date",
        aliases=("ngay ket nap", "ngay vao dang cong san viet nam"),
        note="Ngày ký quyết định kết nạp. Người được kết nạp phải đủ 18 tuổi vào ngày này.",
        width=13,
    ),
    Column(
        "full_member_date",
        "Ngày chính thức",
        kind="date",
        aliases=("ngay cong nhan chinh thuc", "ngay chuyen chinh thuc"),
        note="Ngày công nhận đảng viên chính thức: sau ít nhất 12 tháng dự bị. Để trống nếu còn dự bị.",
        width=13,
    ),
    Column(
        "card_number",
        "Số thẻ đảng viên",
        kind="digits",
        max_length=20,
        aliases=("so the", "so the dv", "so the dang"),
        note="Không được trùng.",
        width=14,
    ),
    Column(
        "organization_code",
        "Mã tổ chức",
        max_length=40,
        aliases=("ma chi bo", "ma to chuc dang", "ma don vi"),
        note="Mã của chi bộ, đảng bộ nơi đảng viên sinh hoạt (xem ở trang tổ chức). Có thể để trống khi đã chọn "
        "tổ chức mặc định lúc nhập; tổ chức phải nằm trong phạm vi bạn được nhập.",
        width=12,
    ),
    Column(
        "start_date",
        "Ngày bắt đầu sinh hoạt",
        kind="date",
        aliases=("ngay sinh hoat", "ngay bat dau"),
        note="Ngày bắt đầu sinh hoạt tại tổ chức này. Để trống thì lấy ngày vào Đảng.",
        width=13,
    ),
    Column(
        "decision_symbol",
        "Số quyết định kết nạp",
        max_length=64,
        aliases=("so quyet dinh", "quyet dinh ket nap"),
        note="Ví dụ: 125-QĐ/ĐU.",
        width=16,
    ),
    Column("note", "Ghi chú", max_length=500, width=24),
)

# A single "full name" column may stand in for Họ, Tên đệm and Tên; it is split on a rule the user chooses.
FULL_NAME = Column(
    "full_name",
    "Họ và tên",
    max_length=200,
    aliases=("ho ten", "ho, ten", "ho va ten dang vien"),
    note="Có thể dùng thay cho ba cột Họ, Tên đệm, Tên: từ đầu là họ, từ cuối (hoặc số từ cuối đã chọn) là tên.",
    width=26,
)
NAME_PARTS = ("family_name", "middle_name", "given_name")
BY_FIELD: dict[str, Column] = {c.field: c for c in (*COLUMNS, FULL_NAME)}


def header_key(value: str) -> str:
    """A header as compared: no diacritics, no case, no required mark, no note in brackets."""
    text = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", value)
    return fold(text).strip(" :.")


_HEADER_INDEX: dict[str, str] = {}
for _column in (*COLUMNS, FULL_NAME):
    for _name in (_column.header, *_column.aliases):
        _HEADER_INDEX.setdefault(header_key(_name), _column.field)


def field_for_header(header: str) -> str | None:
    return _HEADER_INDEX.get(header_key(header)) if header else None


# ------------------------------------------------------------------------------------------------ messages


def bilingual(vi: str, en: str) -> str:
    """A message for the import report: Vietnamese, then English after " / "."""
    return f"{vi} / {en}"


class CellError(ValueError):
    """A cell that cannot be read; the message names what is wrong, in both languages."""


# ------------------------------------------------------------------------------------------------ reading cells

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as 27/6/2019."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def read_date(value: Any) -> dt.date | None:
    """A real Excel date, an Excel serial number, or text such as 27/6/2019, 27-6-2019, 2019-06-27."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's range of dates, as serial days
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(bilingual(_("Không phải một ngày."), "Not a date."))
    text = str(value).strip()
    try:
        return parse_date(text)
    except ValueError:
        raise CellError(
            bilingual(
                _("Không đọc được ngày “%(v)s” (viết như 27/6/2019).") % {"v": text},
                f"Cannot read the date “{text}” (write it like 27/6/2019).",
            )
        ) from None


def _choice_index(column: Column) -> dict[str, str]:
    index = {fold(label): value for value, label in column.choices}
    index.update({fold(value): value for value, _label in column.choices})
    index.update(dict(column.extra_values))
    return index


_CHOICE_INDEX: dict[str, dict[str, str]] = {c.field: _choice_index(c) for c in COLUMNS if c.kind == "choice"}


def read_choice(column: Column, value: str) -> str:
    if not value:
        return ""
    found = _CHOICE_INDEX[column.field].get(fold(value))
    if found is None:
        accepted = ", ".join(label for _v, label in column.choices)
        raise CellError(
            bilingual(
                _("Giá trị “%(v)s” không hợp lệ; chọn một trong: %(a)s.") % {"v": value, "a": accepted},
                f"“{value}” is not accepted; use one of: {accepted}.",
            )
        )
    return found


def read_digits(column: Column, value: Any) -> str:
    """Digits kept as text. A number cell lost its leading zeros; a citizen ID gets them back."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = str(int(value))
        if column.field == "citizen_id" and len(text) < 12:
            text = text.zfill(12)
        return text
    return re.sub(r"[\s.]", "", str(value or ""))


def check_length(column: Column, value: str) -> None:
    if len(value) > column.max_length:
        raise CellError(
            bilingual(
                _("Dài quá %(n)s ký tự.") % {"n": column.max_length},
                f"Longer than {column.max_length} characters.",
            )
        )


def check_email(value: str) -> None:
    if not value:
        return
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(bilingual(_("Thư điện tử không hợp lệ."), "Not a valid e-mail address.")) from None


def read_phone(value: Any) -> str:
    """A phone number; a number cell lost its leading zero (912345678 -> 0912345678)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = str(int(value))
        return "0" + text if len(text) == 9 else text
    return nfc(str(value or ""))


# ------------------------------------------------------------------------------------------------ export


def value_for_export(person: Any, column: Column) -> Any:
    """A person's value for a column, as the template expects it (so an export can be imported again)."""
    if column.field == "organization_code":
        return getattr(person, "export_organization_code", None) or person.organization.code
    if column.field in {"start_date", "decision_symbol", "note"}:
        # from the current membership, when the exporting selector annotated it
        return getattr(person, f"export_{column.field}", None) or None
    value = getattr(person, column.field, None)
    if column.kind == "choice" and value:
        return dict(column.choices).get(str(value), value)
    return value
