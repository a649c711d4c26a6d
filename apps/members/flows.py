"""Member flows of any subtree over any period (admissions, transfers in and out, deaths ...), without scanning
the memberships per request.

A *flow event* is the start of a membership for a reason that brings a member onto the committee's roll
(``admitted``, ``readmitted``, ``transferred_in``) or its end for a reason that takes one off it (``deceased``,
``struck_off``, ``expelled``, ``resigned``, ``transferred_out``); transfers within the committee, temporary stays
and reorganizations are not flows. The flow's name is that reason.

Where an event counts: in every subtree that held the membership's organization on the event's *attribution
day*: for a start, the day it started; for an end, the member's last day in the organization (the day before the
end date, or the end date itself for a membership that ended the day it began). The event is dated by its start or
end date. So a member who left a cell on the day the cell was merged away counts where the cell stood the day
before, and one who left the new committee on its first day counts in it. The indicators' evidence lists the same
events from the memberships (``apps.members.indicators``), and :func:`verify` compares this rollup with them.

Two derived tables, written only here:

* ``MemberFlowDelta(node, on_date, flow, n)``: for every organization, the number of events of each flow dated
  ``on_date`` in its subtree (one row per ancestor of the event's organization on its attribution day, from the
  dated closure ``TreePath``);
* ``MemberFlowMonth(node, month, flow, n)``: the same summed per calendar month. The events of a node over a
  period are the months wholly inside it plus the days of the months at its two ends: at most about 60 + 62 rows
  per flow for a five-year term, whatever the number of members.

How they stay correct (the same design as ``counts.py``):

* *a membership change* (an admission, a transfer in, a readmission, an end, a back-dated one included) adds its
  event's rows in the service's transaction (:func:`apply`; single ``INSERT ... ON CONFLICT DO UPDATE`` upserts
  of both tables, so concurrent changes add up); a transfer within the committee or a reorganization's move of
  members opens and closes memberships with non-flow reasons and writes nothing;
* *a reorganization* changes ``TreePath``, and with it the subtrees that held past events; the reorganization
  takes the flow rows of the memberships held in the touched organizations (and all ever below them) under the
  old paths and under the new ones and applies the difference (``hooks.py``), so a back-dated move or merge
  re-attributes every later event; :func:`rebuild` recomputes chosen nodes or everything;
* an *import* records memberships started "imported": no event, nothing to write;
* :func:`verify` (``manage.py rebuild_counts --verify``) compares the stored days with a fresh computation from
  memberships and ``TreePath``, and the stored months with the sums of the stored days.

Asking about several organizations (a committee and its predecessors) counts each event once: when one of them
lay inside another during part of the period, its rows dated in those days are left out (it is counted in the
outer one), exactly, by the attribution day (:func:`total`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, transaction

from apps.members.choices import EndReason, StartReason
from apps.members.models import MemberFlowDelta, MemberFlowMonth, Membership
from apps.organizations.models import TreePath

Key = tuple[int, dt.date, str]  # (node, date, flow)
T = TypeVar("T")

START_FLOWS = (StartReason.ADMITTED.value, StartReason.READMITTED.value, StartReason.TRANSFERRED_IN.value)
END_FLOWS = (
    EndReason.DECEASED.value,
    EndReason.STRUCK_OFF.value,
    EndReason.EXPELLED.value,
    EndReason.RESIGNED.value,
    EndReason.TRANSFERRED_OUT.value,
)
FLOWS = START_FLOWS + END_FLOWS

_DAY = MemberFlowDelta._meta.db_table
_MONTH = MemberFlowMonth._meta.db_table
_MEMBERSHIP = Membership._meta.db_table
_TREEPATH = TreePath._meta.db_table
ONE_DAY = dt.timedelta(days=1)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(column: str, values: Sequence[Any]) -> str:
    return f"{column} IN (" + ",".join(["%s"] * len(values)) + ")"


def _literals(values: Sequence[str]) -> str:
    # our own constants (reason codes), never user input
    return ",".join(f"'{v}'" for v in values)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def attribution_day(valid_from: dt.date, valid_to: dt.date) -> dt.date:
    """The day whose tree places an end: the member's last day in the organization."""
    return valid_to - ONE_DAY if valid_to > valid_from else valid_from


# ---------------------------------------------------------------- one membership's events


def _ancestors_on(org_id: int, day: dt.date) -> list[int]:
    sql = (
        f"SELECT ancestor_id FROM {_TREEPATH} WHERE descendant_id = %s AND valid_from <= %s "
        "AND (valid_to IS NULL OR valid_to > %s)"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [org_id, day, day])
        return [row[0] for row in cur.fetchall()]


def of_start(org_id: int, on_date: dt.date, reason: str, sign: int = 1) -> Counter[Key]:
    """The rows a membership started on ``on_date`` in ``org_id`` for ``reason`` adds (none for a non-flow)."""
    if reason not in START_FLOWS:
        return Counter()
    return Counter({(anc, on_date, reason): sign for anc in _ancestors_on(org_id, on_date)})


def of_end(org_id: int, valid_from: dt.date, valid_to: dt.date, reason: str, sign: int = 1) -> Counter[Key]:
    """The rows a membership [valid_from, valid_to) in ``org_id`` ended for ``reason`` adds (none for a non-flow)."""
    if reason not in END_FLOWS:
        return Counter()
    return Counter({(anc, valid_to, reason): sign for anc in _ancestors_on(org_id, attribution_day(valid_from, valid_to))})


# ---------------------------------------------------------------- set-based computation

_JOIN = f"FROM {_MEMBERSHIP} m JOIN {_TREEPATH} tp ON tp.descendant_id = m.organization_id "
_STARTS = (
    "SELECT tp.ancestor_id AS node_id, m.valid_from AS on_date, m.start_reason AS flow, COUNT(*) AS n "
    + _JOIN
    + "WHERE {where} AND m.start_reason IN ("
    + _literals(START_FLOWS)
    + ") AND tp.valid_from <= m.valid_from AND (tp.valid_to IS NULL OR tp.valid_to > m.valid_from) "
    "GROUP BY tp.ancestor_id, m.valid_from, m.start_reason"
)
# the closure row holding the organization on the member's last day in it
_ENDS = (
    "SELECT tp.ancestor_id AS node_id, m.valid_to AS on_date, m.end_reason AS flow, COUNT(*) AS n "
    + _JOIN
    + "WHERE {where} AND m.valid_to IS NOT NULL AND m.end_reason IN ("
    + _literals(END_FLOWS)
    + ") AND ((m.valid_to > m.valid_from AND tp.valid_from < m.valid_to AND (tp.valid_to IS NULL OR tp.valid_to >= m.valid_to)) "
    "OR (m.valid_to = m.valid_from AND tp.valid_from <= m.valid_to AND (tp.valid_to IS NULL OR tp.valid_to > m.valid_to))) "
    "GROUP BY tp.ancestor_id, m.valid_to, m.end_reason"
)
# The rows as they should be: (node_id, on_date, flow, n); {where} appears twice. Start and end flows never share
# a name, so the two halves never share a key.
_FRESH = _STARTS + " UNION ALL " + _ENDS
_FRESH_MONTHS = (
    "SELECT node_id, {month} AS month, flow, SUM(n) AS n FROM " + _DAY + " WHERE {where} GROUP BY node_id, {month}, flow"
)


def _collect(where: str, params: Sequence[Any]) -> Counter[Key]:
    out: Counter[Key] = Counter()
    with connection.cursor() as cur:
        cur.execute(_FRESH.format(where=where), [*params, *params])
        for node, day, flow, n in cur.fetchall():
            out[(node, _as_date(day), flow)] += n
    return out


def contributions_of_organizations(org_ids: Sequence[int]) -> Counter[Key]:
    """The rows the memberships held in ``org_ids`` add, under the tree paths stored now (a reorganization takes
    them before and after rebuilding the paths and applies the difference)."""
    out: Counter[Key] = Counter()
    for chunk in _chunks(sorted(set(org_ids)), 500):
        out.update(_collect(_in("m.organization_id", chunk), chunk))
    return out


def compute(node_ids: Sequence[int] | None = None) -> Counter[Key]:
    """The day rows as they should be, from memberships and tree paths."""
    if node_ids is None:
        return _collect("1=1", [])
    out: Counter[Key] = Counter()
    for chunk in _chunks(sorted(set(node_ids)), 500):
        out.update(_collect(_in("tp.ancestor_id", chunk), chunk))
    return out


# ---------------------------------------------------------------- writes

_UPSERT = """
WITH v(node_id, {day}, flow, n) AS (VALUES {values})
INSERT INTO {table} (node_id, {day}, flow, n)
SELECT v.node_id, v.{day}, v.flow, SUM(v.n) FROM v WHERE 1=1
GROUP BY v.node_id, v.{day}, v.flow ORDER BY v.node_id, v.flow, v.{day}
ON CONFLICT (node_id, flow, {day}) DO UPDATE SET n = {table}.n + excluded.n
"""


def _upsert(cur: Any, table: str, day: str, rows: list[tuple[int, dt.date, str, int]]) -> None:
    for chunk in _chunks(rows, 300):
        values = ",".join(["(%s, %s, %s, %s)"] * len(chunk))
        cur.execute(_UPSERT.format(table=table, day=day, values=values), [x for row in chunk for x in row])


def apply(changes: Counter[Key]) -> None:
    """Add the rows to the stored days and months (negative counts remove events)."""
    rows = sorted((node, day, flow, n) for (node, day, flow), n in changes.items() if n)
    if not rows:
        return
    months: Counter[Key] = Counter()
    for node, day, flow, n in rows:
        months[(node, day.replace(day=1), flow)] += n
    month_rows = sorted((node, month, flow, n) for (node, month, flow), n in months.items() if n)
    nodes = sorted({r[0] for r in rows})
    with connection.cursor() as cur:
        _upsert(cur, _DAY, "on_date", rows)
        _upsert(cur, _MONTH, "month", month_rows)
        if all(r[3] > 0 for r in rows):
            return  # only additions: no row can have fallen to zero
        for chunk in _chunks(nodes, 500):
            cur.execute(f"DELETE FROM {_DAY} WHERE n = 0 AND {_in('node_id', chunk)}", list(chunk))
            cur.execute(f"DELETE FROM {_MONTH} WHERE n = 0 AND {_in('node_id', chunk)}", list(chunk))


def rebuild(node_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored days and months of the given nodes (all when None), in the database. Answers the
    number of day rows written."""
    written = 0
    with transaction.atomic(), connection.cursor() as cur:
        month = _month_sql("on_date")
        if node_ids is None:
            # written in the order of the unique index, so that one node's rows of one flow share a few pages: a
            # period of the root then reads a handful of pages instead of one per row
            cur.execute(f"DELETE FROM {_DAY}")
            cur.execute(
                f"INSERT INTO {_DAY} (node_id, on_date, flow, n) SELECT * FROM ("
                + _FRESH.format(where="1=1")
                + ") f ORDER BY node_id, flow, on_date"
            )
            written = max(cur.rowcount, 0)
            cur.execute(f"DELETE FROM {_MONTH}")
            cur.execute(
                f"INSERT INTO {_MONTH} (node_id, month, flow, n) "
                + _FRESH_MONTHS.format(month=month, where="1=1")
                + " ORDER BY node_id, flow, month"
            )
            return written
        for chunk in _chunks(sorted(set(node_ids)), 500):
            params = list(chunk)
            cur.execute(f"DELETE FROM {_DAY} WHERE {_in('node_id', chunk)}", params)
            cur.execute(
                f"INSERT INTO {_DAY} (node_id, on_date, flow, n) " + _FRESH.format(where=_in("tp.ancestor_id", chunk)),
                params * 2,
            )
            written += max(cur.rowcount, 0)
            cur.execute(f"DELETE FROM {_MONTH} WHERE {_in('node_id', chunk)}", params)
            cur.execute(
                f"INSERT INTO {_MONTH} (node_id, month, flow, n) "
                + _FRESH_MONTHS.format(month=month, where=_in("node_id", chunk)),
                params,
            )
    return written


# ---------------------------------------------------------------- reads


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def split_period(
    start: dt.date | None, until: dt.date
) -> tuple[tuple[dt.date | None, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """[start, until] as whole months (the first and last month's first days; the first open when ``start`` is
    None) and the day ranges left at either end (inclusive)."""
    # the last month wholly inside: until's own when until is its last day
    last = _month_start(until) if (until + ONE_DAY).day == 1 else _month_start(_month_start(until) - ONE_DAY)
    days: list[tuple[dt.date, dt.date]] = []
    first: dt.date | None = None
    if start is not None:
        first = start if start.day == 1 else _next_month(start)
        if first > last:
            return None, [(start, until)]
        if start < first:
            days.append((start, first - ONE_DAY))
    after = _next_month(last)
    if after <= until:
        days.append((after, until))
    return (first, last), days


def _range_sum(cur: Any, nodes: Sequence[int], flows: Sequence[str], start: dt.date | None, until: dt.date) -> int:
    """Sum of the flows of ``nodes`` in [start, until]: whole months from the month table, the ends from days."""
    months, days = split_period(start, until)
    where = f"{_in('node_id', nodes)} AND {_in('flow', flows)}"
    parts: list[str] = []
    params: list[Any] = []
    if months is not None:
        first, last = months
        parts.append(f"SELECT n FROM {_MONTH} WHERE {where} AND month <= %s" + (" AND month >= %s" if first else ""))
        params += [*nodes, *flows, last] + ([first] if first else [])
    for a, b in days:
        parts.append(f"SELECT n FROM {_DAY} WHERE {where} AND on_date >= %s AND on_date <= %s")
        params += [*nodes, *flows, a, b]
    cur.execute("SELECT COALESCE(SUM(n), 0) FROM (" + " UNION ALL ".join(parts) + ") x", params)
    return int(cur.fetchone()[0])


Interval = tuple[dt.date, dt.date | None]


def _inside_intervals(roots: Sequence[int]) -> dict[int, list[Interval]]:
    """For each root that lay inside another root at some time, those times merged: [from, to) intervals."""
    raw: dict[int, list[Interval]] = {}
    for desc, vf, vt in TreePath.objects.filter(ancestor_id__in=roots, descendant_id__in=roots, depth__gt=0).values_list(
        "descendant_id", "valid_from", "valid_to"
    ):
        raw.setdefault(desc, []).append((vf, vt))
    merged: dict[int, list[Interval]] = {}
    for root, intervals in raw.items():
        out: list[list[Any]] = []
        for a, b in sorted(intervals, key=lambda iv: iv[0]):
            if out and (out[-1][1] is None or a <= out[-1][1]):
                if out[-1][1] is not None and (b is None or b > out[-1][1]):
                    out[-1][1] = b
            else:
                out.append([a, b])
        merged[root] = [(a, b) for a, b in out]
    return merged


def _same_day_ends(cur: Any, root: int, day: dt.date, flows: Sequence[str]) -> int:
    """Memberships that began and ended on ``day`` for one of ``flows`` in the subtree of ``root`` on that day."""
    cur.execute(
        f"SELECT COUNT(*) {_JOIN} WHERE tp.ancestor_id = %s AND m.valid_from = %s AND m.valid_to = %s "
        f"AND {_in('m.end_reason', flows)} AND tp.valid_from <= %s AND (tp.valid_to IS NULL OR tp.valid_to > %s)",
        [root, day, day, *flows, day, day],
    )
    return int(cur.fetchone()[0])


def _inner_root_sum(
    cur: Any, root: int, flows: Sequence[str], start: dt.date | None, until: dt.date, inside: list[Interval]
) -> int:
    """A root's events in [start, until] except those on attribution days when it lay inside another root."""
    total = 0
    starts = [f for f in flows if f in START_FLOWS]
    ends = [f for f in flows if f in END_FLOWS]
    lo = start or dt.date.min
    for kind, chosen in (("start", starts), ("end", ends)):
        if not chosen:
            continue
        # a start is placed by its own date, an end by the day before it: outside [a, b) resp. (a, b]
        sql = f"SELECT COALESCE(SUM(n), 0) FROM {_DAY} WHERE node_id = %s AND {_in('flow', chosen)} AND on_date <= %s"
        params: list[Any] = [root, *chosen, until]
        if start is not None:
            sql += " AND on_date >= %s"
            params.append(start)
        for a, b in inside:
            if kind == "start":
                sql += " AND NOT (on_date >= %s" + (" AND on_date < %s)" if b is not None else ")")
            else:
                sql += " AND NOT (on_date > %s" + (" AND on_date <= %s)" if b is not None else ")")
            params += [a] + ([b] if b is not None else [])
        cur.execute(sql, params)
        total += int(cur.fetchone()[0])
        if kind == "end":
            # a membership that began and ended the same day is placed by that day, not the day before
            for a, b in inside:
                if lo <= a <= until:
                    total -= _same_day_ends(cur, root, a, chosen)
                if b is not None and lo <= b <= until:
                    total += _same_day_ends(cur, root, b, chosen)
    return total


def total(roots: Iterable[int], flows: Sequence[str], start: dt.date | None, until: dt.date) -> int:
    """The number of events of ``flows`` dated in [start, until] (``start`` None: from the beginning) in the
    subtrees of ``roots``, each counted once however the subtrees overlap."""
    ids = sorted(set(roots))
    flows = [f for f in flows if f in FLOWS]
    if not ids or not flows or (start is not None and start > until):
        return 0
    lo = start or dt.date.min
    inside: dict[int, list[Interval]] = {}
    for root, intervals in (_inside_intervals(ids) if len(ids) > 1 else {}).items():
        # only the times that touch the period matter (an end's day is the day after its attribution day)
        near = [(a, b) for a, b in intervals if a <= until and (b is None or b >= lo)]
        if near:
            inside[root] = near
    plain = [r for r in ids if r not in inside]
    n = 0
    with connection.cursor() as cur:
        if plain:
            n += _range_sum(cur, plain, flows, start, until)
        for root, intervals in inside.items():
            n += _inner_root_sum(cur, root, flows, start, until, intervals)
    return n


# ---------------------------------------------------------------- checks


def _difference(cur: Any, left: str, right: str, params: Sequence[Any] = ()) -> int:
    cur.execute(f"SELECT COUNT(*) FROM (SELECT * FROM ({left}) l EXCEPT SELECT * FROM ({right}) r) x", list(params))
    return int(cur.fetchone()[0])


def verify() -> list[str]:
    """Differences between the stored rows and a fresh computation (empty when consistent)."""
    problems: list[str] = []
    fresh = _FRESH.format(where="1=1")
    stored = f"SELECT node_id, on_date, flow, n FROM {_DAY} WHERE n <> 0"
    with connection.cursor() as cur:
        wrong = _difference(cur, fresh, stored) + _difference(cur, stored, fresh)
        if wrong:
            problems.append(f"member flow days differ at {wrong} (organization, date, flow) rows")
        expected = _FRESH_MONTHS.format(month=_month_sql("on_date"), where="1=1")
        kept = f"SELECT node_id, month, flow, n FROM {_MONTH} WHERE n <> 0"
        wrong = _difference(cur, expected, kept) + _difference(cur, kept, expected)
        if wrong:
            problems.append(f"member flow months differ at {wrong} (organization, month, flow) rows")
    return problems
