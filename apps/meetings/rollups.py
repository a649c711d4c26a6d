"""Regularity and attendance rolled up per organization per month (:class:`MeetingMonthRollup`).

What a row counts. The closed meetings of one organization (the meeting's own organization, not its parents)
whose date falls in one month: regular and thematic meetings held, and their attendance: present, excused,
unexcused, exempt; ``expected`` = present + excused + unexcused (a member exempt from party activities is not
expected). A meeting counts once it is closed (minutes final): a meeting planned or held but not yet closed is
not "held" for regularity, and its attendance is not final.

How it stays right. Every service of :mod:`apps.meetings.services` that changes a meeting or its attendance
announces (organization, month) through :func:`apps.meetings.hooks.changed` inside its transaction; the
listener registered here recomputes those keys from the meetings and attendance rows (a few rows: one
organization's meetings of one month), so a late correction of a closed meeting moves the rollup in the same
transaction. :func:`verify` compares every stored row with a fresh computation, :func:`rebuild` recomputes all
(``manage.py rebuild_meeting_rollups [--verify]``).

Subtrees and dates. A subtree is taken month by month: an organization counts in a committee's subtree for a
month when the dated closure (``TreePath``) puts it there on the 15th of that month. So a cell moved on the 3rd
counts where it went for that month, and one moved on the 20th where it was; a cell founded after the 15th or
ended before it does not count for that month (it is alive on the 15th or not at all, ``TreePath`` depth 0
being existence). One date per month is what lets a year of a province be one join of the monthly rows to the
closure, instead of a scan of the attendance rows.

Regularity. A cell met in a month when it held at least one closed meeting (regular or thematic) that month; it
is *regular* over a period when it met in every month of the period in which it lay in the subtree (on the 15th),
and *thematically regular* when it held a thematic meeting in every calendar quarter of the period (among its
months in the subtree). Only months that are over by the day asked count (a month is judged once it has
ended), and only quarters whose three months all count. Cells: ``apps.organizations.choices.CELL_KINDS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from apps.core.scoping import get_visible_or_404
from apps.meetings import hooks
from apps.meetings.choices import AttendanceStatus, MeetingKind
from apps.meetings.models import Attendance, Meeting, MeetingMonthRollup
from apps.organizations.choices import CELL_KINDS
from apps.organizations.models import Organization, TreePath

FIELDS = ("regular_held", "thematic_held", "expected", "present", "excused", "unexcused", "exempt")
MID_DAY = 15

Key = tuple[int, dt.date]


# ------------------------------------------------------------------ months


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s month to ``last``'s month, inclusive."""
    out, m = [], month_of(first)
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def judged_months(start: dt.date, until: dt.date) -> list[dt.date]:
    """The months of [start, until] that are over by ``until`` (regularity judges a month once it has ended)."""
    return [m for m in months_between(start, until) if next_month(m) - dt.timedelta(days=1) <= until]


def quarter_of(month: dt.date) -> int:
    return month.year * 4 + (month.month - 1) // 3


# ------------------------------------------------------------------ computing from the records


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _date(placeholder: str = "%s") -> str:
    return f"CAST({placeholder} AS date)" if connection.vendor == "postgresql" else placeholder


def _source_sql(where: str) -> str:
    """(organization, month, regular, thematic, expected, present, excused, unexcused, exempt) of the closed
    meetings matching ``where`` (on the meeting ``m``), one row per organization and month."""
    month = _month_sql("m.on_date")
    st = "a.status"
    p, e, u, x = (
        AttendanceStatus.PRESENT.value,
        AttendanceStatus.EXCUSED.value,
        AttendanceStatus.UNEXCUSED.value,
        AttendanceStatus.EXEMPT.value,
    )
    meeting, attendance = Meeting._meta.db_table, Attendance._meta.db_table
    return f"""
        SELECT org, month, SUM(reg), SUM(them), SUM(expd), SUM(pres), SUM(exc), SUM(unexc), SUM(exm) FROM (
            SELECT m.organization_id AS org, {month} AS month,
                   CASE WHEN m.kind = '{MeetingKind.REGULAR.value}' THEN 1 ELSE 0 END AS reg,
                   CASE WHEN m.kind = '{MeetingKind.THEMATIC.value}' THEN 1 ELSE 0 END AS them,
                   0 AS expd, 0 AS pres, 0 AS exc, 0 AS unexc, 0 AS exm
            FROM {meeting} m WHERE m.closed_at IS NOT NULL AND {where}
            UNION ALL
            SELECT m.organization_id, {month}, 0, 0,
                   CASE WHEN {st} IN ('{p}', '{e}', '{u}') THEN 1 ELSE 0 END,
                   CASE WHEN {st} = '{p}' THEN 1 ELSE 0 END,
                   CASE WHEN {st} = '{e}' THEN 1 ELSE 0 END,
                   CASE WHEN {st} = '{u}' THEN 1 ELSE 0 END,
                   CASE WHEN {st} = '{x}' THEN 1 ELSE 0 END
            FROM {attendance} a JOIN {meeting} m ON m.id = a.meeting_id
            WHERE m.closed_at IS NOT NULL AND {where}
        ) src GROUP BY org, month
    """


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _fetch(where: str, params: Sequence[Any]) -> dict[Key, tuple[int, ...]]:
    with connection.cursor() as cur:
        # the condition appears twice (meetings, attendance)
        cur.execute(_source_sql(where), [*params, *params])
        return {(org, _as_date(month)): tuple(int(v) for v in rest) for org, month, *rest in cur.fetchall()}


def compute(keys: Iterable[Key]) -> dict[Key, tuple[int, ...]]:
    """A fresh computation of the given (organization, month) keys: one query per month."""
    by_month: dict[dt.date, set[int]] = {}
    for org_id, month in keys:
        by_month.setdefault(month_of(month), set()).add(org_id)
    out: dict[Key, tuple[int, ...]] = {}
    for month, orgs in by_month.items():
        marks = ", ".join(["%s"] * len(orgs))
        where = f"m.organization_id IN ({marks}) AND m.on_date >= {_date()} AND m.on_date < {_date()}"
        out.update(_fetch(where, [*sorted(orgs), month, next_month(month)]))
    return out


def compute_all() -> dict[Key, tuple[int, ...]]:
    return _fetch("1 = 1", [])


def stored(keys: Iterable[Key] | None = None) -> dict[Key, tuple[int, ...]]:
    qs = MeetingMonthRollup.objects.all()
    if keys is not None:
        q = Q(pk__in=[])
        for month, orgs in _group(keys).items():
            q |= Q(month=month, organization_id__in=orgs)
        qs = qs.filter(q)
    return {(r[0], r[1]): tuple(r[2:]) for r in qs.values_list("organization_id", "month", *FIELDS)}


def _group(keys: Iterable[Key]) -> dict[dt.date, list[int]]:
    by_month: dict[dt.date, set[int]] = {}
    for org_id, month in keys:
        by_month.setdefault(month_of(month), set()).add(org_id)
    return {m: sorted(o) for m, o in by_month.items()}


# ------------------------------------------------------------------ keeping it


def refresh(keys: Iterable[Key]) -> None:
    """Recompute the rows of ``keys`` (inside the caller's transaction)."""
    keys = {(org_id, month_of(month)) for org_id, month in keys}
    if not keys:
        return
    fresh = compute(keys)
    for month, orgs in _group(keys).items():
        MeetingMonthRollup.objects.filter(month=month, organization_id__in=orgs).delete()
    MeetingMonthRollup.objects.bulk_create(
        [
            MeetingMonthRollup(organization_id=org, month=month, **dict(zip(FIELDS, v, strict=True)))
            for (org, month), v in fresh.items()
        ],
        batch_size=2000,
    )


def _on_changed(keys: set[Key]) -> None:
    refresh(keys)


hooks.register(_on_changed)


def verify() -> list[str]:
    """Differences between the stored rollup and a fresh computation (empty when consistent)."""
    want, have = compute_all(), stored()
    problems = []
    for key in sorted(set(want) | set(have)):
        if want.get(key) != have.get(key):
            problems.append(f"meetings rollup {key[0]} {key[1]:%Y-%m}: stored {have.get(key)} != computed {want.get(key)}")
    return problems


@transaction.atomic
def rebuild() -> int:
    """Recompute every row (set-based: one DELETE and one INSERT … SELECT). Returns the number of rows."""
    table = MeetingMonthRollup._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} (organization_id, month, {', '.join(FIELDS)}) {_source_sql('1 = 1')}")
    return MeetingMonthRollup.objects.count()


# ------------------------------------------------------------------ reading: one cell


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    regular: int
    thematic: int
    expected: int
    present: int

    @property
    def met(self) -> bool:
        return self.regular + self.thematic > 0


@dataclass(frozen=True)
class CellRegularity:
    organization: Organization
    months: list[MonthRow]
    quarters: list[tuple[int, bool]]  # (quarter 1-4, a thematic meeting held)

    @property
    def regular(self) -> bool:
        return bool(self.months) and all(m.met for m in self.months)

    @property
    def thematic_regular(self) -> bool:
        return bool(self.quarters) and all(ok for _q, ok in self.quarters)

    @property
    def months_met(self) -> int:
        return sum(1 for m in self.months if m.met)


def cell_regularity(user: Any, organization_id: int, year: int, *, as_of: dt.date | None = None) -> CellRegularity:
    """Did the cell meet each month of ``year`` and hold a thematic meeting each quarter? Months the cell was
    not alive on the 15th are left out; months not over by ``as_of`` are not judged yet."""
    organization = get_visible_or_404(Organization.objects.all(), user, "meetings.view", pk=organization_id)
    until = min(dt.date(year, 12, 31), as_of or dt.date(year, 12, 31))
    months = [m for m in judged_months(dt.date(year, 1, 1), until) if organization.alive_on(m.replace(day=MID_DAY))]
    rows = stored((organization.pk, m) for m in months)
    out = []
    for m in months:
        v = rows.get((organization.pk, m), (0,) * len(FIELDS))
        out.append(MonthRow(m, v[0], v[1], v[2], v[3]))
    judged = {m for m in judged_months(dt.date(year, 1, 1), until)}
    quarters = []
    for q in range(4):
        q_months = [dt.date(year, 3 * q + i, 1) for i in (1, 2, 3)]
        if not all(m in judged for m in q_months) or not any(r.month in q_months for r in out):
            continue
        quarters.append((q + 1, any(r.thematic > 0 for r in out if r.month in q_months)))
    return CellRegularity(organization, out, quarters)


# ------------------------------------------------------------------ reading: a subtree


def _months_cte(months: Sequence[dt.date], quarter_done: set[int]) -> tuple[str, list[Any]]:
    values = ", ".join(f"({_date()}, {_date()}, %s, %s)" for _m in months)
    params: list[Any] = []
    for m in months:
        params += [m, m.replace(day=MID_DAY), quarter_of(m), 1 if quarter_of(m) in quarter_done else 0]
    return f"months(m, mid, q, qdone) AS (VALUES {values})", params


def _subtree_sql(roots: Sequence[int], cells_only: bool) -> tuple[str, list[Any]]:
    kinds = ""
    params: list[Any] = sorted(set(roots))
    if cells_only:
        kinds = f"JOIN {Organization._meta.db_table} o ON o.id = tp.descendant_id AND o.kind IN ({', '.join(['%s'] * len(CELL_KINDS))})"
        params = [*sorted(CELL_KINDS), *params]
    # one root: a descendant lies under it once on a day (no DISTINCT, which costs a sort or hash of every row)
    distinct = "DISTINCT" if len(set(roots)) > 1 else ""
    sql = f"""
        SELECT {distinct} tp.descendant_id AS org, months.m AS m, months.q AS q, months.qdone AS qdone
        FROM {TreePath._meta.db_table} tp
        JOIN months ON tp.valid_from <= months.mid AND (tp.valid_to IS NULL OR tp.valid_to > months.mid)
        {kinds}
        WHERE tp.ancestor_id IN ({", ".join(["%s"] * len(set(roots)))})
    """
    return sql, params


@dataclass(frozen=True)
class SubtreeRegularity:
    cells: int  # cells in the subtree in at least one judged month
    regular: int  # of them, met in every such month
    cells_with_quarters: int  # cells in the subtree in at least one complete quarter
    thematic_regular: int  # of them, a thematic meeting in each such quarter


def subtree_regularity(roots: Sequence[int], start: dt.date, until: dt.date) -> SubtreeRegularity:
    """How many cells of the subtrees of ``roots`` met every month of [start, until] and held a thematic meeting
    every quarter, each month's subtree as it stood on the 15th. One query on the monthly rollup."""
    months = judged_months(start, until)
    if not roots or not months:
        return SubtreeRegularity(0, 0, 0, 0)
    per_q: dict[int, int] = {}
    for m in months:
        per_q[quarter_of(m)] = per_q.get(quarter_of(m), 0) + 1
    done = {q for q, n in per_q.items() if n == 3}
    cte, params = _months_cte(months, done)
    sub, sub_params = _subtree_sql(roots, cells_only=True)
    table = MeetingMonthRollup._meta.db_table
    sql = f"""
        WITH {cte}, cm AS ({sub})
        SELECT COUNT(*), COALESCE(SUM(every_month), 0), COUNT(every_quarter), COALESCE(SUM(every_quarter), 0) FROM (
            SELECT org, MIN(month_ok) AS every_month, MIN(q_ok) AS every_quarter FROM (
                SELECT cm.org, cm.q,
                       MIN(CASE WHEN COALESCE(r.regular_held + r.thematic_held, 0) > 0 THEN 1 ELSE 0 END) AS month_ok,
                       CASE WHEN MAX(cm.qdone) = 1
                            THEN MAX(CASE WHEN COALESCE(r.thematic_held, 0) > 0 THEN 1 ELSE 0 END) END AS q_ok
                FROM cm LEFT JOIN {table} r ON r.organization_id = cm.org AND r.month = cm.m
                     AND r.month >= {_date()} AND r.month <= {_date()}
                GROUP BY cm.org, cm.q
            ) per_quarter GROUP BY org
        ) per_cell
    """
    with connection.cursor() as cur:
        cur.execute(sql, [*params, *sub_params, months[0], months[-1]])
        n, regular, nq, thematic = cur.fetchone()
    return SubtreeRegularity(int(n), int(regular), int(nq), int(thematic))


@dataclass(frozen=True)
class SubtreeAttendance:
    meetings: int
    expected: int
    present: int
    excused: int
    unexcused: int
    exempt: int


def attendance_months(start: dt.date, until: dt.date) -> list[dt.date]:
    """Attendance counts whole months: those beginning from ``start``'s month up to ``until``."""
    return months_between(start, until)


def subtree_attendance(roots: Sequence[int], start: dt.date, until: dt.date) -> SubtreeAttendance:
    """Closed meetings and their attendance in the subtrees of ``roots`` (every kind of organization, each month
    as the subtree stood on the 15th) in the months of [start, until]. One query on the monthly rollup."""
    months = attendance_months(start, until)
    if not roots or not months:
        return SubtreeAttendance(0, 0, 0, 0, 0, 0)
    cte, params = _months_cte(months, set())
    sub, sub_params = _subtree_sql(roots, cells_only=False)
    table = MeetingMonthRollup._meta.db_table
    sums = ", ".join(f"COALESCE(SUM(r.{f}), 0)" for f in ("regular_held", "thematic_held", *FIELDS[2:]))
    sql = f"""
        WITH {cte}, cm AS ({sub})
        SELECT {sums} FROM cm JOIN {table} r ON r.organization_id = cm.org AND r.month = cm.m
        WHERE r.month >= {_date()} AND r.month <= {_date()}
    """
    with connection.cursor() as cur:
        cur.execute(sql, [*params, *sub_params, months[0], months[-1]])
        reg, them, expected, present, excused, unexcused, exempt = (int(v) for v in cur.fetchone())
    return SubtreeAttendance(reg + them, expected, present, excused, unexcused, exempt)


def organization_months(roots: Sequence[int], start: dt.date, until: dt.date) -> QuerySet[MeetingMonthRollup]:
    """The monthly rows of the organizations in the subtrees (as they stood on each row's 15th is left to the
    caller; this is the per-organization listing for pages and the bench)."""
    return MeetingMonthRollup.objects.filter(
        month__gte=month_of(start),
        month__lte=until,
        organization_id__in=TreePath.objects.filter(ancestor_id__in=list(roots), valid_from__lte=until)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .values("descendant_id"),
    ).order_by("organization_id", "month")
