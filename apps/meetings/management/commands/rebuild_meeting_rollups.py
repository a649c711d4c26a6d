"""Maintain the monthly rollup of meetings and attendance (apps/meetings/rollups.py).

manage.py rebuild_meeting_rollups --verify   compare the stored rows with a fresh computation (read only)
manage.py rebuild_meeting_rollups            recompute every row (after a manual repair or a bulk load)
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core import pagecache


class Command(BaseCommand):
    help = "Kiểm tra hoặc tính lại số liệu sinh hoạt theo tháng (Verify or rebuild the monthly meetings rollup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--verify", action="store_true", help="chỉ kiểm tra (compare only)")

    def handle(self, *args: Any, **options: Any) -> None:
        from apps.meetings import rollups

        started = time.monotonic()
        if options["verify"]:
            problems = rollups.verify()
            for line in problems[:50]:
                self.stdout.write(line)
            if problems:
                raise CommandError(
                    f"{len(problems)} dòng chưa khớp; chạy manage.py rebuild_meeting_rollups. (The rollup differs.)"
                )
            self.stdout.write(f"Khớp (consistent) — {time.monotonic() - started:.1f} s")
            return
        n = rollups.rebuild()
        pagecache.clear()
        self.stdout.write(f"Đã tính lại {n} dòng (rows) — {time.monotonic() - started:.1f} s")
