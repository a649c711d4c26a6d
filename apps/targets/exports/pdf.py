"""The term report as PDF: the print template (targets/report_print.html) rendered by WeasyPrint.

The template names Times New Roman with Liberation Serif (metrically the same, from Debian's fonts-liberation2)
behind it; WeasyPrint embeds the subset of the font the document uses, so the PDF reads the same on a machine
without either font. Nothing is fetched while rendering: the document has no external resources, and the URL
fetcher refuses every scheme but ``data:``.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from apps.targets.exports.chart import chart
from apps.targets.exports.content import content
from apps.targets.exports.letterhead import Letterhead
from apps.targets.report import TermReport


def render_html(report: TermReport, head: Letterhead) -> str:
    return render_to_string(
        "targets/report_print.html",
        {"report": report, "head": head, "body": content(report), "chart": chart(report)},
    )


def render_pdf(report: TermReport, head: Letterhead) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(string=render_html(report, head), url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf() or b""
