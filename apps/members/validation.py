"""Checks of a member's facts, shared by the forms, the services, the API and the importer.

Each check answers a list of (field, message) problems; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import rules
from apps.core.dates import add_months, format_date, months_between

CITIZEN_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^\+?\d[\d .-]{7,14}\d$")


def check_citizen_id(value: str, birth_date: dt.date | None, gender: str | None) -> str | None:
    """A 12-digit citizen ID whose century-and-gender digit and birth-year digits agree with the person."""
    if not value:
        return None
    if not CITIZEN_ID.match(value):
        return _("Số CCCD phải gồm đúng 12 chữ số.")
    province = int(value[:3])
    if province < 1 or province > 96:
        return _("Ba chữ số đầu của số CCCD (mã tỉnh) không hợp lệ.")
    code = int(value[3])
    if birth_date is not None:
        century = (birth_date.year // 100) - 19  # 1900s -> 0, 2000s -> 1
        if century not in (0, 1):
            return None
        expected = {0: {"M": 0, "F": 1}, 1: {"M": 2, "F": 3}}[century]
        if gender in expected and code != expected[gender]:
            return _("Chữ số thứ tư của số CCCD không khớp giới tính và thế kỷ sinh.")
        if value[4:6] != f"{birth_date.year % 100:02d}":
            return _("Chữ số thứ năm, sáu của số CCCD không khớp năm sinh.")
    return None


def check_person(data: dict[str, Any], today: dt.date | None = None) -> list[tuple[str, str]]:
    """Facts that cannot be true together. ``data`` holds parsed values keyed by model field name."""
    today = today or timezone.localdate()
    problems: list[tuple[str, str]] = []
    birth = data.get("birth_date")
    admission = data.get("admission_date")
    full = data.get("full_member_date")
    if not data.get("given_name"):
        problems.append(("given_name", _("Thiếu tên.")))
    if birth is None:
        problems.append(("birth_date", _("Thiếu ngày sinh.")))
    elif birth > today:
        problems.append(("birth_date", _("Ngày sinh ở tương lai.")))
    if admission is None:
        problems.append(("admission_date", _("Thiếu ngày vào Đảng.")))
    elif admission > today:
        problems.append(("admission_date", _("Ngày vào Đảng ở tương lai.")))
    if data.get("gender") not in ("M", "F"):
        problems.append(("gender", _("Giới tính phải là Nam hoặc Nữ.")))
    if birth and admission:
        min_age = rules.rule("admission.min_age_months", admission)
        max_age = rules.rule("admission.max_age_months", admission)
        age = months_between(birth, admission)
        if age < int(min_age.value):
            problems.append(
                (
                    "admission_date",
                    _("Vào Đảng khi chưa đủ %(y)s tuổi (%(reg)s).") % {"y": int(min_age.value) // 12, "reg": min_age.regulation},
                )
            )
        elif age > int(max_age.value) and not data.get("age_exception"):
            problems.append(
                (
                    "admission_date",
                    _("Vào Đảng khi quá %(y)s tuổi cần quyết định của cấp trên (%(reg)s).")
                    % {"y": int(max_age.value) // 12, "reg": max_age.regulation},
                )
            )
    if admission and full:
        probation = rules.rule("admission.probation_months", admission)
        earliest = add_months(admission, int(probation.value))
        if full < earliest:
            problems.append(
                (
                    "full_member_date",
                    _("Ngày chính thức sớm hơn %(m)s tháng dự bị kể từ ngày vào Đảng (sớm nhất %(d)s, %(reg)s).")
                    % {"m": probation.value, "d": format_date(earliest), "reg": probation.regulation},
                )
            )
        if full > today:
            problems.append(("full_member_date", _("Ngày chính thức ở tương lai.")))
    msg = check_citizen_id(data.get("citizen_id") or "", birth, data.get("gender"))
    if msg:
        problems.append(("citizen_id", msg))
    phone = data.get("phone") or ""
    if phone and not PHONE.match(phone):
        problems.append(("phone", _("Số điện thoại không hợp lệ.")))
    return problems
