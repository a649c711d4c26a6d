"""Member counts of any subtree on any date, without scanning history per request.

``MemberCountDelta`` holds, for each organization (node), the dates on which the number of members in
its subtree changes and by how much. A membership interval [s, e) in organization O contributes to every
ancestor A of O for the part of [s, e) during which O lay under A (``TreePath``): +1 where that overlap
starts, -1 where it ends. So the count of A's subtree on D is ``SUM(delta) WHERE node=A AND on_date<=D``.

How it stays correct:
* membership services apply the difference of contributions before and after each change (same
  transaction);
* reorganizations change ``TreePath``; the services then call :func:`rebuild` for every node whose
  subtree changed (before or after);
* ``manage.py rebuild_counts [--verify]`` recomputes everything, or compares and reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Q, Sum

from apps.members.models import MemberCountDelta
from apps.organizations.models import TreePath

Key = tuple[int, dt.date]


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def contributions(org_id: int, start: dt.date, end: dt.date | None, sign: int = 1) -> Counter[Key]:
    out: Counter[Key] = Counter()
    if end is not None and end <= start:
        return out
    paths = TreePath.objects.filter(descendant_id=org_id).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
    if end is not None:
        paths = paths.filter(valid_from__lt=end)
    for anc, vf, vt in paths.values_list("ancestor_id", "valid_from", "valid_to"):
        s = max(start, vf)
        ends = [x for x in (end, vt) if x is not None]
        e = min(ends) if ends else None
        if e is not None and e <= s:
            continue
        out[(anc, s)] += sign
        if e is not None:
            out[(anc, e)] -= sign
    return out


def apply(changes: Counter[Key]) -> None:
    """Add the deltas to the stored rows (creating and removing rows as needed)."""
    changes = Counter({k: v for k, v in changes.items() if v})
    if not changes:
        return
    nodes = {k[0] for k in changes}
    dates = {k[1] for k in changes}
    existing = {(r.node_id, r.on_date): r for r in MemberCountDelta.objects.filter(node_id__in=nodes, on_date__in=dates)}
    to_create: list[MemberCountDelta] = []
    to_update: list[MemberCountDelta] = []
    to_delete: list[MemberCountDelta] = []
    for key, delta in changes.items():
        row = existing.get(key)
        if row is None:
            to_create.append(MemberCountDelta(node_id=key[0], on_date=key[1], delta=delta))
        else:
            row.delta += delta
            (to_update if row.delta else to_delete).append(row)
    MemberCountDelta.objects.bulk_create(to_create, batch_size=2000)
    MemberCountDelta.objects.bulk_update(to_update, ["delta"], batch_size=2000)
    if to_delete:
        MemberCountDelta.objects.filter(id__in=[r.id for r in to_delete]).delete()


_START = """
SELECT tp.ancestor_id,
       CASE WHEN m.valid_from > tp.valid_from THEN m.valid_from ELSE tp.valid_from END AS d,
       COUNT(*)
FROM members_membership m
JOIN organizations_treepath tp ON tp.descendant_id = m.organization_id
WHERE {where}
  AND (m.valid_to IS NULL OR m.valid_to > m.valid_from)
  AND (m.valid_to IS NULL OR m.valid_to > tp.valid_from)
  AND (tp.valid_to IS NULL OR tp.valid_to > m.valid_from)
GROUP BY 1, 2
"""
_END = """
SELECT tp.ancestor_id,
       CASE WHEN m.valid_to IS NULL THEN tp.valid_to
            WHEN tp.valid_to IS NULL THEN m.valid_to
            WHEN m.valid_to < tp.valid_to THEN m.valid_to ELSE tp.valid_to END AS d,
       COUNT(*)
FROM members_membership m
JOIN organizations_treepath tp ON tp.descendant_id = m.organization_id
WHERE {where}
  AND NOT (m.valid_to IS NULL AND tp.valid_to IS NULL)
  AND (m.valid_to IS NULL OR m.valid_to > m.valid_from)
  AND (m.valid_to IS NULL OR m.valid_to > tp.valid_from)
  AND (tp.valid_to IS NULL OR tp.valid_to > m.valid_from)
GROUP BY 1, 2
"""


def compute(node_ids: Sequence[int] | None = None) -> Counter[Key]:
    """The deltas as they should be, computed from memberships and tree paths."""
    result: Counter[Key] = Counter()
    chunks: list[Sequence[int] | None] = (
        [None] if node_ids is None else [node_ids[i : i + 500] for i in range(0, len(node_ids), 500)]
    )
    with connection.cursor() as cur:
        for chunk in chunks:
            if chunk is None:
                where, params = "1=1", []
            else:
                where = "tp.ancestor_id IN (" + ",".join(["%s"] * len(chunk)) + ")"
                params = list(chunk)
            for sql, sign in ((_START, 1), (_END, -1)):
                cur.execute(sql.format(where=where), params)
                for node, day, n in cur.fetchall():
                    result[(node, _as_date(day))] += sign * n
    return Counter({k: v for k, v in result.items() if v})


def rebuild(node_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored deltas for the given nodes (all when None). Answers the rows written."""
    ids = None if node_ids is None else sorted(set(node_ids))
    fresh = compute(ids)
    if ids is None:
        MemberCountDelta.objects.all().delete()
    else:
        for i in range(0, len(ids), 500):
            MemberCountDelta.objects.filter(node_id__in=ids[i : i + 500]).delete()
    MemberCountDelta.objects.bulk_create(
        [MemberCountDelta(node_id=k[0], on_date=k[1], delta=v) for k, v in sorted(fresh.items())], batch_size=5000
    )
    return len(fresh)


def verify() -> list[str]:
    fresh = compute(None)
    stored = Counter({(n, _as_date(d)): v for n, d, v in MemberCountDelta.objects.values_list("node_id", "on_date", "delta")})
    if fresh == stored:
        return []
    wrong = {k for k in set(fresh) | set(stored) if fresh.get(k, 0) != stored.get(k, 0)}
    return [f"member count deltas differ at {len(wrong)} (organization, date) pairs"]


def subtree_counts(org_ids: Iterable[int], on_date: dt.date) -> dict[int, int]:
    ids = sorted(set(org_ids))
    out: dict[int, int] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        rows = (
            MemberCountDelta.objects.filter(node_id__in=chunk, on_date__lte=on_date)
            .values("node_id")
            .annotate(n=Sum("delta"))
            .values_list("node_id", "n")
        )
        out.update({node: int(n or 0) for node, n in rows})
    return out


def subtree_count(org_id: int, on_date: dt.date) -> int:
    total = MemberCountDelta.objects.filter(node_id=org_id, on_date__lte=on_date).aggregate(n=Sum("delta"))["n"]
    return int(total or 0)


def contributions_of_organizations(org_ids: Sequence[int]) -> Counter[Key]:
    """The deltas that the memberships held in ``org_ids`` contribute, under the tree paths stored now.

    A reorganization calls this before and after rebuilding the tree paths of the organizations it touched and
    applies the difference, so its cost follows the size of the touched subtrees, not of the whole tree.
    """
    result: Counter[Key] = Counter()
    ids = sorted(set(org_ids))
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            where = "m.organization_id IN (" + ",".join(["%s"] * len(chunk)) + ")"
            for sql, sign in ((_START, 1), (_END, -1)):
                cur.execute(sql.format(where=where), chunk)
                for node, day, n in cur.fetchall():
                    result[(node, _as_date(day))] += sign * n
    return result
