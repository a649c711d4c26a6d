"""Maintenance of the derived tree tables (``TreePath`` and ``ScopePath``) from ``ParentLink`` rows.

Called by the reorganization services inside their transaction, for the organizations a change touched
and everything that was ever below them. ``rebuild_all`` recomputes everything (after a bulk load or to
verify), and ``verify`` compares the stored rows with a fresh computation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from apps.organizations.models import Organization, ParentLink, ReorganizationLink, ScopePath, TreePath

Interval = tuple[dt.date, dt.date | None]


def _intersect(a: Interval, b: Interval) -> Interval | None:
    start = max(a[0], b[0])
    ends = [e for e in (a[1], b[1]) if e is not None]
    end = min(ends) if ends else None
    if end is not None and end <= start:
        return None
    return start, end


def _edges() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Parent-to-child edges of every link ever, and successor-to-predecessor edges of the lineage."""
    children: dict[int, set[int]] = defaultdict(set)
    for child_id, parent_id in ParentLink.objects.values_list("child_id", "parent_id"):
        children[parent_id].add(child_id)
    predecessors: dict[int, set[int]] = defaultdict(set)
    for org_id, successor_id in ReorganizationLink.objects.filter(
        role=ReorganizationLink.Role.ENDED, successor__isnull=False
    ).values_list("organization_id", "successor_id"):
        predecessors[successor_id].add(org_id)
    return children, predecessors


def all_time_descendants(root_ids: Iterable[int]) -> list[int]:
    """The roots and every organization ever below them (or passed into them), in a stable order.

    Over all time the parent links need not form a tree (A above B in 2015, B above A later), so no
    ordering is assumed: paths are computed by walking up from each organization, narrowing the interval.
    """
    children, predecessors = _edges()
    seen: set[int] = set()
    order: list[int] = []
    stack = list(root_ids)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(sorted(children.get(node, ()), reverse=True))
        stack.extend(sorted(predecessors.get(node, ()), reverse=True))
    return order


def _all_links() -> dict[int, list[tuple[int, Interval]]]:
    links: dict[int, list[tuple[int, Interval]]] = defaultdict(list)
    for child_id, parent_id, vf, vt in ParentLink.objects.values_list("child_id", "parent_id", "valid_from", "valid_to"):
        links[child_id].append((parent_id, (vf, vt)))
    return links


def _ancestor_rows(
    org_id: int, existence: Interval, links: dict[int, list[tuple[int, Interval]]]
) -> list[tuple[int, int, Interval]]:
    """(ancestor, depth, interval) for one organization: itself over its existence, then each ancestor over the
    part of time during which the whole chain of links up to it held."""
    rows: list[tuple[int, int, Interval]] = [(org_id, 0, existence)]
    stack: list[tuple[int, int, Interval, frozenset[int]]] = [(org_id, 0, existence, frozenset({org_id}))]
    while stack:
        node, depth, interval, chain = stack.pop()
        for parent_id, link_interval in links.get(node, ()):
            if parent_id in chain:
                continue  # never at the same time: the tree has no cycle at any instant
            both = _intersect(interval, link_interval)
            if both is None:
                continue
            rows.append((parent_id, depth + 1, both))
            stack.append((parent_id, depth + 1, both, chain | {parent_id}))
    return rows


def _compute_paths(org_ids: list[int]) -> list[TreePath]:
    """Dated closure rows for ``org_ids``."""
    orgs = {o.id: o for o in Organization.objects.filter(id__in=org_ids).only("id", "founded_on", "ended_on")}
    links = _all_links()
    out: list[TreePath] = []
    for org_id in org_ids:
        org = orgs[org_id]
        out.extend(
            TreePath(ancestor_id=anc, descendant_id=org_id, depth=depth, valid_from=iv[0], valid_to=iv[1])
            for anc, depth, iv in _ancestor_rows(org_id, (org.founded_on, org.ended_on), links)
        )
    return out


def rebuild_paths(root_ids: Iterable[int]) -> list[int]:
    """Recompute both derived tables for the roots and all that was ever below them. Answers the ids."""
    from apps.organizations import counts

    org_ids = all_time_descendants(root_ids)
    if not org_ids:
        return []
    tracker = counts.Tracker(org_ids)
    for i in range(0, len(org_ids), 900):
        TreePath.objects.filter(descendant_id__in=org_ids[i : i + 900]).delete()
    TreePath.objects.bulk_create(_compute_paths(org_ids), batch_size=5000)
    _rebuild_scope(org_ids)
    # the organization counts and foundings follow the closure: the difference of the touched organizations'
    # contributions
    tracker.apply()
    return org_ids


def _latest_parents(org_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Each organization's current parent, or for an ended one its last parent."""
    qs = ParentLink.objects.all()
    if org_ids is not None:
        qs = qs.filter(child_id__in=list(org_ids))
    latest: dict[int, tuple[dt.date, int]] = {}
    for child_id, parent_id, vf in qs.values_list("child_id", "parent_id", "valid_from"):
        if child_id not in latest or vf >= latest[child_id][0]:
            latest[child_id] = (vf, parent_id)
    return {child: parent for child, (_, parent) in latest.items()}


def scope_parents() -> dict[int, int]:
    """Where each organization sits for access: its current parent; an ended one under its first
    successor (its records passed there), or at its last parent when it had none."""
    parents = _latest_parents()
    ended = set(Organization.objects.filter(ended_on__isnull=False).values_list("id", flat=True))
    for org_id, successor_id in (
        ReorganizationLink.objects.filter(role=ReorganizationLink.Role.ENDED, successor__isnull=False)
        .order_by("-id")
        .values_list("organization_id", "successor_id")
    ):
        if org_id in ended:
            parents[org_id] = successor_id  # ordered newest first, so the earliest link wins last
    return parents


def _rebuild_scope(org_ids: list[int]) -> None:
    for i in range(0, len(org_ids), 900):
        ScopePath.objects.filter(descendant_id__in=org_ids[i : i + 900]).delete()
    parents = scope_parents()
    rows = []
    for org_id in org_ids:
        node: int | None = org_id
        depth = 0
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            rows.append(ScopePath(ancestor_id=node, descendant_id=org_id, depth=depth))
            node = parents.get(node)
            depth += 1
    ScopePath.objects.bulk_create(rows, batch_size=5000)


def roots() -> list[int]:
    with_parent = set(ParentLink.objects.values_list("child_id", flat=True))
    return [pk for pk in Organization.objects.values_list("id", flat=True) if pk not in with_parent]


def rebuild_all() -> int:
    """Recompute every derived row. Answers the number of organizations covered."""
    TreePath.objects.all().delete()
    ScopePath.objects.all().delete()
    org_ids = list(Organization.objects.order_by("id").values_list("id", flat=True))
    TreePath.objects.bulk_create(_compute_paths(org_ids), batch_size=5000)
    _rebuild_scope(org_ids)
    from apps.organizations import counts

    counts.rebuild()
    return len(org_ids)


def verify() -> list[str]:
    """Differences between the stored derived rows and a fresh computation (empty when consistent)."""
    problems: list[str] = []
    stored_scope = set(ScopePath.objects.values_list("ancestor_id", "descendant_id"))
    parents = scope_parents()
    fresh_scope: set[tuple[int, int]] = set()
    for org_id in Organization.objects.values_list("id", flat=True):
        node: int | None = org_id
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            fresh_scope.add((node, org_id))
            node = parents.get(node)
    if stored_scope != fresh_scope:
        problems.append(f"scope paths differ: {len(stored_scope - fresh_scope)} stale, {len(fresh_scope - stored_scope)} missing")
    stored = set(TreePath.objects.values_list("ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"))
    fresh: set[tuple[int, int, int, dt.date, dt.date | None]] = set()
    links = _all_links()
    for org in Organization.objects.only("id", "founded_on", "ended_on"):
        fresh.update(
            (anc, org.id, depth, iv[0], iv[1]) for anc, depth, iv in _ancestor_rows(org.id, (org.founded_on, org.ended_on), links)
        )
    if stored != fresh:
        problems.append(f"tree paths differ: {len(stored - fresh)} stale, {len(fresh - stored)} missing")
    from apps.organizations import counts

    problems += counts.verify()[:20]
    return problems
