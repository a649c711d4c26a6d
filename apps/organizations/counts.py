"""Organization counts of any subtree on any date, by kind and sector, without reading the closure per request.

``OrganizationCountDelta(node, on_date, kind, sector, delta)``: each closure row (``TreePath``) of depth > 0
contributes +1 to its ancestor on ``valid_from`` and -1 on ``valid_to``, under the descendant's kind and sector.
The number of organizations of some kinds and sectors under a node on D is the sum of the node's rows up to D.

How it stays correct:

* the closure of the organizations a reorganization touched is rebuilt by :func:`apps.organizations.tree.rebuild_paths`,
  which takes their contributions before and after and applies the difference (:func:`apply`), so the cost
  follows the size of the touched subtrees;
* correcting an organization's kind or sector moves its contributions (:func:`recategorize`);
* :func:`rebuild` recomputes everything from the closure (after a bulk load), :func:`verify` compares.

There are no checkpoints (unlike the member counts): organizations are few (about 55,000 in the whole Party), so a
node's rows up to a date are at most a few tens of thousands of short index entries, read without touching the
organizations or the closure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, transaction

from apps.organizations.models import (
    Organization,
    OrganizationCountDelta,
    OrganizationFoundingDelta,
    Reorganization,
    ReorganizationLink,
    TreePath,
)

Key = tuple[int, dt.date, str, str]  # node, date, kind, sector
T = TypeVar("T")

_DELTA = OrganizationCountDelta._meta.db_table
_FOUNDING = OrganizationFoundingDelta._meta.db_table
_TREEPATH = TreePath._meta.db_table
_ORG = Organization._meta.db_table
_LINK = ReorganizationLink._meta.db_table
_REORG = Reorganization._meta.db_table
FKey = tuple[int, dt.date, str, str, str]  # node, date, kind, sector, origin
NEW, REORGANIZED = "new", "reorganized"


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(column: str, ids: Sequence[Any]) -> str:
    return f"{column} IN (" + ",".join(["%s"] * len(ids)) + ")"


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


# (node, day, kind, sector, delta) of the closure rows matching {where} (on tp), the starts and the ends
_FRESH = f"""
SELECT node_id, on_date, kind, sector, SUM(delta) FROM (
    SELECT tp.ancestor_id AS node_id, tp.valid_from AS on_date, o.kind AS kind, o.sector AS sector, 1 AS delta
    FROM {_TREEPATH} tp JOIN {_ORG} o ON o.id = tp.descendant_id
    WHERE tp.depth > 0 AND {{where}}
    UNION ALL
    SELECT tp.ancestor_id, tp.valid_to, o.kind, o.sector, -1
    FROM {_TREEPATH} tp JOIN {_ORG} o ON o.id = tp.descendant_id
    WHERE tp.depth > 0 AND tp.valid_to IS NOT NULL AND {{where}}
) c GROUP BY node_id, on_date, kind, sector
"""


def _collect(where: str, params: Sequence[Any]) -> Counter[Key]:
    out: Counter[Key] = Counter()
    with connection.cursor() as cur:
        cur.execute(_FRESH.format(where=where), [*params, *params])
        for node, day, kind, sector, n in cur.fetchall():
            if n:
                out[(int(node), _as_date(day), kind, sector)] += int(n)
    return out


def contributions(org_ids: Iterable[int]) -> Counter[Key]:
    """What the closure rows of the descendants ``org_ids`` contribute now (before and after a rebuild)."""
    out: Counter[Key] = Counter()
    for chunk in _chunks(sorted(set(org_ids)), 500):
        out.update(_collect(_in("tp.descendant_id", chunk), chunk))
    return out


# (node, day, kind, sector, origin, n) of the foundings matching {where} (on l): each founding link counts under
# every node the founded organization lay under (depth > 0) on its founding day. Formed from others ("reorganized")
# when the link names a predecessor, or the same reorganization passed others into it (as the indicator reads it).
_FOUNDED_FRESH = f"""
SELECT tp.ancestor_id, r.effective_on, o.kind, o.sector,
       CASE WHEN l.predecessor_id IS NOT NULL OR EXISTS (
                SELECT 1 FROM {_LINK} l2 WHERE l2.reorganization_id = l.reorganization_id
                AND l2.organization_id = l.organization_id AND l2.role = 'received' AND l2.predecessor_id IS NOT NULL)
            THEN '{REORGANIZED}' ELSE '{NEW}' END AS origin,
       COUNT(*)
FROM {_LINK} l
JOIN {_REORG} r ON r.id = l.reorganization_id
JOIN {_ORG} o ON o.id = l.organization_id
JOIN {_TREEPATH} tp ON tp.descendant_id = o.id AND tp.depth > 0 AND tp.valid_from <= o.founded_on
     AND (tp.valid_to IS NULL OR tp.valid_to > o.founded_on)
WHERE l.role = 'founded' AND {{where}}
GROUP BY tp.ancestor_id, r.effective_on, o.kind, o.sector, 5
"""


def _collect_foundings(where: str, params: Sequence[Any]) -> Counter[FKey]:
    out: Counter[FKey] = Counter()
    with connection.cursor() as cur:
        cur.execute(_FOUNDED_FRESH.format(where=where), list(params))
        for node, day, kind, sector, origin, n in cur.fetchall():
            out[(int(node), _as_date(day), kind, sector, origin)] += int(n)
    return out


def founding_contributions(org_ids: Iterable[int]) -> Counter[FKey]:
    """What the foundings of ``org_ids`` contribute now, under the closure stored now."""
    out: Counter[FKey] = Counter()
    for chunk in _chunks(sorted(set(org_ids)), 500):
        out.update(_collect_foundings(_in("l.organization_id", chunk), chunk))
    return out


def compute_foundings() -> Counter[FKey]:
    return Counter({k: v for k, v in _collect_foundings("1=1", []).items() if v})


def compute() -> Counter[Key]:
    """Every row as it should be, from the closure."""
    return Counter({k: v for k, v in _collect("1=1", []).items() if v})


def _add(table: str, keys: tuple[str, ...], changes: Counter[Any]) -> None:
    """Add ``changes`` ({key tuple: delta}, the key's second column a date) to ``table``'s ``delta`` column, one upsert
    per chunk; rows that fall to zero are removed."""
    rows = sorted((*key, delta) for key, delta in changes.items() if delta)
    if not rows:
        return
    columns = ", ".join(keys)
    day = "CAST(on_date AS date)" if connection.vendor == "postgresql" else "on_date"
    selected = ", ".join(day if k == "on_date" else k for k in keys)
    with connection.cursor() as cur:
        for chunk in _chunks(rows, 300):
            values = ",".join(["(" + ", ".join(["%s"] * (len(keys) + 1)) + ")"] * len(chunk))
            cur.execute(
                f"""
                WITH v({columns}, delta) AS (VALUES {values})
                INSERT INTO {table} ({columns}, delta)
                SELECT {selected}, delta FROM v WHERE 1=1
                ON CONFLICT ({columns}) DO UPDATE SET delta = {table}.delta + excluded.delta
                """,
                [x for row in chunk for x in row],
            )
        for nodes in _chunks(sorted({r[0] for r in rows}), 500):
            cur.execute(f"DELETE FROM {table} WHERE delta = 0 AND {_in('node_id', nodes)}", list(nodes))


def apply(changes: Counter[Key]) -> None:
    """Add the changes to the stored count rows."""
    _add(_DELTA, ("node_id", "on_date", "kind", "sector"), changes)


def apply_foundings(changes: Counter[FKey]) -> None:
    """Add the changes to the stored founding rows."""
    _add(_FOUNDING, ("node_id", "on_date", "kind", "sector", "origin"), changes)


class Tracker:
    """The contributions of some organizations before a change to the closure (or to their kind or sector); after
    it, :meth:`apply` stores the difference in both rollups."""

    def __init__(self, org_ids: Iterable[int]) -> None:
        self.org_ids = sorted(set(org_ids))
        self.counts = contributions(self.org_ids)
        self.foundings = founding_contributions(self.org_ids)

    def apply(self) -> None:
        counts = contributions(self.org_ids)
        counts.subtract(self.counts)
        apply(counts)
        foundings = founding_contributions(self.org_ids)
        foundings.subtract(self.foundings)
        apply_foundings(foundings)


def recategorize(org_id: int, apply_change: Any) -> None:
    """Run ``apply_change()`` (which corrects the organization's kind or sector) and move its contributions."""
    tracker = Tracker([org_id])
    apply_change()
    tracker.apply()


@transaction.atomic
def rebuild() -> int:
    """Recompute every row from the closure (one DELETE and one INSERT … SELECT). Answers the number of rows."""
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {_DELTA}")
        cur.execute(
            f"INSERT INTO {_DELTA} (node_id, on_date, kind, sector, delta) "
            f"SELECT * FROM ({_FRESH.format(where='1=1')}) f WHERE f.node_id IS NOT NULL"
        )
        cur.execute(f"DELETE FROM {_DELTA} WHERE delta = 0")
        cur.execute(f"DELETE FROM {_FOUNDING}")
        cur.execute(
            f"INSERT INTO {_FOUNDING} (node_id, on_date, kind, sector, origin, delta) "
            f"SELECT * FROM ({_FOUNDED_FRESH.format(where='1=1')}) f"
        )
    return OrganizationCountDelta.objects.count()


def verify() -> list[str]:
    """Differences between the stored rows and a fresh computation from the closure (empty when consistent)."""
    want = compute()
    have: Counter[Key] = Counter()
    for node, day, kind, sector, delta in OrganizationCountDelta.objects.values_list(
        "node_id", "on_date", "kind", "sector", "delta"
    ):
        have[(node, day, kind, sector)] = delta
    problems = [
        f"organization count {k[0]} {k[1]} {k[2]}/{k[3]}: stored {have.get(k, 0)} != computed {want.get(k, 0)}"
        for k in sorted(set(want) | set(have))
        if want.get(k, 0) != have.get(k, 0)
    ]
    fwant = compute_foundings()
    fhave: Counter[FKey] = Counter()
    for row in OrganizationFoundingDelta.objects.values_list("node_id", "on_date", "kind", "sector", "origin", "delta"):
        fhave[row[:5]] = row[5]
    problems += [
        f"organization foundings {k[0]} {k[1]} {k[2]}/{k[3]}/{k[4]}: stored {fhave.get(k, 0)} != computed {fwant.get(k, 0)}"
        for k in sorted(set(fwant) | set(fhave))
        if fwant.get(k, 0) != fhave.get(k, 0)
    ]
    return problems


def count(nodes: Sequence[int], on_date: dt.date, kinds: Sequence[str] | None = None, sector: str | None = None) -> int:
    """The organizations (of ``kinds`` and ``sector`` when given) under the ``nodes`` on ``on_date``, the nodes
    themselves not counted. The nodes' subtrees must be disjoint on that day (a descendant counted once per node)."""
    if not nodes or (kinds is not None and not kinds):
        return 0
    where = [_in("node_id", list(nodes)), "on_date <= %s"]
    params: list[Any] = [*nodes, on_date]
    if kinds is not None:
        where.append(_in("kind", list(kinds)))
        params += list(kinds)
    if sector is not None:
        where.append("sector = %s")
        params.append(sector)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(SUM(delta), 0) FROM {_DELTA} WHERE {' AND '.join(where)}", params)
        return int(cur.fetchone()[0])


def founded(
    node: int,
    start: dt.date | None,
    until: dt.date,
    kinds: Sequence[str] | None = None,
    sector: str | None = None,
    origin: str | None = None,
) -> int:
    """The organizations (of ``kinds``, ``sector`` and ``origin`` when given) founded in [start, until] that lay under
    ``node`` on their founding day. One indexed range of the node's founding rows."""
    if kinds is not None and not kinds:
        return 0
    where = ["node_id = %s", "on_date <= %s"]
    params: list[Any] = [node, until]
    if start is not None:
        where.append("on_date >= %s")
        params.append(start)
    if kinds is not None:
        where.append(_in("kind", list(kinds)))
        params += list(kinds)
    if sector is not None:
        where.append("sector = %s")
        params.append(sector)
    if origin is not None:
        where.append("origin = %s")
        params.append(origin)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(SUM(delta), 0) FROM {_FOUNDING} WHERE {' AND '.join(where)}", params)
        return int(cur.fetchone()[0])
