from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.dates import parse_date


def as_of(request: HttpRequest, name: str = "ngay") -> tuple[dt.date, str | None]:
    """The "as of" date of a page (?ngay=1-1-2019), today when absent; with an error message when unreadable."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return timezone.localdate(), None
    try:
        value = parse_date(raw)
    except ValueError:
        return timezone.localdate(), _("Ngày không hợp lệ: %(v)s (viết như 27-6-2019)") % {"v": raw}
    return value or timezone.localdate(), None
