"""Maintain the member rollups: counts by date (apps/members/counts.py) and flows (apps/members/flows.py).

manage.py rebuild_counts --checkpoints   list the coming checkpoint dates and fill them (run yearly, e.g. in
                                         December; counts stay right without it, only slower)
manage.py rebuild_counts --verify        compare the stored rows of both with a fresh computation (read only)
manage.py rebuild_counts                 recompute every count delta and checkpoint, and every flow row
                                         (after a manual repair)
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core import pagecache


class Command(BaseCommand):
    help = (
        "Kiểm tra hoặc tính lại số đảng viên theo ngày và số tăng, giảm (Verify or rebuild the member-count and "
        "member-flow rollups)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--verify", action="store_true", help="chỉ kiểm tra (compare only)")
        parser.add_argument("--checkpoints", action="store_true", help="thêm mốc mới (add the coming checkpoints)")

    def handle(self, *args: Any, **options: Any) -> None:
        from apps.members import counts, flows

        started = time.monotonic()
        if options["verify"]:
            problems = counts.verify() + flows.verify()
            for line in problems:
                self.stdout.write(line)
            if problems:
                raise CommandError("Số liệu tổng hợp chưa khớp; chạy manage.py rebuild_counts. (The rollup differs.)")
            self.stdout.write(f"Khớp (consistent) — {time.monotonic() - started:.1f} s")
            return
        if options["checkpoints"]:
            added = counts.ensure_checkpoints()
            self.stdout.write(f"Thêm {len(added)} mốc (checkpoint dates added): {', '.join(d.isoformat() for d in added)}")
            return
        written = counts.rebuild()
        added = counts.ensure_checkpoints()
        flow_rows = flows.rebuild()
        pagecache.clear()
        self.stdout.write(
            f"Đã tính lại (rebuilt): {written} dòng (delta rows), {len(added)} mốc mới (new checkpoint dates), "
            f"{flow_rows} dòng tăng, giảm (flow rows) — {time.monotonic() - started:.1f} s"
        )
