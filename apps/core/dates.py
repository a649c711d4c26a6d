"""Dates the way Vietnamese documents write them: 27-6-2019, 27/6/2019, ngày 27 tháng 6 năm 2019."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_noop

from apps.core.text import fold

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_WORDS = re.compile(r"^\s*(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\s*$")

# Monday first, as ``date.weekday()``; marked for translation (the English page says "Thursday")
WEEKDAYS = [
    gettext_noop("Thứ Hai"),
    gettext_noop("Thứ Ba"),
    gettext_noop("Thứ Tư"),
    gettext_noop("Thứ Năm"),
    gettext_noop("Thứ Sáu"),
    gettext_noop("Thứ Bảy"),
    gettext_noop("Chủ Nhật"),
]


def parse_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Read a date in any of the forms documents use; None for empty input; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _NUMERIC.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return dt.date(year, month, day)
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        return dt.date(year, month, day)
    m = _WORDS.match(fold(text).rstrip("."))
    if m:
        day, month, year = (int(g) for g in m.groups())
        return dt.date(year, month, day)
    raise ValueError(f"not a date: {text!r}")


def format_date(value: dt.date | None, style: str = "slash") -> str:
    """27/6/2019 (slash), 27-6-2019 (dash), ngày 27 tháng 6 năm 2019 (long)."""
    if value is None:
        return ""
    if style == "dash":
        return f"{value.day}-{value.month}-{value.year}"
    if style == "long":
        return f"ngày {value.day} tháng {value.month} năm {value.year}"
    return f"{value.day}/{value.month}/{value.year}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end (age and probation are counted in months)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def add_months(value: dt.date, months: int) -> dt.date:
    month0 = value.month - 1 + months
    year = value.year + month0 // 12
    month = month0 % 12 + 1
    import calendar

    day = min(value.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)
