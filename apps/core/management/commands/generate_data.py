"""Generate province- or country-size data for benchmarks.

    manage.py generate_data --members 100000 --organizations 6000 --seed 1
    manage.py generate_data --members 1000000 --organizations 60000 --seed 1 \
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_1m

The target database must hold no organizations or members yet (it is migrated first). The same arguments
give the same data; ``--digest`` prints a digest of it to compare two runs.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from apps.core import pagecache
from apps.core.context import action_context
from apps.core.dates import parse_date


def use_database(url: str) -> None:
    """Point the default connection at another database for the rest of this process."""
    import dj_database_url

    connections["default"].close()
    config = connections.configure_settings({"default": dj_database_url.parse(url)})["default"]
    connections.settings["default"] = config
    del connections["default"]


class Command(BaseCommand):
    help = "Sinh dữ liệu cỡ tỉnh hoặc toàn quốc để đo hiệu năng (Generate province- or country-size data for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, required=True, help="số đảng viên (members)")
        parser.add_argument("--organizations", type=int, default=None, help="số tổ chức (default: members / 17)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--until", default="31-12-2025", help="dữ liệu đến ngày (data until), e.g. 31-12-2025")
        parser.add_argument("--database-url", default=None, help="write to this database instead of DATABASE_URL")
        parser.add_argument("--digest", action="store_true", help="print a digest of the data written")

    def handle(self, *args: Any, **options: Any) -> None:
        from apps.core.demo.generator import Generator, data_digest
        from apps.members.models import Person
        from apps.organizations.models import Organization

        if options["database_url"]:
            use_database(options["database_url"])
        call_command("migrate", interactive=False, verbosity=0)
        if Organization.objects.exists() or Person.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức hoặc đảng viên; hãy dùng một cơ sở dữ liệu trống. (The database is not empty.)"
            )
        until = parse_date(options["until"])
        assert isinstance(until, dt.date)
        members = options["members"]
        organizations = options["organizations"] or max(8, members // 17)
        started = time.monotonic()
        generator = Generator(members=members, organizations=organizations, seed=options["seed"], until=until)
        with action_context("command"):
            generator.run(log=lambda line: self.stdout.write(line))
        pagecache.clear()
        self.stdout.write(f"total: {time.monotonic() - started:.1f} s")
        if options["digest"]:
            self.stdout.write(f"digest: {data_digest()}")
