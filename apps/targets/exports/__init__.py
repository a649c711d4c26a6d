"""The term report as official documents: .docx (python-docx), .pdf (WeasyPrint) and .xlsx (openpyxl).

All three render one :class:`~apps.targets.report.TermReport` and one
:class:`~apps.targets.exports.letterhead.Letterhead`, so they say what the page says. :func:`export` builds
the report and renders it in Vietnamese whatever the interface language: it is an official document.

    data, payload = exports.export(term, "pdf", as_of=dt.date(2020, 7, 30), number="12-BC/ĐU")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation

from apps.targets import report
from apps.targets.exports.letterhead import Letterhead, letterhead
from apps.targets.models import Term
from apps.targets.report import TermReport

LANGUAGE = "vi"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[TermReport, Letterhead], bytes]


def _docx(report: TermReport, head: Letterhead) -> bytes:
    from apps.targets.exports.word import render_docx

    return render_docx(report, head)


def _pdf(report: TermReport, head: Letterhead) -> bytes:
    from apps.targets.exports.pdf import render_pdf

    return render_pdf(report, head)


def _xlsx(report: TermReport, head: Letterhead) -> bytes:
    from apps.targets.exports.excel import render_xlsx

    return render_xlsx(report, head)


FORMATS = {
    "docx": Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
    "pdf": Format("pdf", "application/pdf", _pdf),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
}


def render(report: TermReport, file_format: str, *, number: str | None = None, place: str | None = None) -> bytes:
    """The report as a file in ``file_format`` (docx, pdf or xlsx)."""
    return FORMATS[file_format].render(report, letterhead(report, number=number, place=place))


def export(
    term: Term, file_format: str, *, as_of: dt.date | None = None, number: str | None = None, place: str | None = None
) -> tuple[TermReport, bytes]:
    """The report of ``term`` on ``as_of`` (by default as :func:`apps.targets.report.build` chooses) and the file."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format: {file_format}")
    with translation.override(LANGUAGE):
        data = report.build(term, as_of)
        return data, render(data, file_format, number=number, place=place)


def filename(report: TermReport, file_format: str) -> str:
    """bao-cao-nhiem-ky-CCQDN-ST-2015-2020-20200730.pdf"""
    stem = f"bao-cao-nhiem-ky-{report.term.organization.code}-{report.term.label}-{report.as_of:%Y%m%d}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem) + f".{file_format}"


__all__ = ["FORMATS", "Format", "Letterhead", "export", "filename", "letterhead", "render"]
