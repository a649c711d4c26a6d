"""Member counts by date at several sizes, side by side: the rollup (yearly-and-busier checkpoints plus deltas)
against the design without checkpoints (a sum of every delta since the beginning) and a naive count over
memberships joined to the dated closure.

    .venv/bin/python bench/bench_counts.py                                  # 10k, 100k, 1M members
    .venv/bin/python bench/bench_counts.py --sizes 10000,100000 --dates 300
    .venv/bin/python bench/bench_counts.py --pg postgres://postgres@127.0.0.1:5432 --regenerate

Each size lives in its own PostgreSQL database ``dangbo_bench_<size>`` (10k, 100k, 1m), generated with
``manage.py generate_data --members N --organizations M --seed 1`` when missing (M: 6 per 100 members, at most
60,000). Every measurement runs in
a separate process against that database; the table at the end puts the sizes side by side. Times are wall
clock in the application process (query building, the round trip and the answer's conversion included), after
a warm-up pass over the same arguments (one run for the naive queries).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def label(size: int) -> str:
    return f"{size // 1_000_000}m" if size >= 1_000_000 else f"{size // 1000}k"


def organizations_for(size: int) -> int:
    """6 organizations per 100 members, at most 60,000 (about the number of grassroots organizations)."""
    return min(60_000, max(60, round(size * 0.06)))


PREFIX = "dangbo_bench_"


def database_url(base: str, size: int, prefix: str = PREFIX) -> str:
    return f"{base.rstrip('/')}/{prefix}{label(size)}"


def psql(base: str, sql: str, database: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(f"{base.rstrip('/')}/{database}", autocommit=True) as conn:
        cur = conn.execute(sql)  # type: ignore[arg-type]
        row = cur.fetchone() if cur.description else None
        return str(row[0]) if row else ""


def manage(url: str, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """``manage.py`` on the database at ``url``, its output captured."""
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "dangbo.settings"}
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check)


def has_data(base: str, size: int, prefix: str = PREFIX) -> bool:
    """The database for ``size`` exists and holds the generator's members and organizations for that size."""
    name = f"{prefix}{label(size)}"
    if psql(base, f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") != "1":
        return False
    check = manage(
        database_url(base, size, prefix),
        "shell",
        "-c",
        "from apps.members.models import Person; from apps.organizations.models import Organization; "
        "print(Person.objects.count(), Organization.objects.count())",
    )
    return check.returncode == 0 and check.stdout.strip().splitlines()[-1:] == [f"{size} {organizations_for(size)}"]


def generate(base: str, size: int, prefix: str = PREFIX) -> float:
    """(Re)create the database for ``size`` with the generator (seed 1); answers the seconds it took."""
    name = f"{prefix}{label(size)}"
    psql(base, f"DROP DATABASE IF EXISTS {name}")
    psql(base, f"CREATE DATABASE {name}")
    started = time.monotonic()
    generate_args = ["generate_data", "--members", str(size), "--organizations", str(organizations_for(size)), "--seed", "1"]
    manage(database_url(base, size, prefix), *generate_args, check=True)
    return time.monotonic() - started


def ensure_data(base: str, size: int, regenerate: bool) -> float | None:
    """Generate the database for ``size`` when missing; answer the seconds it took (None when it existed)."""
    if not regenerate and has_data(base, size):
        return None
    return generate(base, size)


# ---------------------------------------------------------------- in the measuring process


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered) * 1000, 2), "p95": round(p95 * 1000, 2), "n": len(ordered)}


def _timed(fn: Any, args_list: list[Any], warm_all: bool = True) -> dict[str, float]:
    """Time each call after a warm-up pass over the same arguments (over the first only for the slow naive
    queries), so that the figures are those of a server whose data is in memory."""
    for args in args_list if warm_all else args_list[:1]:
        fn(*args)
    samples = []
    for args in args_list:
        started = time.perf_counter()
        fn(*args)
        samples.append(time.perf_counter() - started)
    return _ms(samples)


def measure(n_dates: int, n_whole: int) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection

    from apps.members import counts
    from apps.members.models import MemberCountCheckpoint, MemberCountDelta, Membership, Person
    from apps.organizations import selectors
    from apps.organizations.models import Organization, TreePath

    rng = random.Random(1)
    first, last = dt.date(1990, 1, 1), dt.date(2025, 12, 31)
    dates = [first + dt.timedelta(days=rng.randint(0, (last - first).days)) for _ in range(n_dates)]
    root = Organization.objects.get(code="G-TW")
    mid = Organization.objects.filter(code__regex=r"^G00-0[0-9][0-9]$").order_by("code")[2]  # a district committee
    leaf = Organization.objects.filter(kind="attached_cell", ended_on__isnull=True).order_by("code")[len(dates) % 50]
    delta_table = MemberCountDelta._meta.db_table
    naive_one = (
        f"SELECT COUNT(*) FROM {Membership._meta.db_table} m JOIN {TreePath._meta.db_table} tp ON tp.descendant_id = m.organization_id "
        "WHERE tp.ancestor_id = %s AND tp.valid_from <= %s AND (tp.valid_to IS NULL OR tp.valid_to > %s) "
        "AND m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to > %s)"
    )
    naive_all = (
        f"SELECT tp.ancestor_id, COUNT(*) FROM {Membership._meta.db_table} m JOIN {TreePath._meta.db_table} tp "
        "ON tp.descendant_id = m.organization_id WHERE tp.valid_from <= %s AND (tp.valid_to IS NULL OR tp.valid_to > %s) "
        "AND m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to > %s) GROUP BY tp.ancestor_id"
    )

    def sql(query: str, params: list[Any]) -> list[Any]:
        with connection.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    result: dict[str, Any] = {
        "organizations": Organization.objects.count(),
        "members": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "deltas": MemberCountDelta.objects.count(),
        "checkpoints": MemberCountCheckpoint.objects.count(),
        "checkpoint_dates": len(counts.checkpoint_dates()),
        "nodes": {"root": root.code, "mid": mid.code, "leaf": leaf.code},
    }
    few = dates[: max(5, n_dates // 20)]
    for name, node in (("root", root), ("mid", mid), ("leaf", leaf)):
        result[f"one_{name}"] = _timed(counts.subtree_count, [(node.id, d) for d in dates])
        result[f"one_{name}_deltas_only"] = _timed(
            lambda node_id, d: sql(f"SELECT SUM(delta) FROM {delta_table} WHERE node_id = %s AND on_date <= %s", [node_id, d]),
            [(node.id, d) for d in dates],
        )
        result[f"one_{name}_naive"] = _timed(
            lambda node_id, d: sql(naive_one, [node_id, d, d, d, d]), [(node.id, d) for d in few], warm_all=False
        )
        # the answers agree
        for d in few[:5]:
            naive = sql(naive_one, [node.id, d, d, d, d])[0][0]
            assert counts.subtree_count(node.id, d) == naive, (name, d)
    admin = get_user_model()(username="bench", is_superuser=True, is_active=True)
    whole_dates = dates[:n_whole]
    alive = {d: list(Organization.objects.alive_on(d).values_list("id", flat=True)) for d in whole_dates}
    result["whole_counts"] = _timed(lambda d: counts.subtree_counts(alive[d], d), [(d,) for d in whole_dates])
    result["whole_tree_as_of"] = _timed(lambda d: selectors.tree_as_of(admin, d), [(d,) for d in whole_dates])
    today = dt.date.today()
    result["whole_tree_today"] = _timed(lambda d: selectors.tree_as_of(admin, d), [(today,)] * 3)
    result["whole_deltas_only"] = _timed(
        lambda d: sql(f"SELECT node_id, SUM(delta) FROM {delta_table} WHERE on_date <= %s GROUP BY node_id", [d]),
        [(d,) for d in whole_dates],
    )
    result["whole_naive"] = _timed(lambda d: sql(naive_all, [d, d, d, d]), [(d,) for d in whole_dates[:3]], warm_all=False)
    d = whole_dates[0]
    assert counts.subtree_counts(alive[d], d) == {n: c for n, c in sql(naive_all, [d, d, d, d]) if n in set(alive[d])}
    result["whole_tree_nodes"] = round(statistics.mean(len(v) for v in alive.values()))
    return result


# ---------------------------------------------------------------- the report


ROWS = [
    ("one subtree, root: rollup", "one_root"),
    ("  root: deltas only (no checkpoints)", "one_root_deltas_only"),
    ("  root: naive count", "one_root_naive"),
    ("one subtree, mid (district): rollup", "one_mid"),
    ("  mid: deltas only", "one_mid_deltas_only"),
    ("  mid: naive count", "one_mid_naive"),
    ("one subtree, leaf (cell): rollup", "one_leaf"),
    ("  leaf: deltas only", "one_leaf_deltas_only"),
    ("  leaf: naive count", "one_leaf_naive"),
    ("whole tree, counts only: rollup", "whole_counts"),
    ("  whole tree: deltas only", "whole_deltas_only"),
    ("  whole tree: naive count", "whole_naive"),
    ("whole tree page data (tree_as_of), random dates", "whole_tree_as_of"),
    ("whole tree page data (tree_as_of), today", "whole_tree_today"),
]


def report(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    head = "| ms, p50 / p95 | " + " | ".join(f"{label(s)} members" for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for title, key in ROWS:
        cells = []
        for s in sizes:
            r = results[s].get(key)
            cells.append(f"{r['p50']} / {r['p95']}" if r else "")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append("")
    facts = ["organizations", "whole_tree_nodes", "members", "memberships", "deltas", "checkpoints", "checkpoint_dates"]
    lines.append("| data | " + " | ".join(label(s) for s in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for f in facts:
        lines.append(f"| {f.replace('_', ' ')} | " + " | ".join(f"{results[s].get(f, '')}" for s in sizes) + " |")
    gen = [results[s].get("generated_seconds") for s in sizes]
    if any(g is not None for g in gen):
        lines.append("| generate_data, s | " + " | ".join(f"{g:.0f}" if g is not None else "(existing)" for g in gen) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--dates", type=int, default=200, help="random dates per single-subtree series")
    parser.add_argument("--whole", type=int, default=20, help="random dates for the whole-tree series")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.dates, args.whole)))
        return
    results: dict[int, dict[str, Any]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        generated = ensure_data(args.pg, size, args.regenerate)
        out = subprocess.run(
            [PYTHON, __file__, "--measure", "--dates", str(args.dates), "--whole", str(args.whole)],
            cwd=ROOT,
            env=os.environ | {"DATABASE_URL": database_url(args.pg, size), "DJANGO_SETTINGS_MODULE": "dangbo.settings"},
            check=True,
            capture_output=True,
            text=True,
        )
        results[size] = json.loads(out.stdout.strip().splitlines()[-1]) | {"generated_seconds": generated}
        print(f"{label(size)}: done", file=sys.stderr)
    print(report(results))
    load = os.getloadavg()
    print(
        f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} "
        f"at the end; PostgreSQL {psql(args.pg, 'SHOW server_version')}, Python {platform.python_version()}."
    )


if __name__ == "__main__":
    main()
