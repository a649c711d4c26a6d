"""The study.participation indicator: which campaigns a question counts, their part inside its subtrees, the
campaign filter, and the evidence rows limited to the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.choices import Role
from apps.core import indicators
from apps.core.indicators import Question
from apps.core.testing import make_user
from apps.study import services
from apps.study.tests.world import build

pytestmark = pytest.mark.django_db
D = dt.date


def ask(*roots: int, start: dt.date = D(2023, 1, 1), end: dt.date = D(2023, 12, 31), **params: str) -> Question:
    return Question(tuple(roots), start, end, D(2024, 6, 1), params)


def test_the_figure_counts_each_campaign_inside_the_subtrees_asked() -> None:
    w = build()
    fig = indicators.compute("study.participation", ask(w.orgs["R"].pk))
    assert (fig.numerator, fig.denominator) == (7, 8) and fig.value == pytest.approx(87.5)
    # the campaign of R read for A (below it): A's part only
    fig = indicators.compute("study.participation", ask(w.orgs["A"].pk))
    assert (fig.numerator, fig.denominator) == (5, 6)
    # A and its cell A1 together: A counted once
    fig = indicators.compute("study.participation", ask(w.orgs["A"].pk, w.orgs["A1"].pk))
    assert (fig.numerator, fig.denominator) == (5, 6)
    # a campaign of A alone, studied by A1 only: counted for R (it lies inside) and for A, not for B
    other = services.campaign_create(
        actor=None,
        organization=w.orgs["A"],
        title="Chỉ thị",
        document_symbol="05-CT/TW",
        start_date=D(2023, 6, 1),
        end_date=D(2023, 6, 30),
    )
    session = services.session_plan(actor=None, campaign=other, organization=w.orgs["A1"], held_on=D(2023, 6, 10))
    services.attendance_record(actor=None, session=session, marks=[(w.people[k], True) for k in ("an", "binh", "chi", "dung")])
    fig = indicators.compute("study.participation", ask(w.orgs["R"].pk))
    assert (fig.numerator, fig.denominator) == (7 + 4, 8 + 6)
    fig = indicators.compute("study.participation", ask(w.orgs["B"].pk))
    assert (fig.numerator, fig.denominator) == (2, 2)
    fig = indicators.compute("study.participation", ask(w.orgs["R"].pk, campaign="05-CT/TW"))
    assert (fig.numerator, fig.denominator) == (4, 6)
    # a period that ends before the campaigns end counts none
    fig = indicators.compute("study.participation", ask(w.orgs["R"].pk, end=D(2023, 5, 30)))
    assert fig.value is None and fig.denominator == 0


def test_the_evidence_lists_every_member_expected_with_the_status_in_the_users_scope() -> None:
    w = build()
    q = ask(w.orgs["R"].pk)
    admin = make_user(superuser=True)
    ev = indicators.get("study.participation").evidence(q, admin)
    rows = [ev.row(r) for r in ev.queryset]
    assert len(rows) == 8 == ev.queryset.count()
    studied = [r for r in rows if r[4]]
    assert len(studied) == 7 and {r[3] for r in rows} == {"Đã học tập", "Chưa học tập"}
    missing = [r for r in rows if not r[4]]
    assert missing[0][0][0].endswith("Dũng") and missing[0][2][0] == "01-NQ/ĐH"
    secretary_b = make_user(role=Role.CELL_SECRETARY, organization=w.orgs["B"])
    ev = indicators.get("study.participation").evidence(q, secretary_b)
    assert sorted(ev.row(r)[0][0].split()[-1] for r in ev.queryset) == ["Hoa", "Khánh"]
    # two campaigns: a member appears once for each
    other = services.campaign_create(
        actor=None,
        organization=w.orgs["B"],
        title="Chỉ thị",
        document_symbol="05-CT/TW",
        start_date=D(2023, 6, 1),
        end_date=D(2023, 6, 30),
    )
    assert other.pk
    ev = indicators.get("study.participation").evidence(q, secretary_b)
    assert ev.queryset.count() == 4
