"""Cell meetings at province size: five years of monthly meetings and quarterly thematic ones for every cell of a
generated database of 100,000 members, with one attendance row per expected member of each meeting, then the
regularity and attendance figures of the whole committee for a year read three ways, side by side:

* ``scan``: the attendance rows themselves (count by status over the subtree for the year, each meeting placed in
  the subtree on its date through the dated closure);
* ``rollup``: ``rollups.subtree_attendance`` and ``rollups.subtree_regularity`` for the root and the year, twice,
  alternated: from the monthly rows only (``by_year=False``) and by default (the yearly rows of the organizations
  that lay in the subtree the whole year, the monthly rows of the few moved during it); the two must agree;
* ``per-org``: the per-organization totals of the year from the monthly rollup (the rows a drill-down shows).

It also times a late correction through the service (``attendance_correct``: present → unexcused, on a closed
meeting, with the rollup refreshed in the same transaction) and ``rollups.verify()`` afterwards.

    .venv/bin/python bench/bench_meetings.py --pg postgres://postgres@127.0.0.1:5432 --size 100000

The data is a copy of ``dangbo_bench_<size>`` (``bench_counts.py`` generates it with ``manage.py generate_data
--members N --organizations M --seed 1``) named ``dangbo_meet_bench_<size>``, made once (``CREATE DATABASE ...
TEMPLATE``) and migrated. The meetings and attendance are written once with set-based SQL (``INSERT ... SELECT``
over the cells, the months and the memberships open on each meeting's date; statuses drawn from a hash: about 93%
present, 4% excused, 2% unexcused, 1% exempt), then the rollup is built by ``rollups.rebuild()``; a later run
reuses them (``--regenerate`` writes them again). Times are wall clock in the application process, the median of
``--repeat`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_counts import PYTHON, ROOT, ensure_data, label, psql

MEASURE = r'''
import datetime as dt, statistics, time
from django.db import connection
from apps.core import context
from apps.meetings import rollups, services
from apps.meetings.models import Attendance, Meeting, MeetingMonthRollup, MeetingYearRollup
from apps.members.models import Person
from apps.organizations.choices import CELL_KINDS
from apps.organizations.models import Organization

REPEAT = int(__REPEAT__)
REGENERATE = __REGENERATE__
FIRST, LAST = dt.date(2021, 1, 1), dt.date(2025, 12, 1)
YEAR = 2024
root = Organization.objects.filter(parent_links__isnull=True).order_by("id").first()
kinds = ", ".join(f"'{k}'" for k in sorted(CELL_KINDS))


def sql(statement, params=()):
    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall() if cur.description else cur.rowcount


if REGENERATE or not Meeting.objects.filter(code="BENCH0").exists():
    t0 = time.monotonic()
    sql("DELETE FROM meetings_attendance WHERE meeting_id IN (SELECT id FROM meetings_meeting WHERE code = 'BENCH0')")
    sql("DELETE FROM meetings_meeting WHERE code = 'BENCH0'")
    # a regular meeting on the 10th of every month, a thematic one on the 20th of each quarter's first month,
    # for every cell alive that day; closed at its end
    n_meetings = sql(f"""
        INSERT INTO meetings_meeting (version, created_at, updated_at, kind, topic, starts_at, ends_at, on_date, place,
                                      agenda, minutes, minutes_file, closed_at, code, organization_id)
        SELECT 1, now(), now(), k.kind, k.topic, (d.day + time '08:00') AT TIME ZONE 'Asia/Ho_Chi_Minh',
               (d.day + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', d.day, 'Hội trường', '', 'Biên bản', '',
               (d.day + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', 'BENCH0', o.id
        FROM organizations_organization o
        CROSS JOIN generate_series(%s::date, %s::date, interval '1 month') AS g(month)
        CROSS JOIN (VALUES ('regular', '', 9), ('thematic', 'Chuyên đề', 19)) AS k(kind, topic, offset_days)
        CROSS JOIN LATERAL (SELECT (g.month + k.offset_days * interval '1 day')::date AS day) d
        WHERE o.kind IN ({kinds}) AND (k.kind = 'regular' OR extract(month FROM g.month)::int %% 3 = 1)
          AND o.founded_on <= d.day AND (o.ended_on IS NULL OR o.ended_on > d.day)
    """, [FIRST, LAST])
    t1 = time.monotonic()
    n_att = sql("""
        INSERT INTO meetings_attendance (version, created_at, updated_at, meeting_id, person_id, status, reason,
                                         checked_in_at, source)
        SELECT 1, now(), now(), m.id, ms.person_id,
               CASE WHEN h < 93 THEN 'present' WHEN h < 97 THEN 'excused' WHEN h < 99 THEN 'unexcused' ELSE 'exempt' END,
               CASE WHEN h >= 93 AND h < 97 THEN 'Công tác' ELSE '' END, NULL, 'secretary'
        FROM meetings_meeting m
        JOIN members_membership ms ON ms.organization_id = m.organization_id AND ms.valid_from <= m.on_date
             AND (ms.valid_to IS NULL OR ms.valid_to > m.on_date)
        CROSS JOIN LATERAL (SELECT abs(hashtext(m.id::text || '-' || ms.person_id::text)) %% 100 AS h) r
        WHERE m.code = 'BENCH0'
    """)
    t2 = time.monotonic()
    sql("ANALYZE meetings_meeting")
    sql("ANALYZE meetings_attendance")
    print(f"generated: {n_meetings} meetings in {t1 - t0:.1f} s, {n_att} attendance rows in {t2 - t1:.1f} s")
    t3 = time.monotonic()
    n_rows = rollups.rebuild()
    sql("ANALYZE meetings_meetingmonthrollup")
    print(f"rollups.rebuild(): {n_rows} rows in {time.monotonic() - t3:.1f} s")

if not MeetingYearRollup.objects.exists():  # data written before the yearly rows existed
    t3 = time.monotonic()
    n_rows = rollups.rebuild()
    sql("ANALYZE meetings_meetingmonthrollup")
    sql("ANALYZE meetings_meetingyearrollup")
    print(f"rollups.rebuild() (monthly and yearly rows): {n_rows} monthly rows in {time.monotonic() - t3:.1f} s")

print(f"data: {Meeting.objects.count()} meetings, {Attendance.objects.count()} attendance rows, "
      f"{MeetingMonthRollup.objects.count()} monthly and {MeetingYearRollup.objects.count()} yearly rollup rows, {Organization.objects.filter(kind__in=CELL_KINDS).count()} cells")

start, until = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def scan():
    return sql("""
        SELECT a.status, count(*) FROM meetings_attendance a
        JOIN meetings_meeting m ON m.id = a.meeting_id
        WHERE m.closed_at IS NOT NULL AND m.on_date BETWEEN %s AND %s
          AND EXISTS (SELECT 1 FROM organizations_treepath tp WHERE tp.ancestor_id = %s AND tp.descendant_id = m.organization_id
                      AND tp.valid_from <= m.on_date AND (tp.valid_to IS NULL OR tp.valid_to > m.on_date))
        GROUP BY a.status ORDER BY a.status
    """, [start, until, root.pk])


def rollup_attendance():
    return rollups.subtree_attendance([root.pk], start, until)


def rollup_regularity():
    return rollups.subtree_regularity([root.pk], start, until)


def monthly_attendance():
    return rollups.subtree_attendance([root.pk], start, until, by_year=False)


def monthly_regularity():
    return rollups.subtree_regularity([root.pk], start, until, by_year=False)


def term_attendance():
    return rollups.subtree_attendance([root.pk], FIRST, dt.date(2025, 12, 31))


def term_attendance_monthly():
    return rollups.subtree_attendance([root.pk], FIRST, dt.date(2025, 12, 31), by_year=False)


def per_org():
    return sql("""
        SELECT r.organization_id, sum(r.regular_held), sum(r.thematic_held), sum(r.expected), sum(r.present)
        FROM meetings_meetingmonthrollup r
        WHERE r.month BETWEEN %s AND %s AND EXISTS (
            SELECT 1 FROM organizations_treepath tp WHERE tp.ancestor_id = %s AND tp.descendant_id = r.organization_id
            AND tp.valid_from <= r.month + 14 AND (tp.valid_to IS NULL OR tp.valid_to > r.month + 14))
        GROUP BY r.organization_id
    """, [start, until, root.pk])


def timed(fn, repeat=REPEAT):
    fn()
    samples = []
    for _ in range(repeat):
        t = time.monotonic()
        out = fn()
        samples.append(time.monotonic() - t)
    return round(statistics.median(samples) * 1000, 1), out


ms, counts = timed(scan, max(3, REPEAT // 3))
print(f"scan of attendance, root, {YEAR}: {ms} ms -> {dict(counts)}")
# the monthly rows only and the yearly rows (with the monthly ones of organizations moved that year), alternated
for _round in (1, 2):
    ms, matt = timed(monthly_attendance)
    print(f"rollup attendance, monthly rows, root, {YEAR}: {ms} ms -> {matt}")
    ms, att = timed(rollup_attendance)
    print(f"rollup attendance, yearly rows, root, {YEAR}: {ms} ms -> {att}")
    assert att == matt, (att, matt)
    assert att.present == dict(counts)["present"] and att.expected == sum(n for s, n in counts if s != "exempt"), (att, counts)
    ms, mreg = timed(monthly_regularity)
    print(f"rollup regularity, monthly rows, root, {YEAR}: {ms} ms -> {mreg}")
    ms, reg = timed(rollup_regularity)
    print(f"rollup regularity, yearly rows, root, {YEAR}: {ms} ms -> {reg}")
    assert reg == mreg, (reg, mreg)
ms, tm = timed(term_attendance_monthly)
print(f"rollup attendance, monthly rows, root, 2021-2025: {ms} ms -> {tm}")
ms, ty = timed(term_attendance)
print(f"rollup attendance, default (several years: monthly rows), root, 2021-2025: {ms} ms -> {ty}")
assert tm == ty, (tm, ty)
ms, rows = timed(per_org)
print(f"per-organization totals from the rollup, root, {YEAR}: {ms} ms -> {len(rows)} organizations")

# a late correction of a closed meeting: present -> unexcused, through the service
row = (Attendance.objects.filter(meeting__code="BENCH0", meeting__on_date__year=YEAR, status="present")
       .select_related("meeting", "person").order_by("id").first())
before = rollup_attendance()
t = time.monotonic()
with context.action_context("command"):
    services.attendance_correct(actor=None, meeting=row.meeting, person=row.person, status="unexcused",
                                note="Bench: ghi nhầm")
print(f"attendance_correct (late correction, rollup refreshed in the same transaction): {(time.monotonic() - t) * 1000:.1f} ms")
after = rollup_attendance()
assert (after.present, after.unexcused) == (before.present - 1, before.unexcused + 1), (before, after)
t = time.monotonic()
problems = rollups.verify()
print(f"rollups.verify() after the correction: {time.monotonic() - t:.1f} s, {len(problems)} differences")
assert not problems, problems[:5]
# put it back, so a later run measures the same data
with context.action_context("command"):
    services.attendance_correct(actor=None, meeting=row.meeting, person=row.person, status="present", note="Bench: hoàn lại")
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--regenerate", action="store_true", help="write the meetings and attendance again")
    args = parser.parse_args()
    ensure_data(args.pg, args.size, regenerate=False)
    source, name = f"dangbo_bench_{label(args.size)}", f"dangbo_meet_bench_{label(args.size)}"
    if psql(args.pg, f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") != "1":
        psql(args.pg, f"CREATE DATABASE {name} TEMPLATE {source}")
    env = os.environ | {"DATABASE_URL": f"{args.pg.rstrip('/')}/{name}", "DJANGO_SETTINGS_MODULE": "dangbo.settings"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = MEASURE.replace("__REPEAT__", str(args.repeat)).replace("__REGENERATE__", str(args.regenerate))
    subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
