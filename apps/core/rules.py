"""Read a rule in force on a date from the rule table (:class:`apps.core.models.RuleValue`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleInForce:
    key: str
    value: Any
    regulation: str
    effective_from: dt.date


class MissingRuleError(LookupError):
    pass


# Within ``preloaded()``: every version of every rule, oldest first, read once.
_preloaded: ContextVar[dict[str, list[RuleInForce]] | None] = ContextVar("dangbo_rules_preloaded", default=None)


@contextmanager
def preloaded() -> Iterator[None]:
    """Answer :func:`rule` from one read of the rule table for the duration of the block.

    For bulk work (an import checks every row against the same few rules); the answers are the same as
    without it.
    """
    from apps.core.models import RuleValue

    table: dict[str, list[RuleInForce]] = {}
    for row in RuleValue.objects.order_by("key", "effective_from"):
        table.setdefault(row.key, []).append(
            RuleInForce(key=row.key, value=row.value, regulation=row.regulation, effective_from=row.effective_from)
        )
    token = _preloaded.set(table)
    try:
        yield
    finally:
        _preloaded.reset(token)


def _from_table(table: dict[str, list[RuleInForce]], key: str, on_date: dt.date) -> RuleInForce:
    versions = table.get(key)
    if not versions:
        raise MissingRuleError(key)
    found = versions[0]  # before any recorded version, the oldest one known
    for version in versions:
        if version.effective_from > on_date:
            break
        found = version
    return found


def rule(key: str, on_date: dt.date) -> RuleInForce:
    from apps.core.models import RuleValue

    table = _preloaded.get()
    if table is not None:
        return _from_table(table, key, on_date)
    row = RuleValue.objects.filter(key=key, effective_from__lte=on_date).order_by("-effective_from").first()
    if row is None:
        # Before any recorded version: the oldest one known is the best evidence of the rule.
        row = RuleValue.objects.filter(key=key).order_by("effective_from").first()
    if row is None:
        raise MissingRuleError(key)
    return RuleInForce(key=key, value=row.value, regulation=row.regulation, effective_from=row.effective_from)


def value(key: str, on_date: dt.date) -> Any:
    return rule(key, on_date).value
