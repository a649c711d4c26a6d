"""Diacritic-insensitive search that ranks exact matches first, the same on PostgreSQL and SQLite.

Candidates are found on a folded column (lower case, no diacritics, đ as d) with one LIKE per word; on
PostgreSQL a trigram GIN index serves those LIKEs. The candidates are then ranked: the exact text with
its diacritics first, then the folded phrase, then word prefixes, then the rest in Vietnamese order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from apps.core.text import fold, nfc

T = TypeVar("T")


def filter_folded(qs: QuerySet[Any], query: str, field: str, extra: Q | None = None) -> QuerySet[Any]:
    words = fold(query).split()
    if not words:
        return qs.none()
    condition = Q()
    for w in words:
        condition &= Q(**{f"{field}__contains": w})
    if extra is not None:
        condition |= extra
    return qs.filter(condition)


def rank(items: list[T], query: str, text_of: Callable[[T], str], sort_of: Callable[[T], str]) -> list[T]:
    exact = nfc(query).lower()
    folded = fold(query)
    words = folded.split()

    def key(item: T) -> tuple[int, str]:
        text = nfc(text_of(item)).lower()
        ftext = fold(text)
        if text == exact:
            r = 0
        elif exact in text:
            r = 1
        elif ftext == folded:
            r = 2
        elif folded in ftext:
            r = 3
        elif all(any(tok.startswith(w) for tok in ftext.split()) for w in words):
            r = 4
        else:
            r = 5
        return (r, sort_of(item))

    return sorted(items, key=key)
