"""Load the demo: the Party Committee of Provincial Agencies and Enterprises of Sóc Trăng, 1992-2025.

manage.py demo_data             build it (refused when the database already holds organizations)
manage.py demo_data --if-empty  build it only when the database holds no organization (bin/demo)
manage.py demo_data --reset     wipe a demo database (only one this command built) and build it again
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from apps.core import pagecache


def _wipe() -> None:
    """Start from an empty database, migrated again (so every data migration runs once more)."""
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE")
            cur.execute("CREATE SCHEMA public")
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL
        raise CommandError(f"--reset is not supported on {connection.vendor}")
    call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (Load the demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="chỉ nạp khi chưa có tổ chức nào (only into an empty database)"
        )
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu mẫu cũ rồi nạp lại (wipe a demo database first)")
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args: Any, **options: Any) -> None:
        from apps.core.demo.story import Story
        from apps.core.models import AuditEvent
        from apps.organizations.models import Organization

        if Organization.objects.exists():
            if options["reset"]:
                if not AuditEvent.objects.filter(event_type="demo.loaded").exists():
                    raise CommandError(
                        "Cơ sở dữ liệu này không phải dữ liệu mẫu; không xóa. (This database was not built by demo_data; refusing to wipe it.)"
                    )
                _wipe()
            elif options["if_empty"]:
                self.stdout.write("Đã có dữ liệu, không nạp dữ liệu mẫu. (Data present; demo not loaded.)")
                return
            else:
                raise CommandError("Cơ sở dữ liệu đã có dữ liệu; dùng --reset hoặc --if-empty. (The database is not empty.)")
        summary = Story(seed=options["seed"], log=lambda line: self.stdout.write(line)).build()
        pagecache.clear()
        self.stdout.write(
            f"Dữ liệu mẫu đã nạp (demo loaded): {summary.organizations} tổ chức (organizations), "
            f"{summary.members} đảng viên (members, {summary.current_members} đang sinh hoạt / current), "
            f"{summary.reorganizations} lần sắp xếp tổ chức (reorganizations), {summary.posts} chức vụ (posts), "
            f"{summary.users} tài khoản (users), {summary.targets} chỉ tiêu nghị quyết (targets) — {summary.seconds:.0f} s"
        )
        if summary.skipped:
            self.stdout.write("Bỏ qua (skipped): " + ", ".join(f"{k} {v}" for k, v in sorted(summary.skipped.items())))
