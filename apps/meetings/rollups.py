"""Regularity and attendance rolled up per organization per month (:class:`MeetingMonthRollup`) and per year
(:class:`MeetingYearRollup`: the months summed, with masks of the months met and of those with a thematic meeting).

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
closure, instead of a scan of the attendance rows; and a year of one subtree reads the yearly row of every
organization that lay in it on all twelve mid-days, and the monthly rows of the few that did not.

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
from apps.meetings.models import Attendance, Meeting, MeetingMonthRollup, MeetingYearRollup
from apps.organizations.choices import CELL_KINDS
from apps.organizations.models import Organization, TreePath

FIELDS = ("regular_held", "thematic_held", "expected", "present", "excused", "unexcused", "exempt")
YEAR_FIELDS = ("met_mask", "thematic_mask", *FIELDS)
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


def _part_sql(part: str, column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT({part.upper()} FROM {column}) AS integer)"
    return f"CAST(strftime('{'%Y' if part == 'year' else '%m'}', {column}) AS integer)"


def _year_source_sql(where: str) -> str:
    """(organization, year, met mask, thematic mask, sums …) from the monthly rows matching ``where`` (on ``r``)."""
    bit = "CASE " + _part_sql("month", "r.month") + " " + " ".join(f"WHEN {m} THEN {1 << (m - 1)}" for m in range(1, 13)) + " END"
    sums = ", ".join(f"SUM(r.{f})" for f in FIELDS)
    return f"""
        SELECT r.organization_id, {_part_sql("year", "r.month")},
               SUM(CASE WHEN r.regular_held + r.thematic_held > 0 THEN {bit} ELSE 0 END),
               SUM(CASE WHEN r.thematic_held > 0 THEN {bit} ELSE 0 END), {sums}
        FROM {MeetingMonthRollup._meta.db_table} r WHERE {where}
        GROUP BY r.organization_id, {_part_sql("year", "r.month")}
    """


def compute_years(keys: Iterable[tuple[int, int]] | None = None) -> dict[tuple[int, int], tuple[int, ...]]:
    """Yearly rows computed from the monthly ones: for the (organization, year) keys given, or all."""
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    groups: dict[int, set[int]] = {}
    for org_id, year in keys if keys is not None else []:
        groups.setdefault(year, set()).add(org_id)
    with connection.cursor() as cur:
        if keys is None:
            cur.execute(_year_source_sql("1 = 1"))
            rows = cur.fetchall()
        else:
            rows = []
            for year, orgs in groups.items():
                marks = ", ".join(["%s"] * len(orgs))
                where = f"r.organization_id IN ({marks}) AND r.month >= {_date()} AND r.month < {_date()}"
                cur.execute(_year_source_sql(where), [*sorted(orgs), dt.date(year, 1, 1), dt.date(year + 1, 1, 1)])
                rows += cur.fetchall()
    for org, year, *rest in rows:
        out[(int(org), int(year))] = tuple(int(v) for v in rest)
    return out


def stored_years(keys: Iterable[tuple[int, int]] | None = None) -> dict[tuple[int, int], tuple[int, ...]]:
    qs = MeetingYearRollup.objects.all()
    if keys is not None:
        q = Q(pk__in=[])
        groups: dict[int, set[int]] = {}
        for org_id, year in keys:
            groups.setdefault(year, set()).add(org_id)
        for year, orgs in groups.items():
            q |= Q(year=year, organization_id__in=orgs)
        qs = qs.filter(q)
    return {(r[0], r[1]): tuple(r[2:]) for r in qs.values_list("organization_id", "year", *YEAR_FIELDS)}


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
    year_keys = {(org_id, month.year) for org_id, month in keys}
    fresh_years = compute_years(year_keys)
    groups: dict[int, list[int]] = {}
    for org_id, year in year_keys:
        groups.setdefault(year, []).append(org_id)
    for year, orgs in groups.items():
        MeetingYearRollup.objects.filter(year=year, organization_id__in=orgs).delete()
    MeetingYearRollup.objects.bulk_create(
        [
            MeetingYearRollup(organization_id=org, year=year, **dict(zip(YEAR_FIELDS, v, strict=True)))
            for (org, year), v in fresh_years.items()
        ],
        batch_size=2000,
    )


def _on_changed(keys: set[Key]) -> None:
    refresh(keys)


hooks.register(_on_changed)


def _years_from(monthly: dict[Key, tuple[int, ...]]) -> dict[tuple[int, int], tuple[int, ...]]:
    """Yearly rows summed in Python from monthly ones (what ``verify`` expects, from the fresh computation)."""
    out: dict[tuple[int, int], list[int]] = {}
    for (org, month), v in monthly.items():
        row = out.setdefault((org, month.year), [0] * len(YEAR_FIELDS))
        bit = 1 << (month.month - 1)
        row[0] |= bit if v[0] + v[1] > 0 else 0
        row[1] |= bit if v[1] > 0 else 0
        for i, n in enumerate(v):
            row[2 + i] += n
    return {k: tuple(v) for k, v in out.items()}


def verify() -> list[str]:
    """Differences between the stored rollup and a fresh computation (empty when consistent)."""
    want, have = compute_all(), stored()
    problems = []
    for key in sorted(set(want) | set(have)):
        if want.get(key) != have.get(key):
            problems.append(f"meetings rollup {key[0]} {key[1]:%Y-%m}: stored {have.get(key)} != computed {want.get(key)}")
    want_years, have_years = _years_from(want), stored_years()
    for ykey in sorted(set(want_years) | set(have_years)):
        if want_years.get(ykey) != have_years.get(ykey):
            problems.append(
                f"meetings year rollup {ykey[0]} {ykey[1]}: stored {have_years.get(ykey)} != computed {want_years.get(ykey)}"
            )
    return problems


@transaction.atomic
def rebuild() -> int:
    """Recompute every row (set-based: one DELETE and one INSERT … SELECT). Returns the number of rows."""
    table = MeetingMonthRollup._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} (organization_id, month, {', '.join(FIELDS)}) {_source_sql('1 = 1')}")
        years = MeetingYearRollup._meta.db_table
        cur.execute(f"DELETE FROM {years}")
        cur.execute(f"INSERT INTO {years} (organization_id, year, {', '.join(YEAR_FIELDS)}) {_year_source_sql('1 = 1')}")
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


@dataclass(frozen=True)
class _Year:
    """A year of the period read from the yearly rows: the organizations in the subtree on every mid-day from
    ``first_mid`` to ``last_mid`` take their yearly row; ``months`` and ``quarters`` are the 12-bit and 4-bit masks
    of the months and complete quarters judged."""

    year: int
    first_mid: dt.date
    last_mid: dt.date
    months: int
    quarters: int


def _months_cte(months: Sequence[dt.date], quarter_done: set[int]) -> tuple[str, list[Any]]:
    values = ", ".join(f"({_date()}, {_date()}, %s, %s)" for _m in months)
    params: list[Any] = []
    for m in months:
        params += [m, m.replace(day=MID_DAY), quarter_of(m), 1 if quarter_of(m) in quarter_done else 0]
    return f"months(m, mid, q, qdone) AS (VALUES {values})", params


def _years_cte(years: Sequence[_Year]) -> tuple[str, list[Any]]:
    values = ", ".join(f"(%s, {_date()}, {_date()}, %s, %s)" for _y in years)
    params: list[Any] = []
    for y in years:
        params += [y.year, y.first_mid, y.last_mid, y.months, y.quarters]
    return f"years(y, first_mid, last_mid, req, qreq) AS (VALUES {values})", params


def _one_year(by_year: bool, roots: Sequence[int], months: Sequence[dt.date]) -> bool:
    """Whether a question reads the yearly rows: one root and a period within one calendar year (the dashboard's
    "this year"). Over several years the organizations moved during any of them add up, and one pass over the
    monthly rows of the period costs less than looking each of them up."""
    return by_year and len(set(roots)) == 1 and len({m.year for m in months}) == 1


def _monthly_join(kind: str, *, lateral: bool) -> str:
    """The monthly rows of the (org, m) pairs of ``cm``, within the period (two parameters: first, last month).
    When ``cm`` holds only the few organizations moved during a year, PostgreSQL looks each one up by the unique
    (organization, month) index (LATERAL; LIMIT 1 keeps the planner from turning it back into a hash join of
    every monthly row of the period)."""
    table = MeetingMonthRollup._meta.db_table
    if lateral and connection.vendor == "postgresql":
        return f"""{kind} LATERAL (SELECT * FROM {table} r0 WHERE r0.organization_id = cm.org AND r0.month = cm.m
                   AND r0.month >= {_date()} AND r0.month <= {_date()} LIMIT 1) r ON TRUE"""
    return f"""{kind} {table} r ON r.organization_id = cm.org AND r.month = cm.m
               AND r.month >= {_date()} AND r.month <= {_date()}"""


def _materialized(few: bool) -> str:
    """With yearly rows, the monthly part holds only the few organizations moved during a year: computed first
    (PostgreSQL would otherwise join every monthly row of the period before filtering them out)."""
    return "MATERIALIZED " if few and connection.vendor == "postgresql" else ""


def _cells_join(column: str, cells_only: bool) -> tuple[str, list[Any]]:
    if not cells_only:
        return "", []
    marks = ", ".join(["%s"] * len(CELL_KINDS))
    return f"JOIN {Organization._meta.db_table} o ON o.id = {column} AND o.kind IN ({marks})", sorted(CELL_KINDS)


def _subtree_sql(roots: Sequence[int], cells_only: bool, year: _Year | None = None) -> tuple[str, list[Any]]:
    """(org, m, q, qdone) of every month an organization lay in the subtrees on the month's mid-day; with
    ``year`` (one root), only the organizations that did not lie there on every mid-day of the year (the others
    are read from the yearly rows): the closure rows that begin or end within the year, found in one pass."""
    kinds, params = _cells_join("tp.descendant_id", cells_only)
    table = TreePath._meta.db_table
    if year is not None:
        source = f"""(SELECT descendant_id, valid_from, valid_to FROM {table}
                     WHERE ancestor_id = %s AND valid_from <= {_date()} AND (valid_to IS NULL OR valid_to > {_date()})
                       AND (valid_from > {_date()} OR valid_to <= {_date()})) tp"""
        sql = f"""
            SELECT tp.descendant_id AS org, months.m AS m, months.q AS q, months.qdone AS qdone
            FROM {source}
            JOIN months ON tp.valid_from <= months.mid AND (tp.valid_to IS NULL OR tp.valid_to > months.mid)
            {kinds}
        """
        return sql, [roots[0], year.last_mid, year.first_mid, year.first_mid, year.last_mid, *params]
    params = [*params, *sorted(set(roots))]
    # one root: a descendant lies under it once on a day (no DISTINCT, which costs a sort or hash of every row)
    distinct = "DISTINCT" if len(set(roots)) > 1 else ""
    sql = f"""
        SELECT {distinct} tp.descendant_id AS org, months.m AS m, months.q AS q, months.qdone AS qdone
        FROM {table} tp
        JOIN months ON tp.valid_from <= months.mid AND (tp.valid_to IS NULL OR tp.valid_to > months.mid)
        {kinds}
        WHERE tp.ancestor_id IN ({", ".join(["%s"] * len(set(roots)))})
    """
    return sql, params


def _full_sql(roots: Sequence[int], cells_only: bool) -> tuple[str, list[Any]]:
    """(org, y, req, qreq) of the organizations that lay in the subtree (one root) on every judged mid-day of y."""
    kinds, params = _cells_join("tp.descendant_id", cells_only)
    sql = f"""
        SELECT tp.descendant_id AS org, years.y AS y, years.req AS req, years.qreq AS qreq
        FROM {TreePath._meta.db_table} tp
        JOIN years ON tp.valid_from <= years.first_mid AND (tp.valid_to IS NULL OR tp.valid_to > years.last_mid)
        {kinds}
        WHERE tp.ancestor_id = %s
    """
    return sql, [*params, roots[0]]


@dataclass(frozen=True)
class SubtreeRegularity:
    cells: int  # cells in the subtree in at least one judged month
    regular: int  # of them, met in every such month
    cells_with_quarters: int  # cells in the subtree in at least one complete quarter
    thematic_regular: int  # of them, a thematic meeting in each such quarter


def _regularity_years(months: Sequence[dt.date], done: set[int]) -> list[_Year]:
    out = []
    for year in sorted({m.year for m in months}):
        mine = [m for m in months if m.year == year]
        quarters = sum(1 << (q % 4) for q in done if q // 4 == year)
        out.append(
            _Year(
                year, mine[0].replace(day=MID_DAY), mine[-1].replace(day=MID_DAY), sum(1 << (m.month - 1) for m in mine), quarters
            )
        )
    return out


def subtree_regularity(roots: Sequence[int], start: dt.date, until: dt.date, *, by_year: bool = True) -> SubtreeRegularity:
    """How many cells of the subtrees of ``roots`` met every month of [start, until] and held a thematic meeting
    every quarter, each month's subtree as it stood on the 15th.

    One query: for one root and a period within one year, the yearly rows of the cells that lay in the subtree
    the whole year (their masks say which months they met and held a thematic meeting) and the monthly rows of
    the others; otherwise (or with ``by_year=False``) the monthly rows of all."""
    months = judged_months(start, until)
    if not roots or not months:
        return SubtreeRegularity(0, 0, 0, 0)
    per_q: dict[int, int] = {}
    for m in months:
        per_q[quarter_of(m)] = per_q.get(quarter_of(m), 0) + 1
    done = {q for q, n in per_q.items() if n == 3}
    years = _regularity_years(months, done) if _one_year(by_year, roots, months) else []
    cte, params = _months_cte(months, done)
    sub, sub_params = _subtree_sql(roots, cells_only=True, year=years[0] if years else None)
    partial = f"""
        SELECT cm.org AS org,
               MIN(CASE WHEN COALESCE(r.regular_held + r.thematic_held, 0) > 0 THEN 1 ELSE 0 END) AS month_ok,
               CASE WHEN MAX(cm.qdone) = 1
                    THEN MAX(CASE WHEN COALESCE(r.thematic_held, 0) > 0 THEN 1 ELSE 0 END) END AS q_ok
        FROM cm {_monthly_join("LEFT JOIN", lateral=bool(years))}
        GROUP BY cm.org, cm.q
    """
    all_params: list[Any] = [*params, *sub_params]
    ctes = f"{cte}, cm AS {_materialized(bool(years))}({sub})"
    tail_params: list[Any] = [months[0], months[-1]]
    full = ""
    if years:
        ycte, yparams = _years_cte(years)
        fsub, fparams = _full_sql(roots, cells_only=True)
        ctes += f", {ycte}, fy AS ({fsub})"
        all_params += [*yparams, *fparams]
        quarter_ok = " * ".join(
            f"(CASE WHEN (fy.qreq & {1 << q}) = 0 OR (COALESCE(yr.thematic_mask, 0) & {7 << (3 * q)}) <> 0 THEN 1 ELSE 0 END)"
            for q in range(4)
        )
        full = f"""
            UNION ALL
            SELECT fy.org, CASE WHEN (COALESCE(yr.met_mask, 0) & fy.req) = fy.req THEN 1 ELSE 0 END,
                   CASE WHEN fy.qreq = 0 THEN NULL ELSE {quarter_ok} END
            FROM fy LEFT JOIN {MeetingYearRollup._meta.db_table} yr ON yr.organization_id = fy.org AND yr.year = fy.y
        """
    sql = f"""
        WITH {ctes}
        SELECT COUNT(*), COALESCE(SUM(every_month), 0), COUNT(every_quarter), COALESCE(SUM(every_quarter), 0) FROM (
            SELECT org, MIN(month_ok) AS every_month, MIN(q_ok) AS every_quarter FROM (
                {partial} {full}
            ) per_part GROUP BY org
        ) per_cell
    """
    with connection.cursor() as cur:
        cur.execute(sql, [*all_params, *tail_params])
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


def subtree_attendance(roots: Sequence[int], start: dt.date, until: dt.date, *, by_year: bool = True) -> SubtreeAttendance:
    """Closed meetings and their attendance in the subtrees of ``roots`` (every kind of organization, each month
    as the subtree stood on the 15th) in the months of [start, until].

    One query: for one root and a whole calendar year, the yearly rows of the organizations that lay in the
    subtree the whole year and the monthly rows of the rest; otherwise the monthly rows."""
    months = attendance_months(start, until)
    if not roots or not months:
        return SubtreeAttendance(0, 0, 0, 0, 0, 0)
    years = []
    if _one_year(by_year, roots, months):
        for year in sorted({m.year for m in months}):
            if sum(1 for m in months if m.year == year) == 12:
                years.append(_Year(year, dt.date(year, 1, MID_DAY), dt.date(year, 12, MID_DAY), 4095, 0))
    cte, params = _months_cte(months, set())
    sub, sub_params = _subtree_sql(roots, cells_only=False, year=years[0] if years else None)
    fields = ("regular_held", "thematic_held", *FIELDS[2:])
    cols = ", ".join(f"r.{f}" for f in fields)
    sums = ", ".join(f"COALESCE(SUM({f}), 0)" for f in fields)
    all_params: list[Any] = [*params, *sub_params]
    ctes = f"{cte}, cm AS {_materialized(bool(years))}({sub})"
    full = ""
    if years:
        ycte, yparams = _years_cte(years)
        fsub, fparams = _full_sql(roots, cells_only=False)
        ctes += f", {ycte}, fy AS ({fsub})"
        all_params += [*yparams, *fparams]
        ycols = ", ".join(f"yr.{f}" for f in fields)
        full = f"""
            UNION ALL
            SELECT {ycols} FROM fy JOIN {MeetingYearRollup._meta.db_table} yr ON yr.organization_id = fy.org AND yr.year = fy.y
        """
    sql = f"""
        WITH {ctes}
        SELECT {sums} FROM (
            SELECT {cols} FROM cm {_monthly_join("JOIN", lateral=bool(years))}
            {full}
        ) parts
    """
    with connection.cursor() as cur:
        cur.execute(sql, [*all_params, months[0], months[-1]])
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
