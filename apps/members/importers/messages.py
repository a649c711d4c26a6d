"""English for the messages of ``validation.check_person``, which speaks Vietnamese (the import report gives both)."""

from __future__ import annotations

import re

_ENGLISH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Thiếu tên\.$"), "Given name is missing."),
    (re.compile(r"^Thiếu ngày sinh\.$"), "Date of birth is missing."),
    (re.compile(r"^Ngày sinh ở tương lai\.$"), "Date of birth is in the future."),
    (re.compile(r"^Thiếu ngày vào Đảng\.$"), "Admission date is missing."),
    (re.compile(r"^Ngày vào Đảng ở tương lai\.$"), "Admission date is in the future."),
    (re.compile(r"^Giới tính phải là Nam hoặc Nữ\.$"), "Gender must be Nam (male) or Nữ (female)."),
    (re.compile(r"^Vào Đảng khi chưa đủ (\d+) tuổi \((.+)\)\.$"), "Admitted before the age of {0} ({1})."),
    (
        re.compile(r"^Vào Đảng khi quá (\d+) tuổi cần quyết định của cấp trên \((.+)\)\.$"),
        "Admission over the age of {0} needs a decision of the higher level ({1}).",
    ),
    (
        re.compile(r"^Ngày chính thức sớm hơn (\d+) tháng dự bị kể từ ngày vào Đảng \(sớm nhất (.+), (.+)\)\.$"),
        "Full membership earlier than {0} months of probation after admission (earliest {1}, {2}).",
    ),
    (re.compile(r"^Ngày chính thức ở tương lai\.$"), "Full membership date is in the future."),
    (re.compile(r"^Số CCCD phải gồm đúng 12 chữ số\.$"), "A citizen ID has exactly 12 digits."),
    (re.compile(r"^Ba chữ số đầu"), "The first three digits of the citizen ID (province code) are not valid."),
    (re.compile(r"^Chữ số thứ tư"), "The fourth digit of the citizen ID does not match the gender and century of birth."),
    (re.compile(r"^Chữ số thứ năm, sáu"), "The fifth and sixth digits of the citizen ID do not match the year of birth."),
    (re.compile(r"^Số điện thoại không hợp lệ\.$"), "Not a valid phone number."),
]


def english_for(message: str) -> str:
    """The English of a message of ``validation.check_person`` (which speaks Vietnamese)."""
    for pattern, english in _ENGLISH:
        m = pattern.match(message)
        if m:
            return english.format(*m.groups())
    return "Invalid value."
