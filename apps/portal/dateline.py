"""The date line of an article, the way Vietnamese newspapers print it: "Thứ Năm, 30/07/2020 | 06:00", in GMT+7
whatever the server's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from apps.core.dates import WEEKDAYS

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def in_vietnam(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("an article's time must be aware (with its time zone)")
    return value.astimezone(VIETNAM)


def dateline(value: dt.datetime | None) -> str:
    """``Thứ Năm, 30/07/2020 | 06:00`` (day and month on two digits, 24-hour clock, Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    local = in_vietnam(value)
    return f"{gettext(WEEKDAYS[local.weekday()])}, {local:%d/%m/%Y} | {local:%H:%M}"


def short_date(value: dt.datetime | None) -> str:
    """``30/07/2020 06:00`` for lists."""
    if value is None:
        return ""
    return f"{in_vietnam(value):%d/%m/%Y %H:%M}"


def parse_local(date_text: str, time_text: str = "") -> dt.datetime:
    """A date written the Vietnamese way (``30-7-2020``, ``30/7/2020``, ISO) and ``HH:MM``, read in GMT+7; an
    aware datetime. ValueError if either part cannot be read."""
    from apps.core.dates import parse_date

    day = parse_date(date_text)
    if day is None:
        raise ValueError("empty date")
    hour, minute = 0, 0
    if time_text.strip():
        h, _sep, m = time_text.strip().partition(":")
        hour, minute = int(h), int(m or 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)
