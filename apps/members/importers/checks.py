"""The checks of pass 1, row by row and batch by batch; nothing here writes.

Each row is read cell by cell (:mod:`.reading`), its facts checked with ``validation.check_person`` (the
rules in force on its dates, read once for the whole file), and compared with the rows before it
(citizen ID, card number, same folded name and birth date). Every ``chunk_size`` rows the pending rows are
checked against the database in a few queries: their organizations (known, alive, inside the importing
user's scope and under the chosen default organization) and, unless the spill does it set-based at the
end, people already recorded with the same citizen ID, card number, or name and birth date.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import legacy_vn, text
from apps.core.dates import format_date
from apps.core.scoping import allowed_among, is_unrestricted
from apps.core.text import split_full_name
from apps.members.columns import BY_FIELD, COLUMNS, FULL_NAME, NAME_PARTS, CellError, Column, bilingual, cell_text
from apps.members.importers.messages import english_for
from apps.members.importers.reading import Reader, column_letter, header_field, make_reader
from apps.members.importers.report import ImportReport
from apps.members.models import Person
from apps.members.validation import check_person
from apps.organizations.models import Organization, ScopePath

PERM_IMPORT = "members.import"
HEADER_SEARCH_ROWS = 20


class MemberRow(NamedTuple):
    """A checked row, ready to write."""

    row: int
    family_name: str
    middle_name: str
    given_name: str
    birth_date: dt.date
    gender: str
    ethnicity: str
    religion: str
    hometown: str
    citizen_id: str
    phone: str
    email: str
    education_level: str
    theory_level: str
    admission_date: dt.date
    full_member_date: dt.date | None
    card_number: str
    organization_id: int
    start_date: dt.date
    decision_symbol: str
    note: str
    name_folded: str
    sort_key: str


#: the Person fields a row carries, in order
PERSON_FIELDS = MemberRow._fields[1:17]


class Spill(Protocol):
    """Where pass 1 keeps the clean rows for pass 2 (a temporary file, or a temporary table)."""

    count: int
    #: whether the spill finds duplicates itself, set-based after pass 1 (then it takes every row read,
    #: including those that failed another check, whose values may be missing)
    set_based: bool

    def write(self, rows: list[MemberRow]) -> None: ...

    def rows(self) -> Iterator[MemberRow]: ...

    def conflicts(self) -> Iterator[tuple[str, int, str, int]]:
        """(field, row, value, first) for each row whose citizen ID, card number, or folded name and birth
        date (field ``given_name``) an earlier row of the file has (``first`` is that row) or a recorded
        person has (``first`` is 0)."""
        ...

    def close(self) -> None: ...


@dataclass
class ImportOptions:
    #: the default organization for rows without a code; rows with a code must lie in its subtree
    root: Organization | None = None
    #: how many words of a full name are the given name (Khmer names often have two)
    given_syllables: int = 1
    dry_run: bool = False
    today: dt.date | None = None
    chunk_size: int = 5000


Progress = Callable[[str, int], None]

# ------------------------------------------------------------------------------------------------ scope


def allowed_ids(actor: Any, ids: list[int]) -> set[int]:
    """The organizations among ``ids`` where ``actor`` may import members: the scoping mechanism's
    ``can(actor, "members.import", id)``, asked for a batch at a time. No actor (a command run without
    ``--actor``) acts for the system."""
    if actor is None or is_unrestricted(actor):
        return set(ids)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    return allowed_among(actor, PERM_IMPORT, ids)


def _descendant_ids(root_id: int, ids: list[int]) -> set[int]:
    out: set[int] = set()
    for i in range(0, len(ids), 500):
        out.update(
            ScopePath.objects.filter(ancestor_id=root_id, descendant_id__in=ids[i : i + 500]).values_list(
                "descendant_id", flat=True
            )
        )
    return out


# ------------------------------------------------------------------------------------------------ the checker


@functools.lru_cache(maxsize=100_000)
def _part(part: str) -> tuple[str, str, str]:
    """A name part's fold and its (primary, tones) of ``text.sort_key`` (whose composition ``_derive`` repeats;
    a test holds the two equal)."""
    primary, tones = text._primary_and_tones(part)
    return text.fold(part), primary, tones


@dataclass
class _OrgInfo:
    id: int
    code: str
    name: str
    founded_on: dt.date
    ended_on: dt.date | None
    allowed: bool = False
    in_root: bool = True


@dataclass
class _Pending:
    """A row read from the file, waiting for the checks that need the database (done per batch)."""

    row: int
    values: dict[str, Any]
    code: str
    #: (name_folded, sort_key), or empty strings without a given name
    derived: tuple[str, str]
    failed: bool

    @property
    def name_folded(self) -> str:
        return self.derived[0]


class Checker:
    def __init__(self, actor: Any, options: ImportOptions, report: ImportReport, *, set_based: bool = False) -> None:
        self.actor = actor
        #: duplicates are found by the spill at the end, not here (in the file, and among recorded people)
        self.set_based = set_based
        self.options = options
        self.report = report
        self.today = options.today or timezone.localdate()
        self.columns: list[tuple[int, Column]] = []
        self.readers: list[tuple[int, str, Reader]] = []
        self.headers: dict[str, str] = {}
        self.header_cells: list[str] = []
        self.letters: dict[str, str] = {}
        self.converter = legacy_vn.Converter()
        self.converted: Counter[str] = Counter()
        self.use_full_name = False
        self.orgs: dict[str, _OrgInfo | None] = {}
        self.seen_citizen: dict[str, int] = {}
        self.seen_card: dict[str, int] = {}
        self.seen_name: dict[tuple[str, dt.date], int] = {}
        self.pending: list[_Pending] = []

    # ---- the header

    def read_header(self, number: int, cells: list[Any], start_col: int) -> bool:
        """Whether ``cells`` is the header row (two known columns or more); maps the columns if so."""
        found: list[tuple[int, str, str]] = []
        ignored: list[str] = []
        for i, raw in enumerate(cells):
            written = cell_text(raw).strip()
            if written and not written.isascii():
                self.header_cells.append(written)  # as written: evidence of the file's encoding
            name, text = header_field(written)
            if name:
                found.append((i, name, text))
            elif text:
                ignored.append(text)
        fields = {f for _i, f, _t in found}
        if len(fields) < 2:
            return False
        self.report.header_row = number
        self.report.ignored_headers = ignored
        for i, name, text in found:
            if name in self.headers:
                self.report.add(number, text, bilingual(_("Cột bị lặp lại."), "The column appears twice."))
                continue
            self.headers[name] = text
            self.letters[name] = column_letter(start_col + i)
            self.columns.append((i, BY_FIELD[name]))
        self.use_full_name = "full_name" in fields and not fields & set(NAME_PARTS)
        if not self.use_full_name:
            self.columns = [(i, c) for i, c in self.columns if c.field != "full_name"]
        for column in COLUMNS:
            if not column.required or column.field in fields or (column.field == "given_name" and self.use_full_name):
                continue
            self.report.add(
                number,
                column.header,
                bilingual(
                    _("Thiếu cột bắt buộc “%(c)s”.") % {"c": column.header}, f"The required column “{column.header}” is missing."
                ),
            )
        self.report.columns = [c.field for _i, c in self.columns]
        return True

    def use_encoding(self, encoding: legacy_vn.Encoding) -> None:
        self.converter = legacy_vn.Converter(encoding)
        self.readers = [(i, c.field, make_reader(c, self.converter, self.converted)) for i, c in self.columns]

    def header_of(self, name: str) -> str:
        if name in NAME_PARTS and self.use_full_name:
            return self.headers.get("full_name", FULL_NAME.header)
        return self.headers.get(name) or BY_FIELD[name].header

    def error(self, row: int, name: str, message: str, value: Any = "") -> None:
        key = "full_name" if name in NAME_PARTS and self.use_full_name else name
        letter = self.letters.get(key)
        self.report.add(row, self.header_of(name), message, value, f"{letter}{row}" if letter else "")

    # ---- one row

    def read_row(self, row: int, cells: list[Any]) -> None:
        values: dict[str, Any] = {}
        bad: set[str] = set()
        width = len(cells)
        for i, name, reader in self.readers:
            raw = cells[i] if i < width else ""
            try:
                values[name] = reader(raw)
            except CellError as exc:
                bad.add(name)
                values[name] = None
                self.error(row, name, str(exc), raw)
        if self.use_full_name:
            parts = split_full_name(values.pop("full_name", None) or "", self.options.given_syllables)
            values.update(zip(NAME_PARTS, parts, strict=True))
        failed = self._check_facts(row, values, bad) or bool(bad)
        code = values.pop("organization_code", None) or ""
        if not code and self.options.root is None:
            failed = True
            self.error(
                row,
                "organization_code",
                bilingual(
                    _("Thiếu mã tổ chức (hoặc chọn tổ chức mặc định khi nhập)."),
                    "The organization code is missing (or choose a default organization).",
                ),
            )
        given = values.get("given_name")
        derived = self._derive(values.get("family_name") or "", values.get("middle_name") or "", given) if given else ("", "")
        if not self.set_based:
            failed = self._check_in_file(row, values, derived[0]) or failed
        self.pending.append(_Pending(row, values, code, derived, failed))

    def _derive(self, family: str, middle: str, given: str) -> tuple[str, str]:
        """(name_folded, sort_key) of a name, as ``text.fold(full_name(...))`` and ``text.person_sort_key``
        give them, composed from each part's, which are remembered (names share their parts)."""
        f, m, g = _part(family), _part(middle), _part(given)
        folded = " ".join(x for x in (f[0], m[0], g[0]) if x)
        return folded, "00".join((g[1], f[1], m[1])) + "0000" + "0".join((g[2], f[2], m[2]))

    def _check_facts(self, row: int, values: dict[str, Any], bad: set[str]) -> bool:
        failed = False
        for name, message in check_person(values, today=self.today):
            if name in bad:
                continue  # the cell could not be read: already reported
            failed = True
            self.error(row, name, bilingual(message, english_for(message)), values.get(name) or "")
        admission = values.get("admission_date")
        start = values.get("start_date")
        if start is not None and admission is not None and start < admission:
            failed = True
            self.error(
                row,
                "start_date",
                bilingual(_("Ngày bắt đầu sinh hoạt sớm hơn ngày vào Đảng."), "The start date is before the admission date."),
                start,
            )
        if start is not None and start > self.today:
            failed = True
            self.error(
                row, "start_date", bilingual(_("Ngày bắt đầu sinh hoạt ở tương lai."), "The start date is in the future."), start
            )
        return failed

    def _check_in_file(self, row: int, values: dict[str, Any], name_folded: str) -> bool:
        failed = False
        for name, seen in (("citizen_id", self.seen_citizen), ("card_number", self.seen_card)):
            value = values.get(name)
            if value:
                first = seen.setdefault(value, row)
                if first != row:
                    failed = True
                    self.conflict(name, row, value, first)
        birth = values.get("birth_date")
        if name_folded and birth is not None:
            first = self.seen_name.setdefault((name_folded, birth), row)
            if first != row:
                failed = True
                self.conflict("given_name", row, values.get("given_name") or "", first)
        return failed

    def conflict(self, name: str, row: int, value: str, first: int) -> None:
        """Report a row that repeats an earlier row of the file (``first``) or a recorded person (0)."""
        if first:
            if name == "given_name":
                message = bilingual(
                    _("Trùng họ tên và ngày sinh với dòng %(r)s.") % {"r": first}, f"Same name and date of birth as row {first}."
                )
            else:
                message = bilingual(_("Trùng với dòng %(r)s.") % {"r": first}, f"Same as row {first}.")
        elif name == "given_name":
            message = bilingual(
                _("Đã có đảng viên cùng họ tên và ngày sinh trong hệ thống."),
                "A member with the same name and date of birth is already in the system.",
            )
        else:
            label = _("Số CCCD") if name == "citizen_id" else _("Số thẻ đảng viên")
            message = bilingual(
                _("%(label)s “%(v)s” đã có trong hệ thống.") % {"label": label, "v": value},
                f"“{value}” is already in the system.",
            )
        self.error(row, name, message, value)

    # ---- a batch of rows, against the database

    def flush(self) -> tuple[list[MemberRow], list[MemberRow]]:
        """Check the pending rows against the database. Answers the clean rows, and (for a set-based spill)
        the keys of the others: rows with what was read of them, no organization and no start."""
        batch, self.pending = self.pending, []
        if not batch:
            return [], []
        self._resolve_orgs({p.code for p in batch if p.code})
        if not self.set_based:
            self._check_database(batch)
        clean: list[MemberRow] = []
        others: list[MemberRow] = []
        for p in batch:
            org = self._org_of(p)
            if org is None or p.failed:
                if self.set_based:
                    others.append(self._keys(p))
                continue
            v = p.values
            # Without a start date the membership starts on admission, or when the organization was founded
            # if that came later (members admitted before a merger are imported into its result).
            start = v.get("start_date") or max(v["admission_date"], org.founded_on)
            if start > self.today:
                self.error(
                    p.row, "start_date", bilingual(_("Ngày bắt đầu sinh hoạt ở tương lai."), "The start date is in the future.")
                )
                if self.set_based:
                    others.append(self._keys(p))
                continue
            self.report.organizations[org.code] = self.report.organizations.get(org.code, 0) + 1
            family, middle, given = v.get("family_name") or "", v.get("middle_name") or "", v["given_name"]
            folded, sort_key = p.derived
            clean.append(
                MemberRow(
                    p.row,
                    family,
                    middle,
                    given,
                    v["birth_date"],
                    v["gender"],
                    v.get("ethnicity", ""),
                    v.get("religion", ""),
                    v.get("hometown", ""),
                    v.get("citizen_id", ""),
                    v.get("phone", ""),
                    v.get("email", ""),
                    v.get("education_level", ""),
                    v.get("theory_level", ""),
                    v["admission_date"],
                    v.get("full_member_date"),
                    v.get("card_number", ""),
                    org.id,
                    start,
                    v.get("decision_symbol", ""),
                    v.get("note", ""),
                    folded,
                    sort_key,
                )
            )
        return clean, others

    @staticmethod
    def _keys(p: _Pending) -> MemberRow:
        v = p.values
        keys = {name: v.get(name) or "" for name in ("family_name", "middle_name", "given_name", "citizen_id", "card_number")}
        merged = (
            dict.fromkeys(MemberRow._fields)
            | keys
            | {"row": p.row, "birth_date": v.get("birth_date"), "name_folded": p.name_folded}
        )
        return MemberRow._make(merged.values())  # in the fields' order: the first dict set it

    def _org_of(self, p: _Pending) -> _OrgInfo | None:
        """The row's organization, or None after reporting why it cannot take the row."""
        root = self.options.root
        if p.code:
            code = p.code
        elif root is not None:
            code = root.code
        else:
            return None  # reported when read
        org = self.orgs.get(code)
        message = ""
        if org is None or not org.allowed:
            # a missing organization and one outside the user's scope answer the same
            message = bilingual(
                _("Không có tổ chức mã “%(c)s” trong phạm vi bạn được nhập.") % {"c": code},
                f"No organization with the code “{code}” within your import scope.",
            )
        elif root is not None and not org.in_root:
            message = bilingual(
                _("Tổ chức “%(c)s” không trực thuộc “%(r)s”.") % {"c": code, "r": root.name},
                f"“{code}” does not lie under “{root.name}”.",
            )
        elif org.ended_on is not None:
            message = bilingual(
                _("Tổ chức “%(c)s” đã kết thúc hoạt động ngày %(d)s.") % {"c": code, "d": format_date(org.ended_on)},
                f"“{code}” ended on {format_date(org.ended_on)}.",
            )
        if message:
            self.error(p.row, "organization_code", message, code)
            p.failed = True
            return None
        start = p.values.get("start_date")
        if org is not None and start is not None and start < org.founded_on:
            self.error(
                p.row,
                "start_date",
                bilingual(
                    _("Tổ chức “%(c)s” chưa thành lập vào ngày %(d)s (thành lập ngày %(f)s).")
                    % {"c": code, "d": format_date(start), "f": format_date(org.founded_on)},
                    f"“{code}” did not exist on {format_date(start)} (founded {format_date(org.founded_on)}).",
                ),
                start,
            )
            p.failed = True
            return None
        return org

    def _resolve_orgs(self, codes: set[str]) -> None:
        root = self.options.root
        if root is not None:
            codes.add(root.code)
        missing = sorted(c for c in codes if c not in self.orgs)
        if not missing:
            return
        found: dict[str, _OrgInfo] = {}
        for i in range(0, len(missing), 500):
            for oid, code, name, founded, ended in Organization.objects.filter(code__in=missing[i : i + 500]).values_list(
                "id", "code", "name", "founded_on", "ended_on"
            ):
                found[code] = _OrgInfo(oid, code, name, founded, ended)
        ids = [o.id for o in found.values()]
        allowed = allowed_ids(self.actor, ids)
        in_root = set(ids) if root is None else _descendant_ids(root.id, ids)
        for code in missing:
            org = found.get(code)
            if org is not None:
                org.allowed = org.id in allowed
                org.in_root = org.id in in_root
            self.orgs[code] = org

    def _check_database(self, batch: list[_Pending]) -> None:
        for name in ("citizen_id", "card_number"):
            values = sorted({p.values[name] for p in batch if p.values.get(name)})
            taken: set[str] = set()
            for i in range(0, len(values), 1000):
                taken.update(Person.objects.filter(**{f"{name}__in": values[i : i + 1000]}).values_list(name, flat=True))
            for p in batch:
                value = p.values.get(name)
                if value and value in taken:
                    p.failed = True
                    self.conflict(name, p.row, value, 0)
        names = sorted({p.name_folded for p in batch if p.name_folded and p.values.get("birth_date")})
        existing: set[tuple[str, dt.date]] = set()
        for i in range(0, len(names), 1000):
            existing.update(Person.objects.filter(name_folded__in=names[i : i + 1000]).values_list("name_folded", "birth_date"))
        for p in batch:
            if existing and (p.name_folded, p.values.get("birth_date")) in existing:
                p.failed = True
                self.conflict("given_name", p.row, p.values.get("given_name") or "", 0)
