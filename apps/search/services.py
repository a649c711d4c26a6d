"""One search across the kinds of record a user may see (:mod:`apps.search.sources`)."""

from __future__ import annotations

from typing import Any

from apps.search.query import Query, parse
from apps.search.sources import SOURCES, Group

PER_KIND = 10


def search(user: Any, raw: str, *, kinds: list[str] | None = None, limit: int = PER_KIND) -> tuple[Query, list[Group]]:
    """The query as understood and, for each kind of record, the hits the user may open (best first).

    Anonymous visitors get the public sources only (published articles)."""
    query = parse(raw)
    groups: list[Group] = []
    if not query:
        return query, groups
    signed_in = bool(getattr(user, "is_authenticated", False))
    for key, source in SOURCES.items():
        if kinds and key not in kinds:
            continue
        if not signed_in and not source.public:
            continue
        hits = source.search(user, query, limit)
        if hits:
            groups.append(Group(source, hits))
    return query, groups
