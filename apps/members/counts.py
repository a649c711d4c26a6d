"""Member counts of any subtree on any date, without scanning history per request.

Two derived tables, written only here:

* ``MemberCountDelta(node, on_date, delta)``: the dates on which the number of members in ``node``'s
  subtree changes, and by how much. A membership interval [s, e) in organization O contributes to every
  ancestor A of O for the part of [s, e) during which O lay under A (``TreePath``): +1 where that overlap
  starts, -1 where it ends. The count of A's subtree on D is the sum of A's deltas up to D.
* ``MemberCountCheckpoint(node, on_date, members)``: that running sum, kept on checkpoint dates listed in
  ``MemberCountCheckpointDate``: the 1st of January of each year, and in busy years the 1st of each quarter or
  month, so that no interval between checkpoints holds more than about ``CHECKPOINT_SPAN`` changes. A count on
  D reads the checkpoint nearest to D (before or after it) and the deltas between the two, so one subtree
  reads one row and a few deltas, and the whole tree one row per organization plus at most about half a span
  of deltas, instead of every delta since the beginning.

How they stay correct:

* a membership change (admission, transfer, end, correction of a past date) adds its contributions to the
  deltas and to every checkpoint on or after each contribution's date, in the same transaction
  (:func:`apply`; both writes are one upsert each, so concurrent changes add up instead of colliding);
* a reorganization changes ``TreePath``; the services apply the difference between the contributions of
  the memberships in the touched subtrees under the old and the new paths (:func:`apply` again), or call
  :func:`rebuild` for the nodes concerned, which recomputes their deltas and checkpoints;
* a checkpoint date is only ever read when it is listed, and a listed date is maintained by every write,
  so a missing checkpoint makes a count slower, never wrong. :func:`ensure_checkpoints` lists new dates
  (the next 1st of January, the months of a busy year) and fills them;
* :func:`verify` compares the stored deltas with a fresh computation from memberships and tree paths, and
  the stored checkpoints with the running sums of the stored deltas.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.members.models import MemberCountCheckpoint, MemberCountCheckpointDate, MemberCountDelta, Membership
from apps.organizations.models import TreePath

Key = tuple[int, dt.date]
T = TypeVar("T")

_DELTA = MemberCountDelta._meta.db_table
_CHECKPOINT = MemberCountCheckpoint._meta.db_table
_DATES = MemberCountCheckpointDate._meta.db_table
_MEMBERSHIP = Membership._meta.db_table
_TREEPATH = TreePath._meta.db_table

# Above this many organizations a count reads every node and keeps the wanted ones (cheaper than a long IN).
_FILTER_LIMIT = 500


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(column: str, ids: Sequence[int]) -> str:
    return f"{column} IN (" + ",".join(["%s"] * len(ids)) + ")"


# ---------------------------------------------------------------- contributions


def contributions(org_id: int, start: dt.date, end: dt.date | None, sign: int = 1) -> Counter[Key]:
    """The deltas a membership [start, end) in ``org_id`` contributes, under the tree paths stored now."""
    out: Counter[Key] = Counter()
    if end is not None and end <= start:
        return out
    # raw SQL: this runs for every membership change, and building the ORM query cost more than running it
    sql = f"SELECT ancestor_id, valid_from, valid_to FROM {_TREEPATH} WHERE descendant_id = %s AND (valid_to IS NULL OR valid_to > %s)"
    params: list[Any] = [org_id, start]
    if end is not None:
        sql += " AND valid_from < %s"
        params.append(end)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    for anc, vf_raw, vt_raw in rows:
        vf = _as_date(vf_raw)
        vt = _as_date(vt_raw) if vt_raw is not None else None
        s = max(start, vf)
        ends = [x for x in (end, vt) if x is not None]
        e = min(ends) if ends else None
        if e is not None and e <= s:
            continue
        out[(anc, s)] += sign
        if e is not None:
            out[(anc, e)] -= sign
    return out


# Where each membership's overlap with each tree path starts (+1) and ends (-1), grouped by node and date,
# for the memberships and paths matching {where}.
_OVERLAP = (
    f"FROM {_MEMBERSHIP} m JOIN {_TREEPATH} tp ON tp.descendant_id = m.organization_id "
    "WHERE {where} "
    "AND (m.valid_to IS NULL OR m.valid_to > m.valid_from) "
    "AND (m.valid_to IS NULL OR m.valid_to > tp.valid_from) "
    "AND (tp.valid_to IS NULL OR tp.valid_to > m.valid_from) "
)
_START_DATE = "CASE WHEN m.valid_from > tp.valid_from THEN m.valid_from ELSE tp.valid_from END"
_END_DATE = (
    "CASE WHEN m.valid_to IS NULL THEN tp.valid_to WHEN tp.valid_to IS NULL THEN m.valid_to "
    "WHEN m.valid_to < tp.valid_to THEN m.valid_to ELSE tp.valid_to END"
)
_START = f"SELECT tp.ancestor_id AS node_id, {_START_DATE} AS on_date, COUNT(*) AS n " + _OVERLAP + "GROUP BY 1, 2"
_END = (
    f"SELECT tp.ancestor_id AS node_id, {_END_DATE} AS on_date, -COUNT(*) AS n "
    + _OVERLAP
    + "AND NOT (m.valid_to IS NULL AND tp.valid_to IS NULL) GROUP BY 1, 2"
)
# The deltas as they should be, as rows (node_id, on_date, delta); {where} appears twice.
_FRESH = (
    "SELECT x.node_id, x.on_date, SUM(x.n) AS delta FROM ("
    + _START
    + " UNION ALL "
    + _END
    + ") x GROUP BY x.node_id, x.on_date HAVING SUM(x.n) <> 0"
)


def _collect(where: str, params: Sequence[Any]) -> Counter[Key]:
    result: Counter[Key] = Counter()
    with connection.cursor() as cur:
        for sql in (_START, _END):
            cur.execute(sql.format(where=where), list(params))
            for node, day, n in cur.fetchall():
                result[(node, _as_date(day))] += n
    return result


def contributions_of_organizations(org_ids: Sequence[int]) -> Counter[Key]:
    """The deltas that the memberships held in ``org_ids`` contribute, under the tree paths stored now.

    A reorganization calls this before and after rebuilding the tree paths of the organizations it touched and
    applies the difference, so its cost follows the size of the touched subtrees, not of the whole tree.
    """
    result: Counter[Key] = Counter()
    for chunk in _chunks(sorted(set(org_ids)), 500):
        result.update(_collect(_in("m.organization_id", chunk), chunk))
    return result


def compute(node_ids: Sequence[int] | None = None) -> Counter[Key]:
    """The deltas as they should be, computed from memberships and tree paths."""
    if node_ids is None:
        result = _collect("1=1", [])
    else:
        result = Counter()
        for chunk in _chunks(list(node_ids), 500):
            result.update(_collect(_in("tp.ancestor_id", chunk), chunk))
    return Counter({k: v for k, v in result.items() if v})


# ---------------------------------------------------------------- writes


_UPSERT_DELTAS = f"""
WITH v(node_id, on_date, delta) AS ({{rows}})
INSERT INTO {_DELTA} (node_id, on_date, delta)
SELECT v.node_id, v.on_date, SUM(v.delta) FROM v WHERE 1=1
GROUP BY v.node_id, v.on_date HAVING SUM(v.delta) <> 0 ORDER BY v.node_id, v.on_date
ON CONFLICT (node_id, on_date) DO UPDATE SET delta = {_DELTA}.delta + excluded.delta
"""
# Every checkpoint on or after a delta's date includes it.
_UPSERT_CHECKPOINTS = f"""
WITH v(node_id, on_date, delta) AS ({{rows}})
INSERT INTO {_CHECKPOINT} (node_id, on_date, members)
SELECT v.node_id, k.on_date, SUM(v.delta) FROM v JOIN {_DATES} k ON k.on_date >= v.on_date WHERE 1=1
GROUP BY v.node_id, k.on_date HAVING SUM(v.delta) <> 0 ORDER BY v.node_id, k.on_date
ON CONFLICT (on_date, node_id) DO UPDATE SET members = {_CHECKPOINT}.members + excluded.members
"""


def apply(changes: Counter[Key]) -> None:
    """Add the deltas to the stored rows and to every checkpoint on or after their dates."""
    rows = sorted((node, day, delta) for (node, day), delta in changes.items() if delta)
    if not rows:
        return
    with connection.cursor() as cur:
        for chunk in _chunks(rows, 300):
            values = "VALUES " + ",".join(["(%s, %s, %s)"] * len(chunk))
            params = [x for row in chunk for x in row]
            cur.execute(_UPSERT_DELTAS.format(rows=values), params)
            cur.execute(_UPSERT_CHECKPOINTS.format(rows=values), params)
        for nodes in _chunks(sorted({r[0] for r in rows}), 500):
            cur.execute(f"DELETE FROM {_DELTA} WHERE delta = 0 AND {_in('node_id', nodes)}", list(nodes))


def apply_table(table: str) -> None:
    """:func:`apply` for deltas already in a table ``(node_id, on_date, delta)``, in three statements whatever
    their number (:func:`apply_new_memberships` computes them from an import's rows)."""
    rows = f"SELECT node_id, on_date, delta FROM {table}"
    with connection.cursor() as cur:
        cur.execute(_UPSERT_DELTAS.format(rows=rows))
        cur.execute(_UPSERT_CHECKPOINTS.format(rows=rows))
        cur.execute(f"DELETE FROM {_DELTA} WHERE delta = 0 AND node_id IN (SELECT node_id FROM {table})")


def new_memberships_deltas(groups: str) -> str:
    """A query of the deltas that new open memberships contribute, from a query ``groups`` of
    ``(organization_id, start_date, n)``: ``n`` memberships opened on ``start_date`` in the organization and still
    open. Each counts, under every ancestor of the organization (its tree paths as stored now), from the later
    of its start and the path's start, until the path ends: what :func:`contributions` computes one by one."""
    return (
        f"SELECT tp.ancestor_id AS node_id, CASE WHEN g.start_date > tp.valid_from THEN g.start_date "
        f"ELSE tp.valid_from END AS on_date, g.n AS delta FROM ({groups}) g JOIN {_TREEPATH} tp "
        "ON tp.descendant_id = g.organization_id AND (tp.valid_to IS NULL OR tp.valid_to > g.start_date) "
        f"UNION ALL SELECT tp.ancestor_id, tp.valid_to, -g.n FROM ({groups}) g JOIN {_TREEPATH} tp "
        "ON tp.descendant_id = g.organization_id AND tp.valid_to IS NOT NULL AND tp.valid_to > g.start_date"
    )


def apply_new_memberships(groups: str) -> None:
    """Add new open memberships to the rollup, computed and applied by the database whatever their number: the
    query ``groups`` gives ``(organization_id, start_date, n)`` (an import's groups of rows)."""
    table = f"dangbo_new_deltas_{uuid.uuid4().hex[:16]}"
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE {table} AS {new_memberships_deltas(groups)}")
    try:
        apply_table(table)
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE {table}")


# The running sum of each node's stored deltas on every checkpoint date: each delta falls in the bucket of the
# first checkpoint on or after its date, buckets accumulate per node, and a cumulated value holds from its
# bucket's checkpoint until the node's next bucket.
_EXPECTED_CHECKPOINTS = f"""
WITH k AS (SELECT on_date, COALESCE(LAG(on_date) OVER (ORDER BY on_date), '0001-01-01') AS prev FROM {_DATES}),
b AS (SELECT d.node_id, k.on_date AS cp, SUM(d.delta) AS s
      FROM {_DELTA} d JOIN k ON d.on_date > k.prev AND d.on_date <= k.on_date
      WHERE {{where}}
      GROUP BY d.node_id, k.on_date),
c AS (SELECT node_id, cp, SUM(s) OVER (PARTITION BY node_id ORDER BY cp) AS cum,
             LEAD(cp) OVER (PARTITION BY node_id ORDER BY cp) AS next_cp
      FROM b)
SELECT c.node_id, k2.on_date, c.cum
FROM c JOIN {_DATES} k2 ON k2.on_date >= c.cp AND (c.next_cp IS NULL OR k2.on_date < c.next_cp)
WHERE c.cum <> 0
"""


def _rebuild_checkpoints(cur: Any, node_ids: Sequence[int] | None) -> None:
    if node_ids is None:
        cur.execute(f"DELETE FROM {_CHECKPOINT}")
        cur.execute(f"INSERT INTO {_CHECKPOINT} (node_id, on_date, members) " + _EXPECTED_CHECKPOINTS.format(where="1=1"))
        return
    for chunk in _chunks(list(node_ids), 500):
        cur.execute(f"DELETE FROM {_CHECKPOINT} WHERE {_in('node_id', chunk)}", list(chunk))
        cur.execute(
            f"INSERT INTO {_CHECKPOINT} (node_id, on_date, members) "
            + _EXPECTED_CHECKPOINTS.format(where=_in("d.node_id", chunk)),
            list(chunk),
        )


def rebuild(node_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored deltas and checkpoints of the given nodes (all when None), in the database.

    Answers the number of delta rows written.
    """
    written = 0
    with transaction.atomic(), connection.cursor() as cur:
        if node_ids is None:
            cur.execute(f"DELETE FROM {_DELTA}")
            cur.execute(f"INSERT INTO {_DELTA} (node_id, on_date, delta) " + _FRESH.format(where="1=1"))
            written = max(cur.rowcount, 0)
            _rebuild_checkpoints(cur, None)
            return written
        ids = sorted(set(node_ids))
        for chunk in _chunks(ids, 500):
            cur.execute(f"DELETE FROM {_DELTA} WHERE {_in('node_id', chunk)}", list(chunk))
            where = _in("tp.ancestor_id", chunk)
            cur.execute(f"INSERT INTO {_DELTA} (node_id, on_date, delta) " + _FRESH.format(where=where), list(chunk) * 2)
            written += max(cur.rowcount, 0)
        _rebuild_checkpoints(cur, ids)
    return written


# A checkpoint interval holds about this many delta rows at most, across the whole tree, so a count reads at most
# about half as many (from the nearer checkpoint); the whole tree also reads one checkpoint row per organization.
CHECKPOINT_SPAN = 100_000


def plan_checkpoint_dates(
    monthly: Mapping[tuple[int, int], int], today: dt.date | None = None, span: int = CHECKPOINT_SPAN
) -> list[dt.date]:
    """Checkpoint dates for deltas counted per (year, month): the 1st of January of every year from the one
    after the first change to next year, and in a year with more than ``span`` changes also the 1st of each
    quarter, and in such a quarter the 1st of each month."""
    if not monthly:
        return []
    today = today or timezone.localdate()
    first = min(year for year, _month in monthly)
    dates = {dt.date(year, 1, 1) for year in range(first + 1, today.year + 2)}
    for year in range(first, today.year + 1):
        if sum(monthly.get((year, m), 0) for m in range(1, 13)) <= span:
            continue
        for quarter in (1, 4, 7, 10):
            dates.add(dt.date(year, quarter, 1))
            if sum(monthly.get((year, m), 0) for m in range(quarter, quarter + 3)) > span:
                dates.update(dt.date(year, m, 1) for m in range(quarter + 1, quarter + 3))
    return sorted(d for d in dates if d.year > first)


def default_checkpoint_dates(today: dt.date | None = None) -> list[dt.date]:
    """The checkpoints for the stored deltas, by :func:`plan_checkpoint_dates` (none when there are none)."""
    monthly = {
        (_as_date(row["month"]).year, _as_date(row["month"]).month): row["n"]
        for row in MemberCountDelta.objects.annotate(month=TruncMonth("on_date")).values("month").annotate(n=Count("id"))
    }
    return plan_checkpoint_dates(monthly, today)


def ensure_checkpoints(dates: Iterable[dt.date] | None = None) -> list[dt.date]:
    """List the given checkpoint dates (by default :func:`default_checkpoint_dates`) and fill them.

    Answers the dates added. Run once a year (``manage.py rebuild_counts --checkpoints``) so the coming 1st
    of January is a checkpoint; counts stay correct without it, only slower.
    """
    wanted = sorted(set(default_checkpoint_dates() if dates is None else dates))
    # one transaction: a reader sees the old checkpoints or the new ones, never a listed date without its rows
    with transaction.atomic():
        present = set(MemberCountCheckpointDate.objects.select_for_update().values_list("on_date", flat=True))
        added = [d for d in wanted if d not in present]
        if added:
            MemberCountCheckpointDate.objects.bulk_create([MemberCountCheckpointDate(on_date=d) for d in added])
            with connection.cursor() as cur:
                _rebuild_checkpoints(cur, None)
    return added


def checkpoint_dates() -> list[dt.date]:
    return list(MemberCountCheckpointDate.objects.order_by("on_date").values_list("on_date", flat=True))


# ---------------------------------------------------------------- reads


def _read(on_date: dt.date, node_ids: Sequence[int] | None) -> dict[int, int]:
    """(node, count on ``on_date``) from the nearest checkpoint and the deltas between, for the given nodes (all
    when None). Three small queries: which checkpoint, its rows (an index-only scan), the deltas' sums; adding
    them up here costs less than a GROUP BY over the union in the database."""
    node_filter, node_params = ("", []) if node_ids is None else (" AND " + _in("node_id", node_ids), list(node_ids))
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT (SELECT MAX(on_date) FROM {_DATES} WHERE on_date <= %s), (SELECT MIN(on_date) FROM {_DATES} WHERE on_date > %s)",
            [on_date, on_date],
        )
        prev_raw, next_raw = cur.fetchone()
        prev = _as_date(prev_raw) if prev_raw is not None else None
        nxt = _as_date(next_raw) if next_raw is not None else None
        out: dict[int, int] = {}
        if prev is not None and (nxt is None or on_date - prev <= nxt - on_date):
            base, window, sign = prev, (prev, on_date), 1
        elif nxt is not None:
            # the count on the next checkpoint, less what changed after ``on_date`` up to it
            base, window, sign = nxt, (on_date, nxt), -1
        else:
            base, window, sign = None, None, 1
        if base is not None:
            cur.execute(f"SELECT node_id, members FROM {_CHECKPOINT} WHERE on_date = %s{node_filter}", [base, *node_params])
            out = dict(cur.fetchall())
        if window is not None:
            cur.execute(
                f"SELECT node_id, SUM(delta) FROM {_DELTA} WHERE on_date > %s AND on_date <= %s{node_filter} GROUP BY node_id",
                [*window, *node_params],
            )
        else:
            cur.execute(
                f"SELECT node_id, SUM(delta) FROM {_DELTA} WHERE on_date <= %s{node_filter} GROUP BY node_id",
                [on_date, *node_params],
            )
        for node, total in cur.fetchall():
            out[node] = out.get(node, 0) + sign * int(total)
    return out


def _read_few(on_date: dt.date, node_ids: Sequence[int]) -> dict[int, int]:
    """The same for a few nodes in one query: the last checkpoint on or before ``on_date`` and the deltas since
    (for one node that is at most one checkpoint interval of its own changes)."""
    last = f"(SELECT MAX(on_date) FROM {_DATES} WHERE on_date <= %s)"
    nodes = _in("node_id", node_ids)
    sql = (
        f"SELECT node_id, SUM(n) FROM (SELECT node_id, members AS n FROM {_CHECKPOINT} WHERE on_date = {last} AND {nodes} "
        f"UNION ALL SELECT node_id, delta AS n FROM {_DELTA} WHERE on_date > COALESCE({last}, '0001-01-01') "
        f"AND on_date <= %s AND {nodes}) x GROUP BY node_id"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [on_date, *node_ids, on_date, on_date, *node_ids])
        return {node: int(n) for node, n in cur.fetchall()}


def subtree_counts(org_ids: Iterable[int], on_date: dt.date) -> dict[int, int]:
    """The member count of each organization's subtree on ``on_date`` (absent or 0 when none)."""
    ids = sorted(set(org_ids))
    if not ids:
        return {}
    if len(ids) > _FILTER_LIMIT:
        wanted = set(ids)
        return {node: n for node, n in _read(on_date, None).items() if n and node in wanted}
    return {node: n for node, n in _read_few(on_date, ids).items() if n}


def subtree_count(org_id: int, on_date: dt.date) -> int:
    return subtree_counts([org_id], on_date).get(org_id, 0)


# ---------------------------------------------------------------- checks


def _difference(cur: Any, left: str, right: str) -> int:
    cur.execute(f"SELECT COUNT(*) FROM (SELECT * FROM ({left}) l EXCEPT SELECT * FROM ({right}) r) x")
    return int(cur.fetchone()[0])


def verify() -> list[str]:
    """Differences between the stored rows and a fresh computation (empty when consistent)."""
    problems: list[str] = []
    fresh = _FRESH.format(where="1=1")
    stored = f"SELECT node_id, on_date, delta FROM {_DELTA} WHERE delta <> 0"
    with connection.cursor() as cur:
        wrong = _difference(cur, fresh, stored) + _difference(cur, stored, fresh)
        if wrong:
            problems.append(f"member count deltas differ at {wrong} (organization, date) pairs")
        expected = _EXPECTED_CHECKPOINTS.format(where="1=1")
        kept = f"SELECT node_id, on_date, members FROM {_CHECKPOINT} WHERE members <> 0"
        wrong = _difference(cur, expected, kept) + _difference(cur, kept, expected)
        if wrong:
            problems.append(f"member count checkpoints differ at {wrong} (organization, date) pairs")
    return problems
