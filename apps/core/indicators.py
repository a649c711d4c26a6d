"""The indicator registry: figures computed from the records, each with the rows behind it.

An indicator is a plain function of a question (:class:`Question`: the subtrees of some organizations, a
period, the date it is asked on) that answers a :class:`Figure` (the value, and for a rate its numerator and
denominator), and a second function that lists the records the figure counts (:class:`Evidence`), so any
figure on any page can be clicked down to its rows.

Apps register their indicators in their own ``indicators`` module, loaded when Django starts
(:func:`autodiscover`), so the apps that use indicators (targets, reports, the dashboard) never import the apps
that provide them.

Periods are inclusive on both ends and cut at ``as_of``: a figure asked on 1-3-2018 about the term 2015-2020
counts what happened up to 1-3-2018. A *level* indicator (members at a date) reads its value on the end of the
period; a *flow* indicator (members admitted) counts the events in the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from apps.core.errors import DomainError


class IndicatorKind:
    LEVEL = "level"  # a value on a date (members on 31-12-2019)
    FLOW = "flow"  # events counted in a period (members admitted in 2015-2020)
    RATE = "rate"  # a share in percent, with numerator and denominator


@dataclass(frozen=True)
class Question:
    """What an indicator is asked: the subtrees of ``organization_ids`` (each counted as it stood on the date of
    each record), the period [start, end] cut at ``as_of``, and the indicator's own parameters."""

    organization_ids: tuple[int, ...]
    start: dt.date | None
    end: dt.date
    as_of: dt.date
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def until(self) -> dt.date:
        """The last day counted: the end of the period, or the day asked when that comes first."""
        return min(self.end, self.as_of)

    @property
    def started(self) -> bool:
        return self.start is None or self.start <= self.as_of


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None

    @classmethod
    def count(cls, n: int) -> Figure:
        return cls(Decimal(n))

    @classmethod
    def rate(cls, numerator: int, denominator: int, places: int = 2) -> Figure:
        if denominator <= 0:
            return cls(None, numerator, denominator)
        value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal(1).scaleb(-places))
        return cls(value, numerator, denominator)


@dataclass
class Evidence:
    """The records behind a figure: a queryset already limited to what the user may see, the column headings,
    and how to turn one record into the cells of its row (texts, or (text, url) pairs for links)."""

    queryset: QuerySet[Any]
    columns: Sequence[str | Promise]
    row: Callable[[Any], Sequence[Any]]
    note: str | Promise = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str | Promise
    choices: Sequence[tuple[str, str | Promise]] = ()


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    kind: str
    unit: str | Promise
    compute: Callable[[Question], Figure]
    evidence: Callable[[Question, Any], Evidence]
    description: str | Promise = ""
    parameters: Sequence[Parameter] = ()
    # "higher is better" for the dashboard's colours and a target's default comparator
    higher_is_better: bool = True

    def check_params(self, params: Mapping[str, str]) -> dict[str, str]:
        known = {p.name: p for p in self.parameters}
        out: dict[str, str] = {}
        for name, value in params.items():
            p = known.get(name)
            if p is None:
                raise DomainError(f"Chỉ số {self.key} không có tham số {name}.", code="indicator_param", field=name)
            if p.choices and value not in {c for c, _label in p.choices}:
                raise DomainError(f"Giá trị {value!r} không hợp lệ cho tham số {name}.", code="indicator_param", field=name)
            out[name] = str(value)
        return out


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.key in _REGISTRY and _REGISTRY[indicator.key] is not indicator:
        raise ValueError(f"indicator {indicator.key!r} is registered twice")
    _REGISTRY[indicator.key] = indicator
    return indicator


def get(key: str) -> Indicator:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise DomainError(f"Không có chỉ số {key}.", code="indicator_unknown", field="indicator") from None


def registered() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: i.key)


def choices() -> list[tuple[str, str | Promise]]:
    return [(i.key, i.label) for i in registered()]


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")


def compute(key: str, question: Question) -> Figure:
    indicator = get(key)
    if not question.started:
        return Figure(None)
    return indicator.compute(question)
