"""The meeting indicators: regularity, thematic regularity and attendance rate of a subtree in a period, read from
the monthly rollup, and their evidence limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.core import indicators
from apps.core.indicators import Question
from apps.meetings import services
from apps.meetings.models import Attendance
from apps.meetings.tests.test_rollups import _year
from apps.meetings.tests.world import build

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def world():
    w = build()
    p = w.people
    # A1 misses June and has pa3 absent without excuse at every meeting; B1 meets monthly but holds no thematic
    # meeting in the third quarter
    _year(w, "A1", 2025, skip_months=(6,), absent={p["pa3"].pk})
    _year(w, "B1", 2025, thematic_quarters=(1, 2, 4))
    return w


def _q(world, org="R", as_of=D(2026, 1, 10)):
    return Question((world.orgs[org].pk,), D(2025, 1, 1), D(2025, 12, 31), as_of)


def test_the_three_indicators_are_registered():
    keys = {i.key for i in indicators.registered()}
    assert {"meetings.regularity", "meetings.thematic_regularity", "meetings.attendance_rate"} <= keys


def test_regularity_values(world):
    f = indicators.compute("meetings.regularity", _q(world))
    assert (f.numerator, f.denominator, f.value) == (1, 2, Decimal("50.00"))
    f = indicators.compute("meetings.thematic_regularity", _q(world))
    assert (f.numerator, f.denominator) == (1, 2)
    # asked on 31-5-2025: January to April judged (both met every month), the first quarter only
    early = _q(world, as_of=D(2025, 5, 31))
    assert indicators.compute("meetings.regularity", early).value == Decimal("100.00")
    assert indicators.compute("meetings.thematic_regularity", early).denominator == 2
    # A's subtree alone: A1 only, which missed June
    f = indicators.compute("meetings.regularity", _q(world, "A"))
    assert (f.numerator, f.denominator) == (0, 1)


def test_attendance_rate_matches_the_rows_and_moves_with_a_correction(world):
    q = _q(world)
    rows = Attendance.objects.filter(meeting__on_date__year=2025)
    present = rows.filter(status="present").count()
    expected = rows.filter(status__in=("present", "excused", "unexcused")).count()
    f = indicators.compute("meetings.attendance_rate", q)
    assert (f.numerator, f.denominator) == (present, expected) and present < expected
    a = rows.filter(status="present", person=world.people["pa"]).select_related("meeting").first()
    assert a is not None
    services.attendance_correct(actor=None, meeting=a.meeting, person=a.person, status="unexcused", note="Ghi nhầm")
    g = indicators.compute("meetings.attendance_rate", q)
    assert (g.numerator, g.denominator) == (present - 1, expected)
    assert g.value is not None and f.value is not None and g.value < f.value


def test_evidence_is_scoped_and_shows_each_cell_and_meeting(world):
    ind = indicators.get("meetings.regularity")
    ev = ind.evidence(_q(world), world.users["secretary"])
    rows = [ev.row(o) for o in ev.queryset]
    assert len(rows) == 1 and rows[0][0][0] == world.orgs["A1"].name
    assert rows[0][1:] == [11, 11, 4, 2 * 15, 3 * 15]  # months met, regular, thematic, present, expected
    other = indicators.get("meetings.thematic_regularity").evidence(_q(world), world.users["other"])
    assert [o.pk for o in other.queryset] == [world.orgs["B1"].pk]
    att = indicators.get("meetings.attendance_rate").evidence(_q(world), world.users["secretary"])
    meetings = list(att.queryset)
    assert len(meetings) == 11 + 4 and {m.organization_id for m in meetings} == {world.orgs["A1"].pk}
    assert att.row(meetings[0])[3:] == [2, 3]
    # a member without a role sees no cell's figures
    assert not indicators.get("meetings.regularity").evidence(_q(world), world.users["member_b"]).queryset.exists()
