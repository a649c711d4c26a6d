"""Organization indicators: organizations by kind and sector on a date, and those founded in a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.core import indicators
from apps.core.errors import DomainError
from apps.core.indicators import Question
from apps.core.testing import make_org, make_user
from apps.organizations import services
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.models import Organization
from apps.organizations.services import Decision, NewOrganization

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2015, 1, 1), D(2020, 12, 31)
MERGER = D(2019, 6, 27)
PRIVATE = Sector.PRIVATE_ENTERPRISE
CELL = OrganizationKind.GRASSROOTS_CELL


@pytest.fixture
def bloc() -> dict[str, Organization]:
    o: dict[str, Organization] = {}
    committee = OrganizationKind.PARTY_COMMITTEE
    o["TU"] = make_org("TU", kind=committee, on_date=D(2000, 1, 1), sector=Sector.OTHER)
    o["KCQ"] = make_org("KCQ", kind=committee, parent=o["TU"], on_date=D(2000, 1, 1), sector=Sector.OTHER)
    o["KDN"] = make_org("KDN", kind=committee, parent=o["TU"], on_date=D(2000, 1, 1), sector=Sector.OTHER)
    o["C1"] = make_org("C1", parent=o["KCQ"], on_date=D(2000, 1, 1))
    o["P0"] = make_org("P0", parent=o["KDN"], on_date=START - dt.timedelta(days=1), sector=PRIVATE)
    o["P1"] = make_org("P1", parent=o["KDN"], on_date=START, sector=PRIVATE)
    o["S1"] = make_org(
        "S1", parent=o["KDN"], kind=OrganizationKind.GRASSROOTS_COMMITTEE, on_date=D(2016, 4, 1), sector=Sector.STATE_ENTERPRISE
    )
    o["A1"] = make_org(
        "A1", parent=o["S1"], kind=OrganizationKind.ATTACHED_CELL, on_date=D(2017, 5, 1), sector=Sector.STATE_ENTERPRISE
    )
    services.organization_rename(actor=None, organization=o["S1"], new_name="Đảng bộ Công ty mới", on_date=D(2018, 1, 1))
    o["CCQDN"] = services.organization_merge(
        actor=None,
        sources=[o["KCQ"], o["KDN"]],
        into=NewOrganization("CCQDN", "Đảng bộ Các cơ quan và Doanh nghiệp", OrganizationKind.PARTY_COMMITTEE),
        parent=o["TU"],
        on_date=MERGER,
        decision=Decision(symbol="1628-QĐ/TU", date=MERGER),
    )
    o["C1a"], o["C1b"] = services.organization_split(
        actor=None,
        source=o["C1"],
        into=[NewOrganization("C1A", "Chi bộ 1A", CELL), NewOrganization("C1B", "Chi bộ 1B", CELL)],
        on_date=D(2020, 2, 1),
    )
    o["P2"] = make_org("P2", parent=o["CCQDN"], on_date=END, sector=PRIVATE)
    o["P3"] = make_org("P3", parent=o["CCQDN"], on_date=END + dt.timedelta(days=1), sector=PRIVATE)
    return o


def question(roots: list[Organization], start: dt.date | None, end: dt.date, as_of: dt.date, params: dict[str, str]) -> Question:
    return Question(tuple(r.id for r in roots), start, end, as_of, params)


def ask(
    key: str,
    roots: list[Organization],
    *,
    start: dt.date | None = START,
    end: dt.date = END,
    as_of: dt.date = D(2026, 1, 1),
    **params: str,
) -> int | None:
    figure = indicators.compute(key, question(roots, start, end, as_of, params))
    return None if figure.value is None else int(figure.value)


def codes(
    key: str,
    roots: list[Organization],
    user: Any,
    *,
    start: dt.date | None = START,
    end: dt.date = END,
    as_of: dt.date = D(2026, 1, 1),
    **params: str,
) -> list[str]:
    evidence = indicators.get(key).evidence(question(roots, start, end, as_of, params), user)
    out = []
    for org in evidence.queryset:
        cells = evidence.row(org)
        assert len(cells) == len(evidence.columns)
        out.append(cells[0])
    return sorted(out)


def test_parameters_are_checked():
    founded = indicators.get("organizations.founded")
    assert founded.check_params({"kind": "grassroots", "sector": PRIVATE, "origin": "new"})
    with pytest.raises(DomainError):
        founded.check_params({"sector": "nowhere"})
    with pytest.raises(DomainError):
        indicators.get("organizations.count").check_params({"origin": "new"})


def test_founded_in_a_term_spanning_a_merger(bloc):
    o = bloc
    admin = make_user(superuser=True)
    term = [o["CCQDN"], o["KCQ"], o["KDN"]]
    everything = ["A1", "C1A", "C1B", "P1", "P2", "S1"]
    for roots in (term, [o["TU"], o["KDN"]]):
        assert codes("organizations.founded", roots, admin) == sorted(everything + (["CCQDN"] if o["CCQDN"] not in roots else []))
    assert codes("organizations.founded", term, admin) == everything
    assert ask("organizations.founded", term) == len(everything)
    # the Directive 33 figure: Party organizations set up in private enterprises, the first and last day included
    assert codes("organizations.founded", term, admin, sector=PRIVATE, origin="new") == ["P1", "P2"]
    assert ask("organizations.founded", term, sector=PRIVATE, origin="new") == 2
    assert ask("organizations.founded", term, start=START + dt.timedelta(days=1), sector=PRIVATE) == 1
    assert ask("organizations.founded", term, end=END - dt.timedelta(days=1), sector=PRIVATE) == 1
    # formed by a split, not set up from nothing; a rename founds nothing
    assert codes("organizations.founded", term, admin, origin="reorganized") == ["C1A", "C1B"]
    assert codes("organizations.founded", [o["TU"]], admin, origin="reorganized") == ["C1A", "C1B", "CCQDN"]
    assert codes("organizations.founded", term, admin, kind=OrganizationKind.ATTACHED_CELL) == ["A1"]
    assert codes("organizations.founded", term, admin, kind="grassroots") == ["C1A", "C1B", "P1", "P2", "S1"]
    # where they stood when founded: S1 and A1 in the enterprises bloc, P2 in the new committee
    assert codes("organizations.founded", [o["KDN"]], admin) == ["A1", "P1", "S1"]
    assert codes("organizations.founded", [o["CCQDN"]], admin) == ["C1A", "C1B", "P2"]
    # asked on 1-1-2018: what was founded by then
    assert codes("organizations.founded", term, admin, as_of=D(2018, 1, 1)) == ["A1", "P1", "S1"]
    assert ask("organizations.founded", term, as_of=D(2018, 1, 1)) == 3
    assert ask("organizations.founded", term, as_of=START - dt.timedelta(days=1)) is None


def test_count_on_the_last_day_counted(bloc):
    o = bloc
    admin = make_user(superuser=True)
    term = [o["CCQDN"], o["KCQ"], o["KDN"]]
    alive_at_end = ["A1", "C1A", "C1B", "CCQDN", "P0", "P1", "P2", "S1"]
    for roots in (term, [o["TU"]], [o["TU"], o["CCQDN"], o["S1"]]):
        expected = [c for c in alive_at_end if c not in {r.code for r in roots}]  # the roots themselves are not counted
        assert codes("organizations.count", roots, admin, start=None) == expected
        assert ask("organizations.count", roots, start=None) == len(expected)
    assert codes("organizations.count", term, admin, start=None, sector=PRIVATE) == ["P0", "P1", "P2"]
    assert codes("organizations.count", term, admin, start=None, kind="grassroots", sector=PRIVATE) == ["P0", "P1", "P2"]
    assert codes("organizations.count", term, admin, start=None, kind=OrganizationKind.GRASSROOTS_COMMITTEE) == ["S1"]
    # on 1-1-2018, before the merger and the split
    assert codes("organizations.count", term, admin, start=None, as_of=D(2018, 1, 1)) == ["A1", "C1", "P0", "P1", "S1"]
    assert codes("organizations.count", [o["KDN"]], admin, start=None, as_of=D(2018, 1, 1)) == ["A1", "P0", "P1", "S1"]
    assert ask("organizations.count", [o["TU"]], start=None, as_of=D(2018, 1, 1)) == len(
        ["KCQ", "KDN", "A1", "C1", "P0", "P1", "S1"]
    )


def test_evidence_is_limited_to_the_users_scope_and_names_the_decision(bloc):
    o = bloc
    enterprise = make_user(role=Role.OFFICE_CLERK, organization=o["S1"])
    outsider = make_user()
    assert codes("organizations.founded", [o["TU"]], enterprise) == ["A1", "S1"]
    assert codes("organizations.count", [o["TU"]], enterprise, start=None) == ["A1", "S1"]
    assert codes("organizations.founded", [o["TU"]], outsider) == []
    q = question([o["TU"]], START, END, D(2026, 1, 1), {"origin": "reorganized"})
    evidence = indicators.get("organizations.founded").evidence(q, make_user(superuser=True))
    cells = {row[0]: row for row in map(evidence.row, evidence.queryset)}
    assert cells["CCQDN"][-2:] == ["1628-QĐ/TU", "27/6/2019"]
    assert cells["CCQDN"][1][0] == "Đảng bộ Các cơ quan và Doanh nghiệp"
    # the name it had on the day asked
    q = question([o["KDN"]], None, D(2017, 12, 31), D(2026, 1, 1), {"kind": OrganizationKind.GRASSROOTS_COMMITTEE})
    evidence = indicators.get("organizations.count").evidence(q, make_user(superuser=True))
    assert [evidence.row(x)[1][0] for x in evidence.queryset] == ["Chi bộ S1"]
