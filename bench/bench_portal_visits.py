"""The portal's visit counter under concurrent visits: does it stay exact?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_portal \
        .venv/bin/python bench/bench_portal_visits.py [--visits 2000] [--concurrency 50] [--workers 4] [--threads 8]

Migrates the database, publishes one article through the services (once; later runs reuse it), starts gunicorn on
loopback (gthread workers), reads the article's counter, fires ``--visits`` GETs at the article's page,
``--concurrency`` at a time (Python threads and urllib, nothing to install), reads the counter again and prints
before, after, the difference, every non-200 answer or connection error, and the throughput. Exits 1 unless the
counter grew by exactly the number of successful visits and there was no error.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

SETUP = r"""
import datetime as dt
from zoneinfo import ZoneInfo
from apps.organizations.models import Organization
from apps.organizations.choices import OrganizationKind
from apps.organizations import services as orgs
from apps.portal import services
from apps.portal.models import Article, Category

article = Article.objects.filter(slug="bai-do-luot-xem").first()
if article is None:
    org = Organization.objects.filter(code="BENCH-PORTAL").first() or orgs.organization_found(
        actor=None, code="BENCH-PORTAL", name="Đảng bộ đo tải", kind=OrganizationKind.PARTY_COMMITTEE,
        parent=None, on_date=dt.date(2000, 1, 1),
    )
    category = Category.objects.filter(slug="do-tai").first() or services.category_create(
        actor=None, organization=org, name="Đo tải"
    )
    article = services.article_create(actor=None, category=category, title="Bài đo lượt xem", body="Nội dung.")
    article = services.article_publish(
        actor=None, article=article, publish_at=dt.datetime(2020, 7, 30, 6, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
print(article.get_absolute_url())
"""

COUNT = "from apps.portal.models import Article; print(Article.objects.get(slug='bai-do-luot-xem').view_count)"


def manage(*args: str, env: dict[str, str]) -> str:
    out = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1] if out.strip() else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dangbo.settings", "DANGBO_LOG_LEVEL": "ERROR"}
    database = env.get("DATABASE_URL", "sqlite (var/dangbo.sqlite3)")
    manage("migrate", "--noinput", "-v0", env=env)
    path = manage("shell", "-c", SETUP, env=env)
    port = free_port()
    server = subprocess.Popen(
        [
            *(GUNICORN, "dangbo.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
            *("--worker-class", "gthread", "--threads", str(args.threads), "--backlog", "2048", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}{path}"
    try:
        wait_up(f"http://127.0.0.1:{port}/healthz", server)
        before = int(manage("shell", "-c", COUNT, env=env))

        def visit(_: int) -> str:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
                    return str(response.status)
            except urllib.error.HTTPError as exc:
                return str(exc.code)
            except Exception as exc:  # a refused or reset connection is an error to report, not to hide
                return type(exc).__name__

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            outcomes = Counter(pool.map(visit, range(args.visits)))
        seconds = time.monotonic() - started
        after = int(manage("shell", "-c", COUNT, env=env))
    finally:
        server.terminate()
        server.wait(timeout=30)

    ok = outcomes.get("200", 0)
    errors = {k: v for k, v in outcomes.items() if k != "200"}
    print(f"database:     {database.split('@')[-1]}")
    print(f"server:       gunicorn, {args.workers} gthread workers x {args.threads} threads, 127.0.0.1:{port}")
    print(f"visits:       {args.visits}, {args.concurrency} at a time, {seconds:.1f} s ({args.visits / seconds:.0f} per second)")
    print(f"answers:      200 x {ok}; errors: {errors or 'none'}")
    print(f"counter:      before {before}, after {after}, grew by {after - before}")
    exact = after - before == ok == args.visits and not errors
    print("result:       EXACT" if exact else "result:       WRONG")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
