"""Hooks other domains register so the tree can carry their records through reorganizations.

The organizations app never imports the members app: members registers an implementation of
:class:`MembershipHooks` in its ``AppConfig.ready``, and reorganization services call it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class MemberMove:
    """Move the current members of ``from_org_id`` (all, or those listed) to ``to_org_id`` on ``on_date``."""

    from_org_id: int
    to_org_id: int
    on_date: dt.date
    person_ids: tuple[int, ...] | None = None


class MembershipHooks(Protocol):
    def current_member_ids(self, org_id: int, on_date: dt.date) -> list[int]: ...

    def move_members(self, *, actor: Any, moves: list[MemberMove], reorganization_id: int) -> dict[int, int]:
        """Carry out the moves; answer how many members left each source organization."""
        ...

    def rebuild_counts(self, node_ids: Iterable[int]) -> None: ...

    def count_contributions(self, org_ids: Sequence[int]) -> Counter[tuple[int, dt.date]]:
        """What the memberships held in these organizations contribute to subtree counts, under current paths."""
        ...

    def apply_count_change(self, change: Counter[tuple[int, dt.date]]) -> None: ...

    def subtree_counts(self, org_ids: Iterable[int], on_date: dt.date) -> dict[int, int]: ...


class _NoMembers:
    def current_member_ids(self, org_id: int, on_date: dt.date) -> list[int]:
        return []

    def move_members(self, *, actor: Any, moves: list[MemberMove], reorganization_id: int) -> dict[int, int]:
        return {}

    def rebuild_counts(self, node_ids: Iterable[int]) -> None:
        return None

    def count_contributions(self, org_ids: Sequence[int]) -> Counter[tuple[int, dt.date]]:
        return Counter()

    def apply_count_change(self, change: Counter[tuple[int, dt.date]]) -> None:
        return None

    def subtree_counts(self, org_ids: Iterable[int], on_date: dt.date) -> dict[int, int]:
        return {}


_membership: MembershipHooks = _NoMembers()


def register_membership(impl: MembershipHooks) -> None:
    global _membership
    _membership = impl


def membership() -> MembershipHooks:
    return _membership
