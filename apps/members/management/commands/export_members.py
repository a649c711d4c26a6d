"""``manage.py export_members [--organization CODE] [--as-of DATE] [--output FILE] [--actor USERNAME]``.

Writes the members of an organization's subtree (all organizations when none is given) active on a date
to .xlsx, in the import template's columns, through the same scoped selectors as the page: with
``--actor`` only what that user may see; without it, everything (the command acts for the system). Each
export is recorded in the audit log (``member.exported``), naming the user or the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from apps.core import context
from apps.core.dates import parse_date
from apps.members import selectors
from apps.members.exporters import export_members_xlsx, with_membership
from apps.organizations.selectors import organization_get


class SystemReader:
    """The command's reader when no ``--actor`` is given: the scoping mechanism lets it see everything."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        return "manage.py export_members"


class Command(BaseCommand):
    help = "Xuất danh sách đảng viên ra tệp Excel. / Export members to a spreadsheet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", metavar="CODE", help="the organization whose subtree to export (all when absent)")
        parser.add_argument("--as-of", metavar="DATE", help="members active on this date, e.g. 27-6-2019 (today when absent)")
        parser.add_argument("--status", choices=("current", "left"), default="current")
        parser.add_argument("--output", metavar="FILE", help="the .xlsx to write")
        parser.add_argument("--actor", metavar="USERNAME", help="export only what this user may see")

    def handle(self, *args: Any, **options: Any) -> None:
        reader: Any = SystemReader()
        if options["actor"]:
            reader = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if reader is None:
                raise CommandError(f"Không có người dùng {options['actor']!r} / No active user {options['actor']!r}")
        try:
            on_date = parse_date(options["as_of"]) or timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {options['as_of']} (viết như 27-6-2019) / Not a date") from None
        org = None
        if options["organization"]:
            try:
                org = organization_get(reader, code=options["organization"])
            except Http404:
                raise CommandError(
                    f"Không tìm thấy tổ chức {options['organization']!r} / No organization {options['organization']!r}"
                ) from None
        people = with_membership(selectors.members_of(reader, org, on_date=on_date, status=options["status"]), on_date)
        output = Path(options["output"] or f"dang-vien-{org.code if org else 'tat-ca'}-{on_date:%Y%m%d}.xlsx")
        actor = reader if options["actor"] else reader.get_username()  # the audit log names the system by the command
        try:
            with context.action_context("command"), output.open("wb") as out:
                n = export_members_xlsx(
                    actor=actor,
                    people=people.iterator(chunk_size=2000),
                    out=out,
                    organization=org,
                    filters={"on_date": on_date, "status": options["status"]},
                    on_date=on_date,
                )
        except BaseException:
            output.unlink(missing_ok=True)  # an export that could not be recorded leaves no file behind
            raise
        self.stdout.write(f"Đã xuất {n} đảng viên vào {output} / Exported {n} members to {output}")
