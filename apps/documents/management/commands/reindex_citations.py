"""Rebuild the citation index from every citing source (reorganization decisions, resolutions, meeting minutes, and
the portal's articles once that app has them): ``manage.py reindex_citations [--source meetings.meeting ...]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.core import context
from apps.documents.services import citations_reindex
from apps.documents.sources import SOURCES


class Command(BaseCommand):
    help = "Dựng lại chỉ mục trích dẫn văn bản từ các nguồn (quyết định sắp xếp tổ chức, nghị quyết, biên bản, bài viết)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", action="append", choices=sorted(SOURCES), help="only this source (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        with context.action_context("command"):
            counts = citations_reindex(actor="reindex_citations", labels=options.get("source"))
        if options["verbosity"]:
            for label, n in counts.items():
                if not label.startswith("_"):
                    self.stdout.write(f"{label}: {n}")
            self.stdout.write(
                self.style.SUCCESS(f"{counts['_total']} trích dẫn, {counts['_resolved']} đã khớp với văn bản trong sổ.")
            )
