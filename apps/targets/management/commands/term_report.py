"""``manage.py term_report --organization CODE --term 2015-2020 [--format json|docx|pdf|xlsx] [--as-of DATE]
[--output FILE] [--number 12-BC/ĐU] [--place "Sóc Trăng"]``.

The term report of an organization: JSON (``TermReport.as_json()``) on standard output, or the official document
written to a file. The command acts for the system (it sees every organization) and each run is recorded in the
audit trail as ``term.report_exported`` by "manage.py term_report", with the source "command".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from apps.core import context
from apps.core.dates import parse_date
from apps.targets import exports, report, services
from apps.targets.models import Term

ACTOR = "manage.py term_report"
FORMATS = ("json", *exports.FORMATS)


class Command(BaseCommand):
    help = "Báo cáo kết quả thực hiện chỉ tiêu của một nhiệm kỳ. / The term report of an organization's term."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", metavar="CODE", required=True, help="the organization's code, e.g. CCQDN-ST")
        parser.add_argument("--term", metavar="LABEL", required=True, help="the term, e.g. 2015-2020")
        parser.add_argument("--format", choices=FORMATS, default="json", help="json on standard output (default), or a file")
        parser.add_argument(
            "--as-of", metavar="DATE", help="the report's date, e.g. 30-7-2020 (by default today, at most the term's end)"
        )
        parser.add_argument("--output", metavar="FILE", help="where to write (json: standard output when absent)")
        parser.add_argument("--number", metavar="SYMBOL", help="the document's number and symbol, e.g. 12-BC/ĐU")
        parser.add_argument("--place", metavar="PLACE", help="the place in the date line (by default the province)")

    def handle(self, *args: Any, **options: Any) -> None:
        code, label, file_format = options["organization"], options["term"], options["format"]
        try:
            as_of = parse_date(options["as_of"])
        except ValueError:
            raise CommandError(
                f"Ngày không hợp lệ: {options['as_of']} (viết như 30-7-2020) / Not a date: {options['as_of']}"
            ) from None
        term = Term.objects.select_related("organization").filter(organization__code=code, label=label).first()
        if term is None:
            known = list(Term.objects.filter(organization__code=code).order_by("start_date").values_list("label", flat=True))
            if not known:
                raise CommandError(
                    f"Không tìm thấy tổ chức {code!r} hoặc tổ chức chưa có nhiệm kỳ nào / "
                    f"No organization {code!r}, or it has no term"
                )
            raise CommandError(
                f"Tổ chức {code} không có nhiệm kỳ {label!r}; các nhiệm kỳ đã có: {', '.join(known)} / "
                f"{code} has no term {label!r}; its terms: {', '.join(known)}"
            )
        with context.action_context("command"):
            if file_format == "json":
                with translation.override(exports.LANGUAGE):
                    data = report.build(term, as_of)
                    text = json.dumps(data.as_json(), ensure_ascii=False, indent=2)
                payload = (text + "\n").encode()
            else:
                data, payload = exports.export(term, file_format, as_of=as_of, number=options["number"], place=options["place"])
            services.term_report_exported(actor=ACTOR, term=term, file_format=file_format, as_of=data.as_of)
        output = options["output"]
        if output is None and file_format == "json":
            self.stdout.write(payload.decode(), ending="")
            return
        path = Path(output or exports.filename(data, file_format))
        path.write_bytes(payload)
        self.stdout.write(f"Đã ghi {path} / Wrote {path}")
