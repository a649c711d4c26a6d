"""Member import against merely reading the same .xlsx with python-calamine, side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_import \
        .venv/bin/python bench/bench_import.py [--rows 100000] [--cells 200] [--seed 2020] [--openpyxl] [--memory] \
        [--floor]

Generates (once, cached under var/bench/) a deterministic 100,000 x 20 spreadsheet of synthetic members with
Vietnamese, Khmer and Hoa names (apps/members/tests/test_import_data.py), then measures, each in a fresh
process so that its peak resident memory is its own:

* ``calamine``: open the file and turn every row into Python values (what the import's reading costs);
* ``openpyxl`` (with --openpyxl): the same with openpyxl's read-only mode, for comparison;
* ``import``: the whole import, ``import_file()``: every row checked (cells, facts, duplicates in the file and
  against the database in batches, organizations and scope), then all rows written in one transaction with
  the member-count rollup and one audit event per member.

With --floor it then times PostgreSQL alone writing again, from copies, the rows the last import wrote (persons,
memberships, audit events, count rollup) in one transaction, and a COPY of the person rows into a bare table.

It prints the times, their ratio, and peak memory (``ru_maxrss``); with --memory it also runs the import
under tracemalloc at a fifth of the rows and at all of them, to show that Python's peak heap does not grow
with the file. The database must be a dedicated one (its name must contain "bench"): each import run empties
the members, counts and audit tables first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()


def _peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------------ children


def child_calamine(path: str) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    n = sum(1 for _row in sheet.iter_rows())
    return {"seconds": time.perf_counter() - started, "rows": n, "peak_mib": _peak_mib()}


def child_openpyxl(path: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return {"seconds": time.perf_counter() - started, "rows": n, "peak_mib": _peak_mib()}


def _reset() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"] or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to empty tables of database {name!r}: use a dedicated bench database")
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE members_membership, members_postholding, members_person, members_membercountdelta, "
            "members_membercountcheckpoint, core_auditevent, core_importjob CASCADE"
        )


def child_import(path: str, trace: bool = False) -> dict[str, Any]:
    _setup_django()
    import tracemalloc

    from apps.core import context
    from apps.members import counts
    from apps.members.importers import ImportOptions, import_file

    _reset()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with context.action_context("command"):
        report = import_file(path, actor=None, options=ImportOptions())
    seconds = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if not report.ok:
        raise SystemExit(f"import rejected: {report.error_count} errors, first {report.errors[:3]}")
    verified = counts.verify() if not trace else None
    return {
        "seconds": seconds,
        "rows": report.created,
        "validate": report.seconds.get("validate"),
        "write": report.seconds.get("write"),
        "encoding": report.encoding,
        "peak_mib": _peak_mib(),
        "heap_mib": heap,
        "counts_ok": verified == [] if verified is not None else None,
    }


def child_floor() -> dict[str, Any]:
    """What PostgreSQL alone takes to write the rows an import wrote, with no Python in the way: the tables as
    the last import left them are copied aside, emptied, and written again from the copies in one transaction
    (each statement timed, then the commit), next to a COPY of the person rows from the client into a bare table
    (no index, no key), which is what "a PostgreSQL COPY of the rows" costs."""
    _setup_django()
    from django.db import connection, transaction

    tables = [
        "members_person",
        "members_membership",
        "core_auditevent",
        "members_membercountdelta",
        "members_membercountcheckpoint",
    ]
    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f"CREATE TEMPORARY TABLE floor_{t} AS SELECT * FROM {t}")
        cur.execute("SELECT COUNT(*) FROM floor_members_person")
        out["rows"] = cur.fetchone()[0]
        cur.execute("SELECT * FROM floor_members_person")
        rows = cur.fetchall()
        cur.execute("CREATE TEMPORARY TABLE floor_bare (LIKE members_person)")
        started = time.perf_counter()
        with cur.copy("COPY floor_bare FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        out["copy_bare_seconds"] = round(time.perf_counter() - started, 2)
        del rows
        cur.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    started_all = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for t in tables:
            started = time.perf_counter()
            cur.execute(f"INSERT INTO {t} SELECT * FROM floor_{t}")
            out[f"{t}_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
    out["commit_seconds"] = round(time.perf_counter() - started, 2)
    out["seconds"] = round(time.perf_counter() - started_all, 2)
    return out


# ------------------------------------------------------------------------------------------------ parent


def _run_child(kind: str, path: Path, *extra: str) -> dict[str, Any]:
    done = subprocess.run(
        [PY, __file__, "--child", kind, str(path), *extra], cwd=ROOT, capture_output=True, text=True, env=os.environ
    )
    if done.returncode:
        raise SystemExit(f"{kind} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(rows: int, cells: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """The bench tree (a committee with ``cells`` cells) and the spreadsheets (all rows, and a fifth of them)."""
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from apps.core.testing import make_org
    from apps.members.tests.test_import_data import member_rows, write_xlsx
    from apps.organizations.choices import OrganizationKind
    from apps.organizations.models import Organization

    codes = [f"BCB{i:03d}" for i in range(cells)]
    root = Organization.objects.filter(code="BENCH").first() or make_org(
        "BENCH", kind=OrganizationKind.PARTY_COMMITTEE, name="Đảng bộ thử tải"
    )
    have = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in have:
            make_org(code, parent=root, name=f"Chi bộ {code}")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in (rows, rows // 5):
        path = folder / f"members-{n}-{cells}-{seed}.xlsx"
        if not path.exists():
            started = time.perf_counter()
            write_xlsx(path, member_rows(n, codes, seed=seed))
            print(
                f"generated {path.name} ({path.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        files.append(path)
    return files[0], files[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cells", type=int, default=200, help="cells the rows are spread over")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--reads", type=int, default=3, help="calamine reads (the median is kept)")
    parser.add_argument("--imports", type=int, default=3, help="import runs (the median is kept)")
    parser.add_argument("--openpyxl", action="store_true", help="also read with openpyxl (slow)")
    parser.add_argument("--memory", action="store_true", help="also trace Python's heap during imports of two sizes")
    parser.add_argument("--floor", action="store_true", help="also time PostgreSQL alone writing what the last import wrote")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        kind, path, *extra = args.child
        if kind == "floor":
            print(json.dumps(child_floor()))
            return
        result = {"calamine": child_calamine, "openpyxl": child_openpyxl}.get(kind)
        out = result(path) if result else child_import(path, trace="trace" in extra)
        print(json.dumps(out))
        return

    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("note: DATABASE_URL is not PostgreSQL; the goal is stated for PostgreSQL", file=sys.stderr)
    big, small = prepare(args.rows, args.cells, args.seed, ROOT / "var" / "bench")
    figures: dict[str, Any] = {"rows": args.rows, "columns": 20, "cells": args.cells, "seed": args.seed, "cpus": os.cpu_count()}

    # Reads and imports alternate, so that a noisy neighbour hits both alike.
    reads: list[dict[str, Any]] = []
    imports: list[dict[str, Any]] = []
    for i in range(max(args.reads, args.imports)):
        if i < args.reads:
            reads.append(_run_child("calamine", big))
            print(f"calamine read: {reads[-1]['seconds']:.2f} s", flush=True)
        if i < args.imports:
            imports.append(_run_child("import", big))
            r = imports[-1]
            print(f"import: {r['seconds']:.2f} s (check {r['validate']:.2f} s, write {r['write']:.2f} s)", flush=True)
    # the median run (the lower middle one for an even count), its phases with it
    read_run = sorted(reads, key=lambda r: r["seconds"])[(len(reads) - 1) // 2]
    import_run = sorted(imports, key=lambda r: r["seconds"])[(len(imports) - 1) // 2]
    read, imp = read_run["seconds"], import_run["seconds"]
    figures["calamine"] = {
        "seconds": round(read, 2),
        "runs": [round(r["seconds"], 2) for r in reads],
        "peak_mib": round(max(r["peak_mib"] for r in reads)),
    }
    figures["import"] = {
        "seconds": round(imp, 2),
        "runs": [round(r["seconds"], 2) for r in imports],
        "check_seconds": import_run["validate"],
        "write_seconds": import_run["write"],
        "peak_mib": round(max(r["peak_mib"] for r in imports)),
        "counts_verified": all(r["counts_ok"] for r in imports),
        "rows_created": import_run["rows"],
    }
    figures["ratio"] = round(imp / read, 2)
    figures["ratio_of_fastest"] = round(min(r["seconds"] for r in imports) / min(r["seconds"] for r in reads), 2)
    if args.openpyxl:
        o = _run_child("openpyxl", big)
        figures["openpyxl"] = {"seconds": round(o["seconds"], 2), "peak_mib": round(o["peak_mib"])}
    if args.floor:
        f = _run_child("floor", big)
        figures["floor"] = f
        print(
            f"PostgreSQL alone writing the same rows: {f['seconds']:.2f} s ({f['seconds'] / read:.2f}x the read; "
            f"COPY of the person rows into a bare table {f['copy_bare_seconds']:.2f} s)",
            flush=True,
        )
    if args.memory:
        for label, path in (("fifth", small), ("all", big)):
            r = _run_child("import", path, "trace")
            figures.setdefault("heap", {})[label] = {"rows": r["rows"], "python_heap_peak_mib": round(r["heap_mib"], 1)}

    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"\nimport / calamine read = {imp:.2f} s / {read:.2f} s = {imp / read:.2f}x (goal: 2x)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
