"""Reading a list of reorganizations typed or uploaded by a clerk, for ``services.reorganization_bulk``.

One operation a line, English or Vietnamese verbs, diacritics optional::

    chuyển CB01 -> DBCCQ          (move CB01 -> DBCCQ)
    hợp nhất CB02, CB03 -> CB04   (merge CB02, CB03 -> CB04)
    giải thể CB05                 (dissolve CB05)
    đổi tên CB06 -> Chi bộ Sở Tài chính   (rename ...)
    thành lập CB07 | Chi bộ Cục Thuế | chi bộ trực thuộc -> DBCCQ   (found ...)

A CSV or Excel file holds the same, either one line per row in the first column, or in columns
``thao tác, mã, mã đích, tên, loại``. Everything is parsed before anything runs; the parsed list is
written back as canonical text so the preview shows, and Apply sends, exactly what will be done.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.utils.translation import gettext as _

from apps.core.text import fold, nfc
from apps.organizations.choices import OrganizationKind

MAX_ERRORS = 20

VERBS: dict[str, str] = {
    "move": "move",
    "chuyen": "move",
    "chuyen truc thuoc": "move",
    "merge": "merge",
    "hop nhat": "merge",
    "sap nhap": "merge",
    "dissolve": "dissolve",
    "giai the": "dissolve",
    "rename": "rename",
    "doi ten": "rename",
    "found": "found",
    "thanh lap": "found",
}
CANONICAL = {"move": "chuyển", "merge": "hợp nhất", "dissolve": "giải thể", "rename": "đổi tên", "found": "thành lập"}
HEADER_WORDS = {"thao tac", "op", "operation", "lenh", "thao tac (op)"}
ARROW = re.compile(r"\s*(?:->|→|=>)\s*")
CODE_LIST = re.compile(r"[,;\s]+")
CODE = re.compile(r"^[\w.\-/]+$")


class BulkParseError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


KIND_ALIASES: dict[str, str] = {
    "dang bo cap tren co so": OrganizationKind.PARTY_COMMITTEE,
    "dang bo co so": OrganizationKind.GRASSROOTS_COMMITTEE,
    "chi bo co so": OrganizationKind.GRASSROOTS_CELL,
    "dang bo bo phan": OrganizationKind.SUB_COMMITTEE,
    "chi bo truc thuoc": OrganizationKind.ATTACHED_CELL,
    "chi bo": OrganizationKind.ATTACHED_CELL,
    "dang bo": OrganizationKind.GRASSROOTS_COMMITTEE,
}


def _kind(text: str) -> str | None:
    """A kind given as its code, its Vietnamese name or its label in the current language."""
    folded = fold(text)
    if folded in KIND_ALIASES:
        return str(KIND_ALIASES[folded])
    for value, label in OrganizationKind.choices:
        if folded in {value, fold(str(label))}:
            return str(value)
    return None


def _verb(line: str) -> tuple[str | None, str]:
    words = line.split()
    for k in (3, 2, 1):
        if len(words) > k and fold(" ".join(words[:k])) in VERBS:
            rest = re.split(r"\s+", line.strip(), maxsplit=k)[-1]
            return VERBS[fold(" ".join(words[:k]))], rest
    if len(words) == 1 and fold(words[0]) in VERBS:
        return VERBS[fold(words[0])], ""
    return None, line


def _code(text: str, n: int) -> str:
    code = nfc(text).upper()
    if not code or not CODE.match(code):
        raise ValueError(_("Dòng %(n)s: mã tổ chức không hợp lệ “%(c)s”.") % {"n": n, "c": text.strip()})
    return code


def parse_line(line: str, n: int) -> tuple[dict[str, Any], str]:
    """One line as an operation for the service and its canonical text; ValueError names the line."""
    verb, rest = _verb(nfc(line))
    if verb is None:
        raise ValueError(
            _("Dòng %(n)s: không hiểu thao tác “%(t)s” (dùng chuyển, hợp nhất, giải thể, đổi tên, thành lập).")
            % {"n": n, "t": line.strip()[:60]}
        )
    parts = ARROW.split(rest, maxsplit=1)
    left, right = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    word = CANONICAL[verb]
    if verb == "dissolve":
        if right or not left:
            raise ValueError(_("Dòng %(n)s: viết “giải thể MÃ”.") % {"n": n})
        code = _code(left, n)
        return {"op": "dissolve", "code": code}, f"{word} {code}"
    if not right:
        raise ValueError(_("Dòng %(n)s: thiếu “->” và phần đích.") % {"n": n})
    if verb == "move":
        code, parent = _code(left, n), _code(right, n)
        return {"op": "move", "code": code, "parent": parent}, f"{word} {code} -> {parent}"
    if verb == "merge":
        sources = [_code(c, n) for c in CODE_LIST.split(left) if c]
        if not sources:
            raise ValueError(_("Dòng %(n)s: thiếu các mã tổ chức hợp nhất.") % {"n": n})
        into = _code(right, n)
        if into in sources:
            raise ValueError(_("Dòng %(n)s: tổ chức nhận “%(c)s” cũng nằm trong danh sách hợp nhất.") % {"n": n, "c": into})
        return {"op": "merge", "sources": sources, "into": into}, f"{word} {', '.join(sources)} -> {into}"
    if verb == "rename":
        code, name = _code(left, n), nfc(right)
        return {"op": "rename", "code": code, "name": name}, f"{word} {code} -> {name}"
    # found: CODE | Name | kind -> PARENT
    fields = [p.strip() for p in left.split("|")]
    if len(fields) != 3 or not all(fields):
        raise ValueError(_("Dòng %(n)s: viết “thành lập MÃ | Tên | loại -> MÃ_CẤP_TRÊN”.") % {"n": n})
    code, name, kind = _code(fields[0], n), nfc(fields[1]), _kind(fields[2])
    if kind is None:
        raise ValueError(_("Dòng %(n)s: loại tổ chức không hợp lệ “%(k)s”.") % {"n": n, "k": fields[2]})
    parent = _code(right, n)
    label = str(OrganizationKind(kind).label)
    return (
        {"op": "found", "code": code, "name": name, "kind": kind, "parent": parent},
        f"{word} {code} | {name} | {label} -> {parent}",
    )


def parse_text(text: str) -> tuple[list[dict[str, Any]], str]:
    """All operations of a text, or every problem found (up to 20), each naming its line."""
    ops: list[dict[str, Any]] = []
    lines: list[str] = []
    errors: list[str] = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            op, canonical = parse_line(line, n)
        except ValueError as exc:
            errors.append(str(exc))
            if len(errors) >= MAX_ERRORS:
                break
            continue
        ops.append(op)
        lines.append(canonical)
    if errors:
        raise BulkParseError(errors)
    return ops, "\n".join(lines)


def _row_to_line(cells: list[str]) -> str:
    cells = [nfc(str(c)) if c is not None else "" for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return ""
    if len(cells) == 1:
        return cells[0]
    if fold(cells[0]) in HEADER_WORDS:
        return "# " + " | ".join(cells)
    cells += [""] * (5 - len(cells))
    op, codes, target, name, kind = cells[:5]
    verb, _rest = _verb(op + " x")
    if verb == "dissolve":
        return f"{op} {codes}"
    if verb == "rename":
        return f"{op} {codes} -> {name or target}"
    if verb == "found":
        return f"{op} {codes} | {name} | {kind} -> {target}"
    return f"{op} {codes} -> {target}"


def read_upload(filename: str, content: bytes) -> str:
    """The rows of an uploaded CSV or spreadsheet as text lines (line n is row n of the file)."""
    name = filename.lower()
    rows: list[list[str]]
    if name.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        try:
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # the library raises several types for a damaged or foreign file
            raise BulkParseError([_("Không đọc được tệp bảng tính: %(e)s") % {"e": str(exc)[:120]}]) from exc
        rows = [["" if c is None else _cell(c) for c in row] for row in sheet]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BulkParseError([_("Tệp phải được lưu với bảng mã UTF-8.")]) from exc
        # the delimiter spreadsheets save with (comma, semicolon in Vietnamese locales, tab): the commonest
        sample = "\n".join(text.splitlines()[:20])
        delimiter = max(",;\t", key=sample.count)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return "\n".join(_row_to_line(row) for row in rows)


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
