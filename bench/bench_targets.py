"""The term report and the dashboard at several sizes, side by side: ``report.build(term, as_of)`` and the
dashboard page (``/nhiem-ky/bang-dieu-khien/`` through Django's test client, as a superuser), for a 5-year term of
the root committee with ten targets computed from the records.

    .venv/bin/python bench/bench_targets.py                                  # 10k, 100k, 1M members
    .venv/bin/python bench/bench_targets.py --sizes 10000,1000000 --repeat 5
    .venv/bin/python bench/bench_targets.py --pg postgres://postgres@127.0.0.1:5432 --regenerate

Each size is its own PostgreSQL database ``dangbo_bench_<size>``, the ones ``bench_counts.py`` uses (generated when
missing with ``manage.py generate_data --members N --organizations M --seed 1``; migrated before measuring). The
generator's data has no terms: the measuring process records, through the services, the term 2020-2025 of the
root committee (``G-TW``) with its resolution and ten targets on the registered indicators (members on a date,
admitted, lost, transferred in and out, organizations and those founded; whole term and each year), once; a later
run reuses them. Then it times, after a warm-up pass over the same days, on several days of the term:

* the term report, ``report.build(term, as_of)`` (as the report page and the API build it; the generated data
  has no earlier term to compare with);
* the dashboard page for the root on that day (the whole response: the report without the comparison, the
  charts, the template), and its drill-down of the members target into the organizations below;
* each target's ``evaluate(target, as_of)`` on the last day, to show where the report's time goes.

Times are wall clock in the application process. The table ends with the ratio of the largest size to the
smallest (the goal: the report at 1M members within 1.5 times its time at 10k).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_counts import PYTHON, ROOT, _ms, database_url, ensure_data, label, psql

TERM_LABEL = "2020-2025"
ROOT_CODE = "G-TW"
# (number, statement, kind, comparator, period, indicator, params)
TARGETS: list[tuple[int, str, str, str, str, str, dict[str, str]]] = [
    (1, "Số đảng viên cuối nhiệm kỳ", "count", "at_least", "whole_term", "members.count", {}),
    (2, "Số đảng viên mỗi năm", "count", "at_least", "each_year", "members.count", {}),
    (3, "Kết nạp đảng viên mới trong nhiệm kỳ", "count", "at_least", "whole_term", "members.admitted", {}),
    (4, "Kết nạp đảng viên mới mỗi năm", "count", "at_least", "each_year", "members.admitted", {"include_readmitted": "yes"}),
    (5, "Đảng viên ra khỏi Đảng bộ", "count", "at_most", "whole_term", "members.lost", {}),
    (6, "Đảng viên bị xóa tên", "count", "at_most", "whole_term", "members.lost", {"reason": "struck_off"}),
    (7, "Tiếp nhận đảng viên chuyển đến", "count", "at_least", "whole_term", "members.transfers_in", {}),
    (8, "Đảng viên chuyển đi", "count", "at_most", "each_year", "members.transfers_out", {}),
    (9, "Số tổ chức cơ sở đảng", "count", "at_least", "whole_term", "organizations.count", {"kind": "grassroots"}),
    (10, "Thành lập tổ chức đảng mới", "count", "at_least", "whole_term", "organizations.founded", {"origin": "new"}),
]
# the days the report and the dashboard are asked about: through the term, and its last day
DAYS = ["2021-06-30", "2022-12-31", "2024-03-31", "2025-06-30"]


def sql_in(base: str, database: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(f"{base.rstrip('/')}/{database}", autocommit=True) as conn:
        cur = conn.execute(sql)  # type: ignore[arg-type]
        row = cur.fetchone() if cur.description else None
        return str(row[0]) if row else ""


def prepare(base: str, size: int) -> float | None:
    """Migrate the database; build the flow rollup of one generated before it existed (as bench_indicators.py
    does). Answers the seconds the rollup took (None when it was there)."""
    env = os.environ | {"DATABASE_URL": database_url(base, size), "DJANGO_SETTINGS_MODULE": "dangbo.settings"}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    name = f"dangbo_bench_{label(size)}"
    has_table = sql_in(base, name, "SELECT to_regclass('members_memberflowdelta') IS NOT NULL") == "True"
    if not has_table or sql_in(base, name, "SELECT EXISTS (SELECT 1 FROM members_memberflowdelta)") == "True":
        return None
    started = time.monotonic()
    build = "from apps.members import flows; flows.rebuild()"
    subprocess.run([PYTHON, "manage.py", "shell", "-c", build], cwd=ROOT, env=env, check=True)
    sql_in(base, name, "VACUUM ANALYZE members_memberflowdelta")
    sql_in(base, name, "VACUUM ANALYZE members_memberflowmonth")
    return time.monotonic() - started


# ---------------------------------------------------------------- in the measuring process


def setup_term() -> tuple[Any, Any]:
    """The root committee's term 2020-2025 with its congress, resolution and ten computed targets (once)."""
    import datetime as dt
    from decimal import Decimal

    from apps.accounts import services as account_services
    from apps.core import indicators
    from apps.organizations.models import Organization
    from apps.targets import services
    from apps.targets.models import Term

    root = Organization.objects.get(code=ROOT_CODE)
    term = Term.objects.filter(organization=root, label=TERM_LABEL).first()
    if term is None:
        term = services.term_create(
            actor=None, organization=root, label=TERM_LABEL, start_date=dt.date(2020, 7, 1), end_date=dt.date(2025, 7, 1)
        )
        services.congress_record(actor=None, term=term, ordinal=8, opened_on=dt.date(2020, 7, 29), closed_on=dt.date(2020, 7, 31))
        resolution = services.resolution_record(
            actor=None,
            term=term,
            symbol="01-NQ/ĐH",
            issued_on=dt.date(2020, 7, 31),
            issuer="Đại hội Đảng bộ lần thứ VIII",
            title="Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020-2025",
        )
        for number, statement, kind, comparator, period, key, params in TARGETS:
            # goals near what the records give, so that the statuses are mixed (not part of what is timed)
            start = None if indicators.get(key).kind == "level" else term.start_date
            before = indicators.compute(key, indicators.Question((root.pk,), start, term.start_date, term.start_date, params))
            goal = (
                Decimal(max(1, int(before.value or 0)))
                if start is None
                else Decimal(max(1, 100 if period == "each_year" else 500))
            )
            services.target_create(
                actor=None,
                resolution=resolution,
                number=number,
                statement=statement,
                kind=kind,
                unit="đảng viên" if key.startswith("members") else "tổ chức",
                comparator=comparator,
                goal=goal,
                period=period,
                indicator=key,
                indicator_params=params,
            )
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.filter(username="bench-admin").first() or account_services.user_create(
        actor=None, username="bench-admin", password=None, is_superuser=True
    )
    return term, admin


def _timed(fn: Any, args_list: list[Any], repeat: int) -> dict[str, float]:
    for args in args_list:
        fn(*args)
    samples = []
    for _ in range(repeat):
        for args in args_list:
            started = time.perf_counter()
            fn(*args)
            samples.append(time.perf_counter() - started)
    return _ms(samples)


def measure(repeat: int) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime as dt

    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from apps.core.dates import format_date
    from apps.members.models import Membership, Person
    from apps.organizations.models import Organization
    from apps.targets import report, selectors
    from apps.targets.results import evaluate

    started = time.perf_counter()
    term, admin = setup_term()
    setup_seconds = time.perf_counter() - started
    days = [dt.date.fromisoformat(d) for d in DAYS]
    result: dict[str, Any] = {
        "organizations": Organization.objects.count(),
        "members": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "setup_seconds": round(setup_seconds, 1),
        "flow_rollup": "members_memberflowdelta" in connection.introspection.table_names(),
    }
    result["report"] = _timed(lambda d: report.build(term, d), [(d,) for d in days], repeat)
    built = report.build(term, days[-1])
    result["summary"] = built.summary_line
    result["statuses"] = [r.status for r in built.rows]

    try:
        url = reverse("targets:dashboard")
    except NoReverseMatch:
        url = ""
    if url:
        client = Client()
        client.force_login(admin)
        root_id = term.organization_id
        members_target = selectors.term_targets(term)[0].pk

        def page(d: dt.date, extra: str = "", htmx: bool = False) -> None:
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.get(f"{url}?to_chuc={root_id}&ngay={format_date(d, 'dash')}{extra}", headers=headers)
            assert response.status_code == 200, (response.status_code, d, extra)

        result["dashboard"] = _timed(page, [(d,) for d in days], repeat)
        result["dashboard_drill"] = _timed(lambda d: page(d, f"&chi_tieu={members_target}", True), [(d,) for d in days], repeat)
    targets = selectors.term_targets(term)
    result["per_target"] = {
        f"{t.number}. {t.indicator} {t.period}{' ' + json.dumps(t.indicator_params) if t.indicator_params else ''}": _timed(
            lambda t=t: evaluate(t, days[-1]), [()], max(1, repeat)
        )["p50"]
        for t in targets
    }
    return result


# ---------------------------------------------------------------- the report


ROWS = [
    ("term report, `report.build(term, as_of)`", "report"),
    ("dashboard page (test client, superuser)", "dashboard"),
    ("dashboard drill-down of target 1 (HTMX fragment)", "dashboard_drill"),
]


def render(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    lo, hi = sizes[0], sizes[-1]
    head = "| ms, p50 / p95 | " + " | ".join(f"{label(s)} members" for s in sizes)
    head += f" | ratio {label(hi)}/{label(lo)} (p50) |" if len(sizes) > 1 else " |"
    lines = [head, "|---|" + "---|" * (len(sizes) + (1 if len(sizes) > 1 else 0))]
    for title, key in ROWS:
        cells = []
        for s in sizes:
            r = results[s].get(key)
            cells.append(f"{r['p50']} / {r['p95']}" if r else "–")
        if len(sizes) > 1:
            a, b = results[lo].get(key), results[hi].get(key)
            cells.append(f"{b['p50'] / a['p50']:.2f}×" if a and b else "–")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| evaluate(target, 30-6-2025), ms p50 | " + " | ".join(label(s) for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for name in results[lo].get("per_target", {}):
        lines.append(f"| {name} | " + " | ".join(str(results[s].get("per_target", {}).get(name, "")) for s in sizes) + " |")
    lines.append("")
    lines.append("| data | " + " | ".join(label(s) for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for f in (
        "organizations",
        "members",
        "memberships",
        "flow_rollup",
        "setup_seconds",
        "generated_seconds",
        "flows_built_seconds",
    ):
        lines.append(f"| {f.replace('_', ' ')} | " + " | ".join(str(results[s].get(f, "")) for s in sizes) + " |")
    for s in sizes:
        lines.append(f"\n{label(s)}: {results[s].get('summary', '')}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the days, after one warm-up pass")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    results: dict[int, dict[str, Any]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        generated = ensure_data(args.pg, size, args.regenerate)
        flows_built = prepare(args.pg, size)
        out = subprocess.run(
            [PYTHON, __file__, "--measure", "--repeat", str(args.repeat)],
            cwd=ROOT,
            env=os.environ
            | {"DATABASE_URL": database_url(args.pg, size), "DJANGO_SETTINGS_MODULE": "dangbo.settings", "DANGBO_DEBUG": "0"},
            check=True,
            capture_output=True,
            text=True,
        )
        results[size] = json.loads(out.stdout.strip().splitlines()[-1]) | {
            "generated_seconds": None if generated is None else round(generated),
            "flows_built_seconds": None if flows_built is None else round(flows_built),
        }
        print(f"{label(size)}: done", file=sys.stderr)
    print(render(results))
    load = os.getloadavg()
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} "
        f"at the end; PostgreSQL {psql(args.pg, 'SHOW server_version')}, Python {platform.python_version()}."
    )


if __name__ == "__main__":
    main()
