"""Export any list of members the user can see to .xlsx, streaming rows (memory does not grow with the list)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook

from apps.members.columns import COLUMNS, value_for_export
from apps.members.models import Person


def write_xlsx(
    people: Iterable[Person], out: IO[bytes], *, title: str = "Danh sách đảng viên", on_date: dt.date | None = None
) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dang vien")
    ws.append([c.header for c in COLUMNS])
    n = 0
    for p in people:
        ws.append([value_for_export(p, c) for c in COLUMNS])
        n += 1
    wb.save(out)
    return n
