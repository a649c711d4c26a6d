"""Word matching on a folded text column: PostgreSQL full-text search where it runs, LIKE on SQLite.

On PostgreSQL each folded word of the query becomes a prefix term of a ``simple`` text search query (the parser of
the query and of the indexed text is the same, so "1628-qd/tu" is read the same way on both sides), matched by a GIN
index on ``to_tsvector('simple', column)`` and ranked with ``ts_rank``. SQLite has no such index: every word must
occur in the column (LIKE), and the rows are ranked by how often the words occur. Both answer the same rows for
whole words and word beginnings.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from apps.core.search import filter_folded
from apps.core.text import fold

_PREFIX_TERMS = r"regexp_replace(plainto_tsquery('simple', %s)::text, '''([^'']+)''', '''\1'':*', 'g')"


def match(qs: QuerySet[Any], column: str, folded_query: str) -> QuerySet[Any]:
    """Rows whose ``column`` (folded text) holds every word of ``folded_query``, with a ``rank`` on PostgreSQL."""
    if not folded_query.split():
        return qs.none()
    if connection.vendor == "postgresql":
        table = qs.model._meta.db_table
        vector = f'to_tsvector(\'simple\', "{table}"."{column}")'
        tsquery = f"to_tsquery('simple', {_PREFIX_TERMS})"
        # the column is ours and the query text a bound parameter
        return qs.extra(
            select={"rank": f"ts_rank({vector}, {tsquery})"},
            select_params=[folded_query],
            where=[f"{vector} @@ {tsquery}"],
            params=[folded_query],
        )
    return filter_folded(qs, folded_query, column)


def order(rows: list[Any], folded_query: str, text_of: Any, title_of: Any = None) -> list[Any]:
    """Best first: rows whose title holds every word, then on PostgreSQL by ``ts_rank``, on SQLite by how many
    times the words occur (a stable sort keeps the caller's order, newest first, among equals)."""
    words = folded_query.split()

    def in_title(r: Any) -> int:
        return 0 if title_of is not None and all(w in fold(title_of(r)) for w in words) else 1

    if rows and hasattr(rows[0], "rank"):
        return sorted(rows, key=lambda r: (in_title(r), -float(r.rank or 0)))
    return sorted(rows, key=lambda r: (in_title(r), -sum(text_of(r).count(w) for w in words)))
