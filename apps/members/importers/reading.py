"""Reading the spreadsheet: the sheet's rows (python-calamine), its header, and a reader per column.

A column reader turns a raw cell into the stored value or raises :class:`CellError`. Values that repeat
(family names, ethnicities, labels) are read once and remembered, which matters at 100,000 rows.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from apps.core import legacy_vn
from apps.members.columns import (
    NAME_PARTS,
    Column,
    cell_text,
    check_email,
    check_length,
    field_for_header,
    read_choice,
    read_date,
    read_digits,
    read_phone,
)

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
# Columns whose values rarely repeat: not worth remembering.
_UNIQUE = frozenset({"citizen_id", "phone", "email", "card_number", "decision_symbol", "note"})
_CACHE_LIMIT = 50_000

Reader = Callable[[Any], Any]


def open_sheet(path: str | Path) -> tuple[Iterator[list[Any]], int]:
    """The rows of the first visible worksheet, from the sheet's first row, and the column of its first cell."""
    workbook = CalamineWorkbook.from_path(str(path))
    names = [
        m.name for m in workbook.sheets_metadata if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
    ] or workbook.sheet_names
    sheet = workbook.get_sheet_by_name(names[0])
    start_col = sheet.start[1] if sheet.start else 0
    return sheet.iter_rows(), start_col


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def count_rows(path: str | Path) -> int:
    """How many rows the first sheet has, cheaply: for an .xlsx from the sheet's dimension, or by counting
    its row tags without reading the cells; other formats are read."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as zf:
                sheets = sorted(
                    (n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                    key=lambda n: int(re.sub(r"\D", "", n)),
                )
                if sheets:
                    with zf.open(sheets[0]) as fh:
                        head = fh.read(4096)
                        m = _DIMENSION.search(head)
                        if m and int(m.group(1)) > 1:
                            return int(m.group(1))
                        n, tail = len(_ROW_TAG.findall(head)), head[-16:]
                        while chunk := fh.read(1 << 20):
                            n += len(_ROW_TAG.findall(tail + chunk)) - len(_ROW_TAG.findall(tail))
                            tail = chunk[-16:]
                        return n
        except (zipfile.BadZipFile, OSError, KeyError):
            return 0
    try:
        rows, _start = open_sheet(path)
        return sum(1 for _ in rows)
    except Exception:
        return 0


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def header_field(text: str) -> tuple[str | None, str]:
    """The column a header names, and the header as Unicode (it may have been typed in TCVN3 or VNI)."""
    found = field_for_header(text)
    if found is None and not text.isascii():
        for enc in ("tcvn3", "vni"):
            decoded = legacy_vn.to_unicode(text, enc)  # type: ignore[arg-type]
            found = field_for_header(decoded)
            if found:
                return found, decoded
    return found, text


def _capitalize(value: str) -> str:
    """A name read from TCVN3, whose first letter had no capital byte (.VnTime has none for Á, Ấ ...)."""
    return " ".join(w[:1].upper() + w[1:] if w[:1].islower() else w for w in value.split(" "))


def make_reader(column: Column, converter: legacy_vn.Converter, converted: Counter[str]) -> Reader:
    """The reader of one column: raw cell -> stored value, or :class:`CellError`."""
    if column.kind == "date":
        return read_date
    if column.kind == "digits":

        def read_id(raw: Any) -> str:
            value = read_digits(column, raw)
            check_length(column, value)
            return value

        return read_id
    if column.field == "phone":

        def read_phone_cell(raw: Any) -> str:
            value = read_phone(raw)
            check_length(column, value)
            return value

        return read_phone_cell

    # raw cell -> (value, the legacy encoding it was converted from or "")
    cache: dict[Any, tuple[str, str]] | None = None if column.field in _UNIQUE else {}
    is_choice = column.kind == "choice"
    is_name = column.field in NAME_PARTS or column.field == "full_name"
    is_email = column.field == "email"

    def read_text(raw: Any) -> str:
        if cache is not None:
            hit = cache.get(raw)
            if hit is not None:
                if hit[1]:
                    converted[hit[1]] += 1
                return hit[0]
        value = raw if isinstance(raw, str) else cell_text(raw)
        legacy = ""
        if value:
            if value.isascii():
                value = " ".join(value.split())
            else:
                text, encoding = converter.convert_tracked(value)
                if encoding != "unicode":
                    legacy = encoding
                    if is_name and encoding == "tcvn3":
                        text = _capitalize(text)
                value = " ".join(text.split())
        if is_choice:
            value = read_choice(column, value)
        elif is_email:
            check_email(value)
        check_length(column, value)
        if legacy:
            converted[legacy] += 1
        if cache is not None and len(cache) < _CACHE_LIMIT:
            cache[raw] = (value, legacy)  # calamine's cell values are all hashable
        return value

    return read_text
