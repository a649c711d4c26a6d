"""A target's result as of a date: its readings (computed by its indicator, or entered by hand), judged by
:mod:`apps.targets.status`. Nothing here is stored; everything is recomputed from the records when asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from apps.core import indicators
from apps.core.indicators import IndicatorKind, Question
from apps.targets import status as rules
from apps.targets.choices import Comparator, Status, TargetKind, TargetPeriod
from apps.targets.models import Measurement, Target, Term
from apps.targets.selectors import covered_roots


@dataclass
class Result:
    target: Target
    status: str
    readings: list[rules.Reading]
    statuses: list[str]
    source: str  # "indicator" or "manual"
    questions: list[Question | None] = field(default_factory=list)
    measurements: list[Measurement | None] = field(default_factory=list)
    projected: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        """The headline value: the whole period's, or the last year with a value."""
        for reading in reversed(self.readings):
            if reading.value is not None:
                return reading.value
        return None

    @property
    def done_on(self) -> dt.date | None:
        return self.readings[-1].done_on if self.readings else None

    @property
    def met(self) -> bool:
        return rules.is_met(self.status)

    @property
    def progress(self) -> int | None:
        """How far the value is towards the goal, in percent (0-100) for a progress bar."""
        t = self.target
        if t.comparator == Comparator.BY_DATE:
            return 100 if self.done_on is not None else 0
        v, g = self.value, t.goal
        if v is None or g is None:
            return None
        if t.comparator == Comparator.AT_MOST:
            if g <= 0:
                return 100 if v <= 0 else 0
            return int(max(Decimal(0), min(Decimal(100), 100 - (v - g) * 100 / g))) if v > g else 100
        if g <= 0:
            return 100
        return int(max(Decimal(0), min(Decimal(100), v * 100 / g)))


def _periods(target: Target, term: Term) -> list[tuple[dt.date, dt.date, str]]:
    """The periods a target is judged on, inclusive: the term (from its start to the day before its end, when the
    next term or the organization's end takes over), or each year it reviews."""
    last = term.last_day
    if target.period == TargetPeriod.EACH_YEAR:
        return [(max(term.start_date, dt.date(y, 1, 1)), min(last, dt.date(y, 12, 31)), str(y)) for y in term.years()]
    return [(term.start_date, last, term.label)]


def _manual(target: Target, start: dt.date, end: dt.date, label: str, as_of: dt.date) -> tuple[rules.Reading, Measurement | None]:
    measurements: list[Measurement] = getattr(target, "current_measurements", None) or list(
        target.measurements.current().order_by("-on_date", "-id")
    )
    year = int(label) if target.period == TargetPeriod.EACH_YEAR else None
    chosen = next((m for m in measurements if m.on_date <= as_of and (year is None or m.year == year)), None)
    if chosen is None:
        return rules.Reading(start, end, None, None, label), None
    if target.kind == TargetKind.MILESTONE:
        done = chosen.done_on if chosen.done_on is not None and chosen.done_on <= as_of else None
        return rules.Reading(start, end, Decimal(1) if done else Decimal(0), done, label), chosen
    return rules.Reading(start, end, chosen.value, None, label), chosen


def evaluate(target: Target, as_of: dt.date, *, term_roots: tuple[int, ...] | None = None) -> Result:
    """The target's result on ``as_of``. ``term_roots``: the term's covered organizations, when the caller already
    has them (a report evaluates every target of one term and asks the lineage once)."""
    term = target.resolution.term
    periods = _periods(target, term)
    readings: list[rules.Reading] = []
    questions: list[Question | None] = []
    measurements: list[Measurement | None] = []
    monotone = target.period == TargetPeriod.CUMULATIVE
    if target.indicator:
        indicator = indicators.get(target.indicator)
        monotone = monotone or indicator.kind == IndicatorKind.FLOW
        own = list(target.covers.all())
        if own:
            roots = tuple(o.pk for o in own)
        elif term_roots is not None:
            roots = term_roots
        else:
            roots = tuple(o.pk for o in covered_roots(term, target))
        params = {str(k): str(v) for k, v in (target.indicator_params or {}).items()}
        for start, end, label in periods:
            question = Question(
                organization_ids=roots,
                start=None if indicator.kind == IndicatorKind.LEVEL else start,
                end=end,
                as_of=as_of,
                params=params,
            )
            figure = indicators.compute(target.indicator, question) if as_of >= start else indicators.Figure(None)
            readings.append(rules.Reading(start, end, figure.value, None, label))
            questions.append(question if as_of >= start else None)
            measurements.append(None)
        source = "indicator"
    else:
        for start, end, label in periods:
            reading, measurement = _manual(target, start, end, label, as_of)
            readings.append(reading)
            questions.append(None)
            measurements.append(measurement)
        source = "manual"
    goal = rules.Goal(
        comparator=target.comparator, goal=target.goal, goal_date=target.goal_date, baseline=target.baseline, monotone=monotone
    )
    if target.period == TargetPeriod.EACH_YEAR:
        overall, statuses = rules.judge_years(goal, readings, as_of)
        projected = None
    else:
        overall = rules.judge(goal, readings[0], as_of)
        statuses = [overall]
        projected = rules.projected(goal, readings[0], as_of) if as_of < readings[0].end else None
    return Result(target, overall, readings, statuses, source, questions, measurements, projected)


@dataclass
class Summary:
    total: int
    exceeded: int
    achieved: int
    not_achieved: int
    on_track: int
    off_track: int
    no_data: int

    @property
    def met(self) -> int:
        return self.exceeded + self.achieved

    @classmethod
    def of(cls, results: list[Result]) -> Summary:
        def n(s: str) -> int:
            return sum(1 for r in results if r.status == s)

        return cls(
            total=len(results),
            exceeded=n(Status.EXCEEDED),
            achieved=n(Status.ACHIEVED),
            not_achieved=n(Status.NOT_ACHIEVED),
            on_track=n(Status.ON_TRACK),
            off_track=n(Status.OFF_TRACK),
            no_data=n(Status.NO_DATA),
        )
