"""Indicators for the root committee over a five-year period at several sizes, side by side: each registered
member and organization indicator as the targets app asks it (``indicators.compute``), against a direct count of
the same records from the memberships (the evidence's queryset), and the first page of a drill-down.

    .venv/bin/python bench/bench_indicators.py                                  # 10k, 100k, 1M members
    .venv/bin/python bench/bench_indicators.py --sizes 10000,1000000 --rounds 3 --repeat 200
    .venv/bin/python bench/bench_indicators.py --prefix dangbo_ind_bench_ --pg postgres://postgres@127.0.0.1:5432

Each size lives in its own PostgreSQL database ``<prefix><size>`` (default ``dangbo_bench_10k``, ``_100k``,
``_1m``), generated with ``manage.py generate_data --members N --organizations M --seed 1`` when missing (M: 6 per
100 members, at most 60,000, as bench_counts.py). A database generated before the flow rollup existed is migrated
and its flow rows built with ``flows.rebuild()`` first (the time is reported). The sizes take turns, round after
round (``--rounds``), each round a separate process per size, so that the machine's ups and downs fall on all sizes
alike; the table at the end puts them side by side with the ratio of the largest to the smallest. Times are wall
clock in the application process (query building, the round trip and the answer's conversion included), after a
warm-up pass; the direct counts and drill-downs run a few times, in the first round only.

The question: the root committee (``G-TW``), the term 29-7-2020 to 28-7-2025 (so both ends fall inside a month),
asked on 1-1-2026. The figures are checked against the direct counts before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_counts import PYTHON, ROOT, database_url, generate, has_data, label, manage, psql

# (row title, indicator key, parameters)
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("members.count", "members.count", {}),
    ("members.admitted", "members.admitted", {}),
    ("members.admitted, readmitted too", "members.admitted", {"include_readmitted": "yes"}),
    ("members.lost, all reasons", "members.lost", {}),
    ("members.lost, deceased", "members.lost", {"reason": "deceased"}),
    ("members.transfers_in", "members.transfers_in", {}),
    ("members.transfers_out", "members.transfers_out", {}),
    ("organizations.count", "organizations.count", {}),
    (
        "organizations.count, grassroots in private enterprises",
        "organizations.count",
        {"kind": "grassroots", "sector": "private_enterprise"},
    ),
    ("organizations.founded", "organizations.founded", {}),
    (
        "organizations.founded, new in private enterprises",
        "organizations.founded",
        {"sector": "private_enterprise", "origin": "new"},
    ),
]
DRILL: list[tuple[str, dict[str, str]]] = [("members.admitted", {}), ("members.lost", {}), ("organizations.founded", {})]


def ensure_data(base: str, prefix: str, size: int, regenerate: bool) -> dict[str, float]:
    """Generate the database for ``size`` when missing; build the flow rollup of one generated before it existed.
    Answers the seconds each took."""
    if regenerate or not has_data(base, size, prefix):
        return {"generated_seconds": generate(base, size, prefix)}
    url, name = database_url(base, size, prefix), f"{prefix}{label(size)}"
    started = time.monotonic()
    manage(url, "migrate", "--verbosity", "0").check_returncode()
    if psql(base, "SELECT EXISTS (SELECT 1 FROM members_memberflowdelta)", name) != "True":
        manage(url, "shell", "-c", "from apps.members import flows; flows.rebuild()").check_returncode()
        psql(base, "VACUUM ANALYZE members_memberflowdelta", name)
        psql(base, "VACUUM ANALYZE members_memberflowmonth", name)
        return {"flows_built_seconds": time.monotonic() - started}
    return {}


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "min": round(ordered[0] * 1000, 3),
        "p50": round(statistics.median(ordered) * 1000, 2),
        "p95": round(p95 * 1000, 2),
        "n": len(ordered),
    }


def _samples(fn: Any, repeat: int, warm: int = 3) -> list[float]:
    """Seconds per call, after a warm-up pass, so that the figures are those of a server whose data is in memory."""
    for _ in range(warm):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def measure(repeat: int, direct_repeat: int) -> dict[str, Any]:
    """One round in this database: the figures checked, then raw samples per row (direct counts and drill-downs
    only when ``direct_repeat``)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator

    from apps.core import indicators
    from apps.core.indicators import Question
    from apps.members.models import MemberFlowDelta, MemberFlowMonth, Membership, Person
    from apps.organizations.models import Organization, Reorganization

    root = Organization.objects.get(code="G-TW")
    start, end, as_of = dt.date(2020, 7, 29), dt.date(2025, 7, 28), dt.date(2026, 1, 1)
    admin = get_user_model()(username="bench", is_superuser=True, is_active=True)
    result: dict[str, Any] = {
        "organizations": Organization.objects.count(),
        "members": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "reorganizations": Reorganization.objects.count(),
        "flow day rows": MemberFlowDelta.objects.count(),
        "flow month rows": MemberFlowMonth.objects.count(),
        "values": {},
        "samples": {},
    }
    samples: dict[str, list[float]] = result["samples"]

    def question(key: str, params: dict[str, str]) -> Question:
        level = indicators.get(key).kind == "level"
        return Question((root.id,), None if level else start, end, as_of, params)

    for title, key, params in CASES:
        q = question(key, params)
        value = indicators.compute(key, q).value
        evidence = indicators.get(key).evidence(q, admin)
        # the figure is the number of its records
        assert value is not None and int(value) == evidence.queryset.count(), (title, value)
        result["values"][title] = int(value)
        samples[title] = _samples(lambda key=key, q=q: indicators.compute(key, q), repeat)
        if direct_repeat:
            samples[f"{title} (direct)"] = _samples(lambda ev=evidence: ev.queryset.count(), direct_repeat, warm=1)
    for key, params in DRILL if direct_repeat else []:
        q = question(key, params)

        def first_page(key: str = key, q: Question = q) -> None:
            evidence = indicators.get(key).evidence(q, admin)
            page = Paginator(evidence.queryset, 25).page(1)
            [evidence.row(x) for x in page.object_list]

        samples[f"drill-down {key}, first page of 25"] = _samples(first_page, direct_repeat, warm=1)
    return result


# ---------------------------------------------------------------- the report


def report(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    small, big = sizes[0], sizes[-1]
    ratio = f"{label(big)} / {label(small)}: p50 (fastest call)"
    lines = ["| ms, p50 / p95 | " + " | ".join(f"{label(s)} members" for s in sizes) + f" | {ratio} |"]
    lines.append("|---|" + "---|" * (len(sizes) + 1))
    titles = [t for t, _k, _p in CASES]
    rows = [*titles, *(f"{t} (direct)" for t in titles), *(f"drill-down {k}, first page of 25" for k, _p in DRILL)]
    for title in rows:
        cells = []
        for s in sizes:
            r = results[s].get(title)
            cells.append(f"{r['p50']} / {r['p95']}" if r else "")
        a, b = results[small].get(title), results[big].get(title)
        cells.append(f"{b['p50'] / a['p50']:.2f} ({b['min'] / a['min']:.2f})" if a and b and a["p50"] and a["min"] else "")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| value for the root, 29-7-2020 to 28-7-2025 | " + " | ".join(label(s) for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for title in titles:
        lines.append(f"| {title} | " + " | ".join(f"{results[s]['values'].get(title, '')}" for s in sizes) + " |")
    lines.append("")
    facts = ["organizations", "members", "memberships", "reorganizations", "flow day rows", "flow month rows"]
    lines.append("| data | " + " | ".join(label(s) for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for f in facts:
        lines.append(f"| {f} | " + " | ".join(f"{results[s].get(f, '')}" for s in sizes) + " |")
    for key, title in (("generated_seconds", "generate_data, s"), ("flows_built_seconds", "flows.rebuild() on existing data, s")):
        got = [results[s].get(key) for s in sizes]
        if any(g is not None for g in got):
            lines.append(f"| {title} | " + " | ".join(f"{g:.0f}" if g is not None else "" for g in got) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--prefix", default="dangbo_bench_", help="database name before the size label")
    parser.add_argument("--repeat", type=int, default=100, help="timed calls per indicator and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each measuring every size in turn")
    parser.add_argument("--direct", type=int, default=5, help="timed direct counts and drill-downs (first round)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat, args.direct)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, Any]] = {size: ensure_data(args.pg, args.prefix, size, args.regenerate) for size in sizes}
    samples: dict[int, dict[str, list[float]]] = {size: {} for size in sizes}
    # the sizes take turns, round after round, so that the machine's ups and downs fall on all of them alike
    for n in range(args.rounds):
        for size in sizes:
            out = subprocess.run(
                [PYTHON, __file__, "--measure", "--repeat", str(args.repeat), "--direct", str(args.direct if n == 0 else 0)],
                cwd=ROOT,
                env=os.environ
                | {"DATABASE_URL": database_url(args.pg, size, args.prefix), "DJANGO_SETTINGS_MODULE": "dangbo.settings"},
                check=True,
                capture_output=True,
                text=True,
            )
            answer = json.loads(out.stdout.strip().splitlines()[-1])
            for title, got in answer.pop("samples").items():
                samples[size].setdefault(title, []).extend(got)
            results[size] |= answer
        print(f"round {n + 1}: done", file=sys.stderr)
    for size in sizes:
        results[size] |= {title: _ms(got) for title, got in samples[size].items()}
    print(report(results))
    load = os.getloadavg()
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} "
        f"at the end; PostgreSQL {psql(args.pg, 'SHOW server_version')}, Python {platform.python_version()}."
    )


if __name__ == "__main__":
    main()
