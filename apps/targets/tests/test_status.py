"""The documented rules of apps.targets.status, for every comparator, kind and period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.targets.choices import Comparator, Status
from apps.targets.status import Goal, Reading, judge, judge_years, projected

D = dt.date
TERM = (D(2015, 7, 1), D(2020, 7, 1))
END, MID = D(2020, 7, 1), D(2018, 1, 1)  # MID is half-way through the term


def r(value: object, start: dt.date = TERM[0], end: dt.date = TERM[1], done_on: dt.date | None = None) -> Reading:
    return Reading(start, end, None if value is None else Decimal(str(value)), done_on)


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        (Comparator.AT_LEAST, 4, Status.EXCEEDED),
        (Comparator.AT_LEAST, 3, Status.ACHIEVED),
        (Comparator.AT_LEAST, 2, Status.NOT_ACHIEVED),
        (Comparator.AT_MOST, 2, Status.EXCEEDED),
        (Comparator.AT_MOST, 3, Status.ACHIEVED),
        (Comparator.AT_MOST, 4, Status.NOT_ACHIEVED),
        (Comparator.EXACTLY, 3, Status.ACHIEVED),
        (Comparator.EXACTLY, 4, Status.NOT_ACHIEVED),
        (Comparator.AT_LEAST, None, Status.NO_DATA),
        (Comparator.AT_MOST, None, Status.NO_DATA),
    ],
)
def test_final_judgement(comparator: str, value: object, expected: str) -> None:
    assert judge(Goal(comparator, Decimal(3)), r(value), END) == expected


def test_rates_compare_like_numbers() -> None:
    goal = Goal(Comparator.AT_LEAST, Decimal("99"))
    assert judge(goal, r("99.3"), END) == Status.EXCEEDED
    assert judge(goal, r("98.99"), END) == Status.NOT_ACHIEVED


def test_milestones() -> None:
    goal = Goal(Comparator.BY_DATE, None, goal_date=D(2017, 12, 31))
    assert judge(goal, r(1, done_on=D(2017, 6, 1)), END) == Status.ACHIEVED
    assert judge(goal, r(1, done_on=D(2018, 2, 1)), END) == Status.NOT_ACHIEVED
    assert judge(goal, r(0), END) == Status.NOT_ACHIEVED  # recorded as not done, after its date
    assert judge(goal, r(None), END) == Status.NO_DATA  # nothing recorded is not a failure
    assert judge(goal, r(0), D(2017, 1, 1)) == Status.ON_TRACK  # its date has not come
    assert judge(goal, r(0), D(2018, 1, 1)) == Status.NOT_ACHIEVED  # its date passed mid-term
    assert judge(goal, r(1, done_on=D(2016, 1, 1)), D(2017, 1, 1)) == Status.ACHIEVED


def test_in_progress_counts_of_events_follow_their_pace() -> None:
    goal = Goal(Comparator.AT_LEAST, Decimal(100), monotone=True)
    assert judge(goal, r(60), MID) == Status.ON_TRACK  # 60 in half the term: 120 by the end
    assert judge(goal, r(40), MID) == Status.OFF_TRACK  # 80 by the end
    assert judge(goal, r(100), MID) == Status.ACHIEVED  # already reached; a count of events cannot fall
    assert judge(goal, r(101), MID) == Status.EXCEEDED
    assert projected(goal, r(50), MID) is not None


def test_in_progress_ceilings() -> None:
    goal = Goal(Comparator.AT_MOST, Decimal(10), monotone=True)
    assert judge(goal, r(4), MID) == Status.ON_TRACK
    assert judge(goal, r(6), MID) == Status.OFF_TRACK  # 12 by the end at this pace
    assert judge(goal, r(11), MID) == Status.NOT_ACHIEVED  # already past the ceiling


def test_in_progress_levels_start_from_the_baseline() -> None:
    goal = Goal(Comparator.AT_LEAST, Decimal(1200), baseline=Decimal(1000))
    assert judge(goal, r(1110), MID) == Status.ON_TRACK  # half-way, over half the growth
    assert judge(goal, r(1050), MID) == Status.OFF_TRACK
    # a level that already reached its goal may still fall: not judged final before the end
    assert judge(goal, r(1300), MID) == Status.ON_TRACK
    falling = Goal(Comparator.AT_MOST, Decimal(5), baseline=Decimal(9))
    assert judge(falling, r(6.9), MID) == Status.ON_TRACK
    assert judge(falling, r(8.5), MID) == Status.OFF_TRACK


def test_before_the_period_there_is_no_data() -> None:
    assert judge(Goal(Comparator.AT_LEAST, Decimal(1)), r(0), D(2015, 1, 1)) == Status.NO_DATA


def years(*values: object) -> list[Reading]:
    return [r(v, D(2016 + i, 1, 1), D(2016 + i, 12, 31)) for i, v in enumerate(values)]


def test_each_year_must_pass() -> None:
    goal = Goal(Comparator.AT_LEAST, Decimal(80))
    after = D(2021, 1, 1)
    assert judge_years(goal, years(85, 90, 81, 82), after)[0] == Status.EXCEEDED
    assert judge_years(goal, years(85, 80, 81, 82), after)[0] == Status.ACHIEVED
    overall, each = judge_years(goal, years(85, 79, 81, 82), after)
    assert overall == Status.NOT_ACHIEVED
    assert each == [Status.EXCEEDED, Status.NOT_ACHIEVED, Status.EXCEEDED, Status.EXCEEDED]
    # a finished year without a value: not a failure, but not achieved either
    assert judge_years(goal, years(85, None, 81, 82), after)[0] == Status.NO_DATA
    # one bad year is enough, whatever else is missing
    assert judge_years(goal, years(85, None, 70, 82), after)[0] == Status.NOT_ACHIEVED


def test_each_year_during_the_term() -> None:
    goal = Goal(Comparator.AT_LEAST, Decimal(80))
    mid = D(2018, 6, 1)
    assert judge_years(goal, years(85, 90, None, None), mid)[0] == Status.ON_TRACK
    assert judge_years(goal, years(85, 70, None, None), mid)[0] == Status.NOT_ACHIEVED
    assert judge_years(goal, years(None, None, None, None), D(2016, 3, 1))[0] == Status.NO_DATA
