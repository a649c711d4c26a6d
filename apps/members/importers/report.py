"""What an import found: each bad cell (row as Excel shows it, column header, message), and a summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from apps.members.columns import cell_text

MAX_ERRORS = 5000  # errors kept in the report; the count goes on beyond


@dataclass
class RowError:
    #: the row number Excel shows (0 when the file as a whole is wrong)
    row: int
    #: the column's header as written in the file
    column: str
    #: Vietnamese, then English after " / "
    message: str
    #: the cell's content as read
    value: str = ""
    #: the cell's address, such as D17
    cell: str = ""


@dataclass
class ImportReport:
    total_rows: int = 0
    valid_rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    #: the file's text encoding as detected: unicode, tcvn3 or vni
    encoding: str = "unicode"
    #: how many cells were converted from each legacy encoding
    converted: dict[str, int] = field(default_factory=dict)
    header_row: int = 0
    columns: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    #: clean rows per organization code
    organizations: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    #: a failure while writing (nothing was written)
    failure: str = ""

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and not self.failure

    @property
    def truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def add(self, row: int, column: str, message: str, value: Any = "", cell: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            text = value if isinstance(value, str) else cell_text(value)
            self.errors.append(RowError(row, column, message, text[:200], cell))

    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [[e.row, e.column, e.message, e.value, e.cell] for e in self.errors]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ImportReport:
        data = dict(data or {})
        errors = [RowError(*e) for e in data.pop("errors", [])]
        known = set(cls.__dataclass_fields__)
        return cls(errors=errors, **{k: v for k, v in data.items() if k in known})
