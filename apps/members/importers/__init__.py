"""Import members from a spreadsheet: read, check every row, then write all of it or nothing.

Pass 1 (:func:`validate_file`, in :mod:`.checks`) reads the file once with python-calamine, turns legacy
TCVN3/VNI and NFD text into Unicode NFC, reads each cell, checks each row's facts, duplicates within the
file and, in batches, against the database, the organizations and the importing user's scope. Clean rows
wait in a spill (:mod:`.spill`) so memory does not grow with the file; nothing is written to the database.
Any error stops there with a report: (row as Excel shows it, column header, message).

Pass 2 hands the spill to the :func:`members_import` service (:mod:`.writing`), which writes it inside one
transaction: ``Person`` and first ``Membership`` rows, the member-count rollup and the audit trail.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.utils.translation import gettext as _

from apps.members.columns import bilingual
from apps.members.importers.checks import (
    PERM_IMPORT,
    ImportOptions,
    MemberRow,
    Progress,
    allowed_ids,
    english_for,
    validate_file,
)
from apps.members.importers.reading import SUFFIXES, count_rows, open_sheet
from apps.members.importers.report import ImportReport, RowError
from apps.members.importers.spill import FileSpill, TableSpill, new_spill
from apps.members.importers.writing import members_import


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
