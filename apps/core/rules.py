"""Read a rule in force on a date from the rule table (:class:`apps.core.models.RuleValue`)."""

from __future__ import annotations

import datetime as dt
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


def rule(key: str, on_date: dt.date) -> RuleInForce:
    from apps.core.models import RuleValue

    row = RuleValue.objects.filter(key=key, effective_from__lte=on_date).order_by("-effective_from").first()
    if row is None:
        # Before any recorded version: the oldest one known is the best evidence of the rule.
        row = RuleValue.objects.filter(key=key).order_by("effective_from").first()
    if row is None:
        raise MissingRuleError(key)
    return RuleInForce(key=key, value=row.value, regulation=row.regulation, effective_from=row.effective_from)


def value(key: str, on_date: dt.date) -> Any:
    return rule(key, on_date).value
