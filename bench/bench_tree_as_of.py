"""The whole tree with member counts as of a date (``selectors.tree_as_of``) for an unrestricted user, with the
cyclic garbage collector paused while the nodes are built (as the function does) and without (``_tree_as_of``),
alternated on three dates, in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangbo_bench_1m .venv/bin/python bench/bench_tree_as_of.py

The database is one of ``bench_counts.py``'s (``manage.py generate_data --members 1000000 --organizations 60000
--seed 1``). Times are wall clock in the application process, medians and 95th percentiles over ``--rounds``
rounds of the three dates.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = r"""
import datetime as dt, statistics, time
from django.contrib.auth import get_user_model
from apps.organizations import selectors
U = get_user_model()
user = U.objects.filter(is_superuser=True, is_active=True).first()
if user is None:
    user = U.objects.create_superuser("bench_tree_admin", "", "bench-tree-admin-password")
days = [dt.date(2010, 1, 1), dt.date(2018, 6, 30), dt.date(2024, 12, 31)]
def run(fn):
    t = time.perf_counter(); fn(); return (time.perf_counter() - t) * 1000
nodes = len(selectors.flatten(selectors.tree_as_of(user, days[-1])))
for day in days:
    selectors.tree_as_of(user, day)
res = {"collector on (_tree_as_of)": [], "collector paused (tree_as_of)": []}
for _ in range(__ROUNDS__):
    for day in days:
        res["collector on (_tree_as_of)"].append(run(lambda: selectors._tree_as_of(user, day)))
        res["collector paused (tree_as_of)"].append(run(lambda: selectors.tree_as_of(user, day)))
print(f"{nodes} organizations on {days[-1]}")
for name, v in res.items():
    v.sort()
    print(f"{name}: p50 {statistics.median(v):.0f} ms, p95 {v[max(0, int(len(v) * 0.95) - 1)]:.0f} ms")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("set DATABASE_URL to a generated database (see the module's docstring)")
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "dangbo.settings"}
    code = CODE.replace("__ROUNDS__", str(args.rounds))
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
