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

from apps.organizations.models import Organization, OrganizationCountDelta, TreePath

Key = tuple[int, dt.date, str, str]  # node, date, kind, sector
T = TypeVar("T")

_DELTA = OrganizationCountDelta._meta.db_table
_TREEPATH = TreePath._meta.db_table
_ORG = Organization._meta.db_table


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


def compute() -> Counter[Key]:
    """Every row as it should be, from the closure."""
    return Counter({k: v for k, v in _collect("1=1", []).items() if v})


def apply(changes: Counter[Key]) -> None:
    """Add the changes to the stored rows (one upsert per chunk; rows that fall to zero are removed)."""
    rows = sorted((node, day, kind, sector, delta) for (node, day, kind, sector), delta in changes.items() if delta)
    if not rows:
        return
    with connection.cursor() as cur:
        for chunk in _chunks(rows, 300):
            values = ",".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            cur.execute(
                f"""
                WITH v(node_id, on_date, kind, sector, delta) AS (VALUES {values})
                INSERT INTO {_DELTA} (node_id, on_date, kind, sector, delta)
                SELECT node_id, CAST(on_date AS date), kind, sector, delta FROM v WHERE 1=1
                ON CONFLICT (node_id, on_date, kind, sector) DO UPDATE SET delta = {_DELTA}.delta + excluded.delta
                """
                if connection.vendor == "postgresql"
                else f"""
                WITH v(node_id, on_date, kind, sector, delta) AS (VALUES {values})
                INSERT INTO {_DELTA} (node_id, on_date, kind, sector, delta)
                SELECT node_id, on_date, kind, sector, delta FROM v WHERE 1=1
                ON CONFLICT (node_id, on_date, kind, sector) DO UPDATE SET delta = {_DELTA}.delta + excluded.delta
                """,
                [x for row in chunk for x in row],
            )
        for nodes in _chunks(sorted({r[0] for r in rows}), 500):
            cur.execute(f"DELETE FROM {_DELTA} WHERE delta = 0 AND {_in('node_id', nodes)}", list(nodes))


def recategorize(org_id: int, apply_change: Any) -> None:
    """Run ``apply_change()`` (which corrects the organization's kind or sector) and move its contributions."""
    before = contributions([org_id])
    apply_change()
    after = contributions([org_id])
    after.subtract(before)
    apply(after)


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
    return OrganizationCountDelta.objects.count()


def verify() -> list[str]:
    """Differences between the stored rows and a fresh computation from the closure (empty when consistent)."""
    want = compute()
    have: Counter[Key] = Counter()
    for node, day, kind, sector, delta in OrganizationCountDelta.objects.values_list(
        "node_id", "on_date", "kind", "sector", "delta"
    ):
        have[(node, day, kind, sector)] = delta
    return [
        f"organization count {k[0]} {k[1]} {k[2]}/{k[3]}: stored {have.get(k, 0)} != computed {want.get(k, 0)}"
        for k in sorted(set(want) | set(have))
        if want.get(k, 0) != have.get(k, 0)
    ]


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
