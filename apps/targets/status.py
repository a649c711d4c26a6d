"""How a target is judged: plain functions of its goal and its readings, no database.

The rules (docs/targets.md says the same for users):

* **Final judgement** (the period is over on the day asked): *at least* G: above G is *exceeded*, G is
  *achieved*, below is *not achieved*; *at most* G: below G is *exceeded*, G *achieved*, above *not achieved*;
  *exactly* G: G is *achieved*, anything else *not achieved*; a milestone *by* a date is *achieved* when done on
  or before it, *not achieved* when done later or still not done after it.
* **In progress** (the period is still running): a value that can only grow (a count of events, or a target
  counted cumulatively) that has already reached an *at least* goal is judged final now, and one that has
  already passed an *at most* ceiling is *not achieved*; otherwise the trend decides: the pace since the start
  of the period (from the baseline, or from zero for a count of events), carried on to the end, is *on track*
  when it reaches the goal and *off track* when it does not. A milestone is on track until its date passes.
* **Each year**: every year the term reviews is judged on its own once it is over. One year not achieved makes
  the target *not achieved*; all years exceeded make it *exceeded*, all met *achieved*; while years remain, met
  years so far are *on track*.
* **Without data**: no value (nothing computed yet, nothing entered) is *no data*, never *not achieved*; a target
  judged each year with a finished year that has no value and no failed year is *no data* too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from apps.targets.choices import MET, Comparator, Status


@dataclass(frozen=True)
class Goal:
    comparator: str
    goal: Decimal | None
    goal_date: dt.date | None = None
    baseline: Decimal | None = None
    # the value can only grow over the period (a count of events, a cumulative target)
    monotone: bool = False


@dataclass(frozen=True)
class Reading:
    """The value of one period (the term, or one year of it) as known on ``as_of``."""

    start: dt.date
    end: dt.date
    value: Decimal | None
    done_on: dt.date | None = None
    label: str = ""


def final(goal: Goal, reading: Reading) -> str:
    if goal.comparator == Comparator.BY_DATE:
        if reading.done_on is None:
            # a milestone reading carries 0 when recorded as not done, None when nothing was recorded
            return Status.NO_DATA if reading.value is None else Status.NOT_ACHIEVED
        return Status.ACHIEVED if goal.goal_date is None or reading.done_on <= goal.goal_date else Status.NOT_ACHIEVED
    if reading.value is None or goal.goal is None:
        return Status.NO_DATA
    v, g = reading.value, goal.goal
    if goal.comparator == Comparator.AT_LEAST:
        return Status.EXCEEDED if v > g else Status.ACHIEVED if v == g else Status.NOT_ACHIEVED
    if goal.comparator == Comparator.AT_MOST:
        return Status.EXCEEDED if v < g else Status.ACHIEVED if v == g else Status.NOT_ACHIEVED
    return Status.ACHIEVED if v == g else Status.NOT_ACHIEVED


def projected(goal: Goal, reading: Reading, as_of: dt.date) -> Decimal | None:
    """The value at the end of the period if the pace since its start goes on."""
    if reading.value is None:
        return None
    total = (reading.end - reading.start).days
    elapsed = (min(as_of, reading.end) - reading.start).days
    if total <= 0 or elapsed <= 0:
        return None
    base = Decimal(0) if goal.monotone else (goal.baseline if goal.baseline is not None else reading.value)
    return base + (reading.value - base) * Decimal(total) / Decimal(elapsed)


def in_progress(goal: Goal, reading: Reading, as_of: dt.date) -> str:
    if goal.comparator == Comparator.BY_DATE:
        if reading.done_on is not None and reading.done_on <= as_of:
            return final(goal, reading)
        if reading.value is None:
            return Status.NO_DATA
        if goal.goal_date is not None and as_of > goal.goal_date:
            return Status.NOT_ACHIEVED
        return Status.ON_TRACK
    if reading.value is None or goal.goal is None:
        return Status.NO_DATA
    v, g = reading.value, goal.goal
    if goal.monotone:
        if goal.comparator == Comparator.AT_LEAST and v >= g:
            return final(goal, reading)
        if goal.comparator in (Comparator.AT_MOST, Comparator.EXACTLY) and v > g:
            return Status.NOT_ACHIEVED
    end_value = projected(goal, reading, as_of)
    if end_value is None:
        return Status.ON_TRACK
    if goal.comparator == Comparator.AT_MOST:
        return Status.ON_TRACK if end_value <= g else Status.OFF_TRACK
    if goal.comparator == Comparator.EXACTLY and not goal.monotone:
        # a level that must land on the goal: on track while the pace heads to it
        base = goal.baseline if goal.baseline is not None else v
        return (
            Status.ON_TRACK if (g - base) * (end_value - base) >= 0 and abs(end_value - g) <= abs(base - g) else Status.OFF_TRACK
        )
    return Status.ON_TRACK if end_value >= g else Status.OFF_TRACK


def judge(goal: Goal, reading: Reading, as_of: dt.date) -> str:
    """The status of one period's reading on ``as_of``."""
    if as_of < reading.start:
        return Status.NO_DATA
    if as_of >= reading.end:
        return final(goal, reading)
    return in_progress(goal, reading, as_of)


def judge_years(goal: Goal, readings: Sequence[Reading], as_of: dt.date) -> tuple[str, list[str]]:
    """The status of a target judged each year, and each year's own status."""
    statuses = [judge(goal, r, as_of) for r in readings]
    finished = [s for r, s in zip(readings, statuses, strict=True) if as_of >= r.end]
    if any(s == Status.NOT_ACHIEVED for s in statuses):
        return Status.NOT_ACHIEVED, statuses
    if any(s == Status.NO_DATA for s in finished):
        return Status.NO_DATA, statuses
    all_over = readings and all(as_of >= r.end for r in readings)
    if all_over:
        if all(s == Status.EXCEEDED for s in statuses):
            return Status.EXCEEDED, statuses
        return Status.ACHIEVED, statuses
    if not finished and all(s == Status.NO_DATA for s in statuses):
        return Status.NO_DATA, statuses
    if any(s == Status.OFF_TRACK for s in statuses):
        return Status.OFF_TRACK, statuses
    return Status.ON_TRACK, statuses


def is_met(status: str) -> bool:
    return status in MET
