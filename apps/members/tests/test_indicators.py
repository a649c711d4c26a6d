"""Member indicators: figures and the rows behind them, across a merger, period edges, as_of and scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.core import indicators
from apps.core.errors import DomainError
from apps.core.indicators import IndicatorKind, Question
from apps.core.testing import make_org, make_user
from apps.members import services
from apps.members.choices import EndReason, StartReason
from apps.members.models import Person
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.organizations.services import Decision, NewOrganization

pytestmark = pytest.mark.django_db
D = dt.date
START, END = D(2015, 1, 1), D(2020, 12, 31)
MERGER = D(2019, 6, 27)


def admit(org: Organization, name: str, day: dt.date, reason: str = StartReason.ADMITTED) -> Person:
    data = {"family_name": "Trần", "middle_name": "Thị", "given_name": name, "birth_date": D(1980, 1, 1), "gender": "F"}
    return services.member_admit(
        actor=None, organization=org, data=data | {"admission_date": min(day, D(2000, 1, 1))}, on_date=day, reason=reason
    )


def end(person: Person, day: dt.date, reason: str) -> None:
    services.member_end(actor=None, person=person, on_date=day, reason=reason, decision_symbol=f"{day.year}-QĐ/ĐU")


@pytest.fixture
def bloc() -> dict[str, Any]:
    """Two bloc committees merged on 27-6-2019 into a new committee, with events around the term 2015-2020."""
    tu = make_org("TU", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    kcq = make_org(
        "KCQ", name="Đảng bộ Khối Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, parent=tu, on_date=D(2000, 1, 1)
    )
    kdn = make_org(
        "KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, parent=tu, on_date=D(2000, 1, 1)
    )
    ca = make_org("CA", parent=kcq, on_date=D(2000, 1, 1))
    cb = make_org("CB", parent=kdn, on_date=D(2000, 1, 1))
    p: dict[str, Person] = {}
    p["Cũ"] = admit(ca, "Cũ", D(2010, 5, 1))
    p["Đầu"] = admit(ca, "Đầu", START)  # on the first day: counted
    p["Trước"] = admit(cb, "Trước", START - dt.timedelta(days=1))  # the day before: not
    p["Lại"] = admit(cb, "Lại", D(2005, 1, 1))
    end(p["Lại"], D(2012, 1, 1), EndReason.STRUCK_OFF)
    services.member_readmit(actor=None, person=p["Lại"], organization=cb, on_date=D(2016, 3, 1), reason=StartReason.READMITTED)
    p["Đến"] = admit(cb, "Đến", D(2017, 2, 1), reason=StartReason.TRANSFERRED_IN)
    p["Chuyển"] = admit(ca, "Chuyển", D(2008, 1, 1))
    services.member_transfer(actor=None, person=p["Chuyển"], to_organization=cb, on_date=D(2016, 5, 1))  # within: no flow
    p["Mất"] = admit(ca, "Mất", D(2009, 1, 1))
    end(p["Mất"], MERGER, EndReason.DECEASED)  # on the merger day, before it: counted where CA stood the day before
    p["Khỏi"] = admit(cb, "Khỏi", D(2011, 1, 1))
    end(p["Khỏi"], D(2018, 4, 1), EndReason.TRANSFERRED_OUT)
    p["Khối"] = admit(kdn, "Khối", D(2013, 1, 1))  # directly in the bloc committee: carried by the merger
    p["Xóa"] = admit(ca, "Xóa", D(2012, 1, 1))
    merged = org_services.organization_merge(
        actor=None,
        sources=[kcq, kdn],
        into=NewOrganization("CCQDN", "Đảng bộ Các cơ quan và Doanh nghiệp", OrganizationKind.PARTY_COMMITTEE),
        parent=tu,
        on_date=MERGER,
        decision=Decision(symbol="1628-QĐ/TU", date=MERGER),
    )
    end(p["Khối"], MERGER, EndReason.RESIGNED)  # in the new committee, on its first day
    end(p["Xóa"], D(2020, 3, 1), EndReason.EXPELLED)
    p["Cuối"] = admit(ca, "Cuối", END)  # on the last day: counted
    p["Sau"] = admit(ca, "Sau", END + dt.timedelta(days=1))  # the day after: not
    return {"tu": tu, "kcq": kcq, "kdn": kdn, "ca": ca, "cb": cb, "merged": merged, "people": p}


def ask(
    key: str,
    roots: list[Organization],
    *,
    start: dt.date | None = START,
    end: dt.date = END,
    as_of: dt.date | None = None,
    **params: Any,
) -> int | None:
    q = Question(tuple(o.id for o in roots), start, end, as_of or D(2026, 1, 1), params)
    figure = indicators.compute(key, q)
    return None if figure.value is None else int(figure.value)


def rows(
    key: str,
    roots: list[Organization],
    user: Any,
    *,
    start: dt.date | None = START,
    end: dt.date = END,
    as_of: dt.date | None = None,
    **params: Any,
) -> list[str]:
    q = Question(tuple(o.id for o in roots), start, end, as_of or D(2026, 1, 1), params)
    evidence = indicators.get(key).evidence(q, user)
    out = [m.person.given_name for m in evidence.queryset]
    for m in evidence.queryset[:3]:  # every row renders, its first cell a link to the member
        cells = evidence.row(m)
        assert len(cells) == len(evidence.columns)
        assert cells[0][1].endswith(f"/{m.person_id}/")
    return out


@pytest.fixture
def admin() -> Any:
    return make_user(superuser=True)


def test_registered_with_their_kinds():
    kinds = {i.key: i.kind for i in indicators.registered()}
    assert kinds["members.count"] == IndicatorKind.LEVEL
    for key in ("members.admitted", "members.lost", "members.transfers_in", "members.transfers_out"):
        assert kinds[key] == IndicatorKind.FLOW
    with pytest.raises(DomainError):
        indicators.get("members.lost").check_params({"reason": "transferred"})  # within the committee: not a loss
    assert indicators.get("members.lost").check_params({"reason": "deceased"}) == {"reason": "deceased"}


def test_flows_over_a_term_spanning_a_merger_count_each_event_once(bloc, admin):
    b = bloc
    term = [b["merged"], b["kcq"], b["kdn"]]  # the committee and its predecessors
    expected = {
        ("members.admitted", ()): ["Cuối", "Đầu"],
        ("members.admitted", (("include_readmitted", "yes"),)): ["Cuối", "Đầu", "Lại"],
        ("members.lost", ()): ["Khỏi", "Khối", "Mất", "Xóa"],
        ("members.lost", (("reason", "deceased"),)): ["Mất"],
        ("members.lost", (("reason", "resigned"),)): ["Khối"],
        ("members.lost", (("reason", "struck_off"),)): [],  # before the period
        ("members.transfers_in", ()): ["Đến"],
        ("members.transfers_out", ()): ["Khỏi"],
    }
    for (key, pairs), names in expected.items():
        params: dict[str, Any] = dict(pairs)
        for roots in (term, [b["tu"]], [b["tu"], b["kcq"], b["merged"], b["ca"]]):  # overlapping roots: once
            assert sorted(rows(key, roots, admin, **params)) == sorted(names), (key, params, [o.code for o in roots])
            assert ask(key, roots, **params) == len(names), (key, params)
    # each event where its organization stood on its day: the death on the merger day in the old bloc committee,
    # the resignation on the new committee's first day in the new one
    assert sorted(rows("members.lost", [b["kcq"]], admin)) == ["Mất"]
    assert sorted(rows("members.lost", [b["merged"]], admin)) == ["Khối", "Xóa"]
    assert sorted(rows("members.lost", [b["kdn"]], admin)) == ["Khỏi"]
    assert ask("members.admitted", [b["merged"]]) == 1 and ask("members.admitted", [b["kcq"]]) == 1
    assert ask("members.transfers_in", [b["kdn"]]) == 1 and ask("members.transfers_in", [b["merged"]]) == 0


def test_period_edges_and_as_of(bloc, admin):
    b = bloc
    # one day narrower on either side loses the events on the edges
    assert ask("members.admitted", [b["tu"]], start=START + dt.timedelta(days=1)) == 1
    assert ask("members.admitted", [b["tu"]], end=END - dt.timedelta(days=1)) == 1
    # asked on 1-1-2018: what happened up to that day
    early = D(2018, 1, 1)
    assert sorted(rows("members.admitted", [b["tu"]], admin, as_of=early, include_readmitted="yes")) == sorted(["Đầu", "Lại"])
    assert ask("members.admitted", [b["tu"]], as_of=early, include_readmitted="yes") == 2
    assert ask("members.lost", [b["tu"]], as_of=early) == 0
    assert ask("members.lost", [b["tu"]], as_of=D(2018, 4, 1)) == 1
    # asked before the period began: no figure yet
    assert ask("members.admitted", [b["tu"]], as_of=START - dt.timedelta(days=1)) is None


def test_member_count_on_the_last_day_counted(bloc, admin):
    b = bloc
    people = b["people"]
    on_end = sorted(["Cũ", "Đầu", "Trước", "Lại", "Đến", "Chuyển", "Cuối"])
    for roots in ([b["merged"], b["kcq"], b["kdn"]], [b["tu"]], [b["tu"], b["merged"], b["ca"]]):
        assert sorted(rows("members.count", roots, admin, start=None)) == on_end
        assert ask("members.count", roots, start=None) == len(on_end)
    # on 1-1-2018 the new committee did not exist; the two bloc committees held everyone then on the roll
    early = D(2018, 1, 1)
    on_early = sorted(n for n in people if n not in {"Cuối", "Sau"})
    for roots in ([b["merged"], b["kcq"], b["kdn"]], [b["tu"], b["kcq"]]):
        assert sorted(rows("members.count", roots, admin, start=None, as_of=early)) == on_early
        assert ask("members.count", roots, start=None, as_of=early) == len(on_early)
    assert ask("members.count", [b["kcq"]], start=None, as_of=early) == len(["Cũ", "Đầu", "Mất", "Xóa"])


def test_evidence_is_limited_to_the_users_scope(bloc):
    b = bloc
    ca_secretary = make_user(role=Role.CELL_SECRETARY, organization=b["ca"])
    cb_clerk = make_user(role=Role.OFFICE_CLERK, organization=b["cb"])
    outsider = make_user()
    kwargs: dict[str, Any] = {"include_readmitted": "yes"}
    assert ask("members.admitted", [b["tu"]], **kwargs) == 3  # the figure is the committee's
    assert sorted(rows("members.admitted", [b["tu"]], ca_secretary, **kwargs)) == ["Cuối", "Đầu"]
    assert sorted(rows("members.admitted", [b["tu"]], cb_clerk, **kwargs)) == ["Lại"]
    assert rows("members.admitted", [b["tu"]], outsider, **kwargs) == []
    assert sorted(rows("members.lost", [b["tu"]], ca_secretary)) == ["Mất", "Xóa"]
    assert sorted(rows("members.count", [b["tu"]], cb_clerk, start=None)) == ["Chuyển", "Lại", "Trước", "Đến"]


def test_evidence_shows_the_organization_as_it_was_named(bloc, admin):
    b = bloc
    org_services.organization_rename(actor=None, organization=b["ca"], new_name="Chi bộ Văn phòng mới", on_date=D(2020, 1, 1))
    q = Question((b["tu"].id,), START, END, D(2026, 1, 1), {})
    evidence = indicators.get("members.admitted").evidence(q, admin)
    cells = {m.person.given_name: evidence.row(m) for m in evidence.queryset}
    assert cells["Đầu"][1][0] == "Chi bộ CA"
    assert cells["Cuối"][1][0] == "Chi bộ Văn phòng mới"
    assert cells["Đầu"][2] == "1/1/2015"
