"""Import members from a spreadsheet: read, check every row, then write all of it or nothing.

Pass 1 (:func:`validate_file`) reads the file once with python-calamine, turns legacy TCVN3/VNI and NFD text
into Unicode NFC, and checks each row (:mod:`.checks`): its cells, its facts, duplicates within the file,
the organizations and the importing user's scope, and, set-based or in batches, duplicates of people
already recorded. The rows that pass wait in a spill (:mod:`.spill`: a temporary table, or file) so memory
does not grow with the file; nothing is written to the database. Any error stops there with a report:
(row as Excel shows it, column header, message).

Pass 2 hands the spill to the :func:`members_import` service (:mod:`.writing`), which writes it inside one
transaction: ``Person`` and first ``Membership`` rows, the member-count rollup and the audit trail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core import legacy_vn, rules
from apps.members.columns import bilingual
from apps.members.importers.checks import (
    HEADER_SEARCH_ROWS,
    PERM_IMPORT,
    Checker,
    ImportOptions,
    MemberRow,
    Progress,
    Spill,
    allowed_ids,
)
from apps.members.importers.messages import english_for
from apps.members.importers.reading import SUFFIXES, count_rows, open_sheet
from apps.members.importers.report import ImportReport, RowError
from apps.members.importers.spill import FileSpill, TableSpill, new_spill
from apps.members.importers.writing import members_import


def validate_file(
    path: str | Path,
    *,
    actor: Any,
    options: ImportOptions,
    spill: Spill | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Pass 1: read and check every row of the file, writing nothing; the rows that pass go to ``spill``."""
    report = ImportReport(dry_run=options.dry_run)
    started = time.perf_counter()
    try:
        rows, start_col = open_sheet(path)
    except Exception:
        report.add(
            0, "", bilingual(_("Không đọc được tệp; hãy lưu lại dưới dạng .xlsx."), "Cannot read the file; save it as .xlsx.")
        )
        return report
    set_based = bool(getattr(spill, "set_based", False))
    checker = Checker(actor, options, report, set_based=set_based)
    numbered = enumerate(rows, start=1)
    for number, cells in numbered:
        if number > HEADER_SEARCH_ROWS or checker.read_header(number, cells, start_col):
            break
    if not report.header_row:
        report.add(
            0,
            "",
            bilingual(
                _("Không tìm thấy dòng tiêu đề (Họ, Tên, Ngày sinh ...) trong %(n)s dòng đầu; hãy dùng tệp mẫu.")
                % {"n": HEADER_SEARCH_ROWS},
                f"No header row (Họ, Tên, Ngày sinh ...) in the first {HEADER_SEARCH_ROWS} rows; use the template.",
            ),
        )
        return report
    if not report.ok:
        return report

    # The file's encoding, judged on its header and first rows (kept aside meanwhile).
    text_columns = [i for i, c in checker.columns if c.kind in ("text", "choice")]
    detector = legacy_vn.Detector()
    for header in checker.header_cells:
        detector.feed(header)
    buffered: list[tuple[int, list[Any]]] = []
    for number, cells in numbered:
        buffered.append((number, cells))
        for i in text_columns:
            if i < len(cells) and isinstance(cells[i], str):
                detector.feed(cells[i])
        if detector.done or len(buffered) >= 1000:
            break
    checker.use_encoding(detector.encoding)
    report.encoding = detector.encoding

    def all_rows() -> Iterator[tuple[int, list[Any]]]:
        yield from buffered
        yield from numbered

    chunk = options.chunk_size
    with rules.preloaded(), translation.override("vi"):
        for number, cells in all_rows():
            if not any(cells) and all(c == "" or c is None for c in cells):
                continue  # an empty row
            report.total_rows += 1
            checker.read_row(number, cells)
            if len(checker.pending) >= chunk:
                _flush(checker, spill, progress)
        _flush(checker, spill, progress)
        if spill is not None and set_based:
            for name, row, value, first in spill.conflicts():
                checker.conflict(name, row, value, first)
    report.errors.sort(key=lambda e: e.row)  # in the file's order (a stable sort keeps each row's order)
    if not report.ok:
        report.valid_rows = report.total_rows - len({e.row for e in report.errors if e.row > report.header_row})
    report.converted = {k: v for k, v in checker.converted.items() if v}
    if report.total_rows == 0:
        report.add(report.header_row, "", bilingual(_("Tệp không có dòng dữ liệu nào."), "The file has no data rows."))
    report.seconds["validate"] = round(time.perf_counter() - started, 3)
    return report


def _flush(checker: Checker, spill: Spill | None, progress: Progress | None) -> None:
    report = checker.report
    clean, others = checker.flush()
    report.valid_rows += len(clean)
    if spill is not None and checker.set_based:
        spill.write(clean + others)  # every row, to find duplicates among all of them
    elif spill is not None and report.ok:
        spill.write(clean)
    if progress is not None:
        progress("validating", report.total_rows)


def import_file(
    path: str | Path,
    *,
    actor: Any,
    options: ImportOptions,
    progress: Progress | None = None,
    job_id: int | None = None,
    source_name: str = "",
) -> ImportReport:
    """Check the whole file, then write all of it (unless a dry run) or nothing."""
    with new_spill() as spill:
        report = validate_file(path, actor=actor, options=options, spill=spill, progress=progress)
        if not report.ok or options.dry_run:
            return report
        if progress is not None:
            progress("writing", report.total_rows)
        started = time.perf_counter()
        try:
            report.created = members_import(
                actor=actor,
                rows=spill if isinstance(spill, TableSpill) else spill.rows(),
                job_id=job_id,
                source_name=source_name or Path(path).name,
                root=options.root,
                encoding=report.encoding,
            )
        except DatabaseError as exc:
            # Someone recorded the same person meanwhile (a unique ID), or the database refused: nothing was written.
            report.failure = bilingual(
                _("Không ghi được dữ liệu, chưa nhập gì; hãy thử lại (%(e)s).") % {"e": type(exc).__name__},
                f"The data could not be written, nothing was imported; try again ({type(exc).__name__}).",
            )
        report.seconds["write"] = round(time.perf_counter() - started, 3)
        return report


__all__ = [
    "PERM_IMPORT",
    "SUFFIXES",
    "FileSpill",
    "ImportOptions",
    "ImportReport",
    "MemberRow",
    "RowError",
    "TableSpill",
    "allowed_ids",
    "count_rows",
    "english_for",
    "import_file",
    "members_import",
    "open_sheet",
    "validate_file",
]
