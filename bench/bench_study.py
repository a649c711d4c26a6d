"""Study participation at province size: one campaign of the root committee across every grassroots organization of
a generated database, with a session per grassroots organization and its sheet recorded through the services, then
the participation read (overall and by the organizations below the root, and for one grassroots organization), the
``study.participation`` indicator for the root, and the plan of the studied-members query.

    .venv/bin/python bench/bench_study.py --pg postgres://postgres@127.0.0.1:5432 --size 100000

The data is a copy of ``dangbo_bench_<size>`` (``bench_counts.py`` generates it) named ``dangbo_study_bench_<size>``,
made once (``CREATE DATABASE ... TEMPLATE``) and migrated; the campaign and its sheets are recorded once, a later run
reuses them. Times are wall clock in the application process, the median of ``--repeat`` runs after a warm-up.
The read is bounded by the campaign's credits (one row per member who studied) and those members' memberships, not
by the attendance history: the participation of a campaign costs the same whatever else was studied before.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_counts import PYTHON, ROOT, label, psql

MEASURE = r"""
import datetime as dt, random, statistics, time
from django.db import connection
from django.db.models import Q
from apps.core import context, indicators
from apps.core.indicators import Question
from apps.members.models import Membership
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, ParentLink, TreePath
from apps.study import selectors, services
from apps.study.models import Campaign, SessionAttendance, StudyCredit

REPEAT = int(__REPEAT__)
root = Organization.objects.filter(parent_links__isnull=True).order_by("id").first()
start, end = dt.date(2024, 3, 1), dt.date(2024, 5, 31)
campaign = Campaign.objects.filter(document_symbol="BENCH-1/TW").first()
if campaign is None:
    t0 = time.monotonic()
    rng = random.Random(1)
    with context.action_context("command"):
        campaign = services.campaign_create(actor=None, organization=root, title="Bench", document_symbol="BENCH-1/TW",
                                            start_date=start, end_date=end)
        day = dt.date(2024, 3, 15)
        inside = TreePath.objects.filter(ancestor=root, valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        orgs = list(Organization.objects.filter(pk__in=inside.values("descendant_id"), kind__in=GRASSROOTS_KINDS).order_by("id"))
        for org in orgs:
            people = sorted(services.members_on(org.pk, day))
            if not people:
                continue
            session = services.session_plan(actor=None, campaign=campaign, organization=org, held_on=day)
            services.attendance_record(actor=None, session=session,
                                       marks=[services.Mark(p, rng.random() > 0.03, "") for p in people])
    print(f"recorded: {len(orgs)} sessions in {time.monotonic() - t0:.0f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # the planner needs the new tables' statistics (a hash join, not 80,000 probes)
print("attendance rows", SessionAttendance.objects.count(), "credits", StudyCredit.objects.filter(campaign=campaign).count())

def timed(fn):
    fn()
    runs = []
    for _ in range(REPEAT):
        t = time.perf_counter(); fn(); runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)

asked = dt.date(2024, 6, 30)
part = selectors.participation(campaign, asked)
print(f"root: {part.overall.studied}/{part.overall.expected} = {part.overall.rate}%  ({len(part.parts)} organizations below)")
print(f"participation, root and the organizations below: {timed(lambda: selectors.participation(campaign, asked)):.1f} ms")
grassroots = Organization.objects.get(pk=SessionAttendance.objects.order_by("id").values("session__organization_id")[:1])
print(f"participation, one grassroots organization: {timed(lambda: selectors.participation(campaign, asked, grassroots)):.1f} ms")
q = Question((root.pk,), dt.date(2024, 1, 1), dt.date(2024, 12, 31), asked)
print(f"indicator study.participation for the root, 2024: {timed(lambda: indicators.compute('study.participation', q)):.1f} ms")
credited = StudyCredit.objects.filter(campaign_id=campaign.pk, studied_on__lte=end).values("person_id")
paths = TreePath.objects.filter(ancestor_id=root.pk, valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end))
qs = Membership.objects.open_on(end).filter(person_id__in=credited, organization_id__in=paths.values("descendant_id"))
print(qs.order_by().values("organization_id").annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id")).explain(analyze=True))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source, name = f"dangbo_bench_{label(args.size)}", f"dangbo_study_bench_{label(args.size)}"
    if psql(args.pg, f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") != "1":
        psql(args.pg, f"CREATE DATABASE {name} TEMPLATE {source}")
    env = os.environ | {"DATABASE_URL": f"{args.pg.rstrip('/')}/{name}", "DJANGO_SETTINGS_MODULE": "dangbo.settings"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = MEASURE.replace("__REPEAT__", str(args.repeat))
    subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
