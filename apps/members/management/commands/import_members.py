"""``manage.py import_members FILE --organization CODE [--dry-run] [--actor USERNAME]``.

Imports a member spreadsheet with the same checks as the web page, all or nothing. CODE is the default
organization for rows without a code; rows with a code must lie in its subtree. With ``--actor`` the import
is limited to that user's scope and recorded under their name; without it, it acts for the system.

Exit status: 0 imported (or, with ``--dry-run``, the file is valid); 1 wrong arguments; 2 the file has
errors (the report is printed, nothing was written); 3 the database refused the write (nothing was written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core import context
from apps.core.scoping import can
from apps.members.importers import PERM_IMPORT, ImportOptions, ImportReport, import_file
from apps.organizations.models import Organization

REJECTED = 2
FAILED = 3


class Command(BaseCommand):
    help = (
        "Nhập danh sách đảng viên từ tệp Excel (kiểm tra toàn bộ, có lỗi thì không nhập gì). / "
        "Import members from a spreadsheet (all rows checked first; any error and nothing is written)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx (or .xls, .ods) file")
        parser.add_argument("--organization", required=True, metavar="CODE", help="default organization; rows must lie under it")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--actor", metavar="USERNAME", help="import as this user, within their scope")
        parser.add_argument(
            "--given-syllables", type=int, default=1, choices=(1, 2), help="words of a full name that are the given name"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path} / No such file: {path}")
        root = Organization.objects.filter(code=options["organization"]).first()
        actor: Any = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {options['actor']!r} / No active user {options['actor']!r}")
        # a missing organization and one outside the actor's scope answer the same
        if root is None or (actor is not None and not can(actor, PERM_IMPORT, root.id)):
            raise CommandError(
                f"Không có tổ chức mã {options['organization']!r} trong phạm vi được nhập / "
                f"No organization {options['organization']!r} within the import scope"
            )
        with context.action_context("command"):
            report = import_file(
                path,
                actor=actor,
                options=ImportOptions(root=root, dry_run=options["dry_run"], given_syllables=options["given_syllables"]),
                source_name=path.name,
            )
        self._print(report)
        if report.failure:
            raise CommandError(report.failure, returncode=FAILED)
        if not report.ok:
            raise CommandError(
                f"Tệp có {report.error_count} lỗi, chưa nhập gì / {report.error_count} errors, nothing imported",
                returncode=REJECTED,
            )
        if report.dry_run:
            self.stdout.write(
                f"Tệp hợp lệ: {report.valid_rows} dòng có thể nhập / Valid: {report.valid_rows} rows can be imported"
            )
        else:
            self.stdout.write(f"Đã nhập {report.created} đảng viên / Imported {report.created} members")

    def _print(self, report: ImportReport) -> None:
        self.stdout.write(
            f"Dòng dữ liệu / rows: {report.total_rows}; bảng mã / encoding: {report.encoding}"
            + "".join(f"; {enc}: {n} ô đã chuyển / cells converted" for enc, n in report.converted.items())
        )
        for e in report.errors:
            where = f"Dòng {e.row}" if e.row else "Tệp"
            column = f", cột {e.column}" if e.column else ""
            cell = f" ({e.cell})" if e.cell else ""
            value = f" [{e.value}]" if e.value else ""
            self.stdout.write(f"{where}{column}{cell}: {e.message}{value}")
        if report.truncated:
            self.stdout.write(f"… {report.error_count - len(report.errors)} lỗi nữa / more errors")
