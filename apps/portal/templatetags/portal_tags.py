from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from apps.portal import dateline as dates
from apps.portal.images import THUMB_WIDTH

register = template.Library()


@register.filter
def dateline(value: dt.datetime | None) -> str:
    """Thứ Năm, 30/07/2020 | 06:00"""
    return dates.dateline(value)


@register.filter
def short_date(value: dt.datetime | None) -> str:
    return dates.short_date(value)


@register.filter
def thumb_height(image: Any) -> int:
    """The height of an image's thumbnail (so the page reserves its place before it loads)."""
    if image is None or not image.width:
        return 270
    width = min(THUMB_WIDTH, image.width)
    return max(1, round(image.height * width / image.width))


@register.filter
def iso(value: dt.datetime | None) -> str:
    return dates.in_vietnam(value).isoformat() if value else ""
