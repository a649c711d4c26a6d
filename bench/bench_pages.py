"""Main pages under load, side by side with a one-query Django view, on the same server in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench \
        .venv/bin/python bench/bench_pages.py --members 100000 [--duration 15] [--connections 32] [--workers 2] \
        [--redis redis://127.0.0.1:6379/3]

Needs `wrk` (Debian package). Generates the data with `manage.py generate_data` when the database has no
members. Starts gunicorn with the given number of sync workers, logs a clerk in (a session cookie), then runs
wrk against /healthz (one query: the baseline) and each main page, alternating, and prints requests per
second, p50/p99 latency, errors, and the ratios to the baseline. With ``--redis`` the server (and the set-up)
use that Redis database as their cache, which turns the page cache on (apps/core/pagecache.py): the database
is emptied first, and the warm-up view of each page is the one that renders it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")


def manage(*args: str, env: dict[str, str]) -> str:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def setup_data(members: int, env: dict[str, str]) -> None:
    manage("migrate", "--noinput", "-v0", env=env)
    have = (
        manage("shell", "-c", "from apps.members.models import Person; print(Person.objects.count())", env=env)
        .strip()
        .splitlines()[-1]
    )
    if int(have) == 0:
        print(f"generating {members} members ...", flush=True)
        manage("generate_data", "--members", str(members), "--seed", "1", env=env)


SESSION_SCRIPT = r"""
import json
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from apps.core import audit
from apps.accounts.models import RoleAssignment
from apps.accounts.choices import Role
from apps.organizations.models import Organization, ScopePath
from apps.members.models import Person
import datetime as dt
from django.db.models import Count
User = get_user_model()
# a clerk on a grassroots-level committee with a few hundred members (a typical working scope)
target = (ScopePath.objects.filter(ancestor__ended_on__isnull=True, ancestor__kind__in=["grassroots_committee", "committee"])
          .values("ancestor_id").annotate(n=Count("descendant_id")).filter(n__gte=5).order_by("n").first())
org = Organization.objects.get(pk=target["ancestor_id"]) if target else Organization.objects.filter(ended_on__isnull=True).first()
with audit.service_scope():
    user, _ = User.objects.get_or_create(username="bench-clerk")
    user.set_password("bench-clerk-password"); user.save()
    RoleAssignment.objects.filter(user=user).delete()
    RoleAssignment(user=user, role=Role.OFFICE_CLERK, organization=org, valid_from=dt.date(2000, 1, 1)).save()
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
person = Person.objects.visible_to(user, "members.view").order_by("id").first()
print(json.dumps({"session": s.session_key, "org": org.pk, "person": person.pk if person else None, "name": person.given_name if person else "an"}))
"""


def wrk(url: str, cookie: str, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return {"rps": rps, "p50_ms": latency("50"), "p99_ms": latency("99"), "errors": errors, "requests": total}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--redis", default="", help="a Redis database for the cache: turns the page cache on")
    args = ap.parse_args()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dangbo.settings", DANGBO_DEBUG="0", DANGBO_LOG_LEVEL="ERROR")
    env.pop("DANGBO_REDIS_URL", None)
    env.pop("DANGBO_PAGE_CACHE", None)
    if args.redis:
        env["DANGBO_REDIS_URL"] = args.redis
        manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)
    if "DATABASE_URL" not in env:
        sys.exit("set DATABASE_URL to a PostgreSQL database for the benchmark")
    setup_data(args.members, env)
    info = json.loads(manage("shell", "-c", SESSION_SCRIPT, env=env).strip().splitlines()[-1])
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "dangbo.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(50):
            try:
                subprocess.run(["curl", "-sf", f"{base}/healthz"], check=True, capture_output=True)
                break
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        pages = {
            "baseline /healthz (1 query)": "/healthz",
            "tree": "/to-chuc/",
            "organization page": f"/to-chuc/{info['org']}/",
            "member list": f"/dang-vien/?to_chuc={info['org']}",
            "member page": f"/dang-vien/{info['person']}/",
            "search": f"/dang-vien/tim-kiem/?q={quote(info['name'])}",
        }
        # warm up every page once
        for path in pages.values():
            subprocess.run(["curl", "-s", "-o", "/dev/null", "-b", f"sessionid={info['session']}", base + path], check=True)
        results: dict[str, dict[str, float]] = {}
        baseline_runs = []
        for label, path in pages.items():
            if label.startswith("baseline"):
                continue
            baseline_runs.append(
                wrk(base + pages["baseline /healthz (1 query)"], info["session"], args.duration, args.connections)
            )
            results[label] = wrk(base + path, info["session"], args.duration, args.connections)
            print(f"  {label}: {results[label]} (baseline {baseline_runs[-1]})", flush=True)
        baseline = {
            k: sum(r[k] for r in baseline_runs) / len(baseline_runs) for k in ("rps", "p50_ms", "p99_ms", "errors", "requests")
        }
        print(
            f"\n{args.members} members, {args.workers} gunicorn workers, {args.connections} connections, {args.duration}s per run, "
            f"page cache {'on (' + args.redis + ')' if args.redis else 'off'}"
        )
        print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'rps/base':>9} {'p99/base':>9}")
        print(
            f"{'baseline /healthz (1 query)':32} {baseline['rps']:8.0f} {baseline['p50_ms']:8.1f} {baseline['p99_ms']:8.1f} {baseline['errors']:7.0f}"
        )
        for label, r in results.items():
            print(
                f"{label:32} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['errors']:7.0f} "
                f"{r['rps'] / baseline['rps']:9.2f} {r['p99_ms'] / baseline['p99_ms']:9.2f}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
