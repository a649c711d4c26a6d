"""The member-flow rollup: after every kind of write it equals a fresh computation, and its sums equal the events
listed straight from the memberships (the indicators' evidence), across reorganizations in any date order."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from apps.core.errors import DomainError
from apps.core.testing import make_org
from apps.members import flows, services
from apps.members.choices import EndReason, StartReason
from apps.members.importers import ImportOptions, import_file
from apps.members.indicators import ended, started
from apps.members.models import MemberFlowDelta, MemberFlowMonth, Person
from apps.members.tests.test_import_data import member_rows, write_xlsx
from apps.organizations import services as org_services
from apps.organizations import tree
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.organizations.services import NewOrganization

D = dt.date
ONE = dt.timedelta(days=1)
_names = itertools.count(1)


def admit(org: Organization, day: dt.date, reason: str = StartReason.ADMITTED) -> Person:
    data = {
        "family_name": "Lê",
        "middle_name": "Văn",
        "given_name": f"N{next(_names)}",
        "birth_date": D(1970, 1, 1),
        "gender": "M",
        "admission_date": min(day, D(1995, 1, 1)),
    }
    return services.member_admit(actor=None, organization=org, data=data, on_date=day, reason=reason)


def direct(roots: Sequence[int], flow: str, start: dt.date | None, until: dt.date) -> int:
    """The events straight from the memberships (the evidence's queryset, unscoped)."""
    return direct_by_flow(roots, start, until)[flow]


def direct_by_flow(roots: Sequence[int], start: dt.date | None, until: dt.date) -> Counter[str]:
    out: Counter[str] = Counter()
    for qs, reason in (
        (started(roots, flows.START_FLOWS, start, until), "start_reason"),
        (ended(roots, flows.END_FLOWS, start, until), "end_reason"),
    ):
        out.update(dict(qs.order_by().values_list(reason).annotate(n=Count("id")).values_list(reason, "n")))
    return out


def periods() -> list[tuple[dt.date | None, dt.date]]:
    return [
        (None, D(2026, 11, 30)),
        (D(2001, 1, 1), D(2030, 12, 31)),
        (D(2015, 1, 1), D(2020, 12, 31)),
        (D(2015, 3, 17), D(2019, 6, 26)),
        (D(2019, 6, 27), D(2019, 6, 27)),
        (D(2018, 2, 2), D(2018, 2, 27)),
        (D(2016, 12, 31), D(2017, 1, 31)),
    ]


def assert_flows_match(
    root_sets: Iterable[Sequence[int]], more_periods: Iterable[tuple[dt.date | None, dt.date]] = (), *, usual: bool = True
) -> None:
    assert flows.verify() == []
    chosen = [*(periods() if usual else [(None, D(2026, 11, 30))]), *more_periods]
    for roots in root_sets:
        for start, until in chosen:
            expected = direct_by_flow(roots, start, until)
            for flow in flows.FLOWS:
                assert flows.total(roots, [flow], start, until) == expected[flow], (roots, flow, start, until)


def every_root_set() -> list[list[int]]:
    ids = list(Organization.objects.order_by("id").values_list("id", flat=True))
    return [[i] for i in ids] + [ids, ids[:3], ids[1::2], ids[-3:]]


@pytest.fixture
def bloc() -> dict[str, Organization]:
    tu = make_org("TU", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("KA", kind=OrganizationKind.PARTY_COMMITTEE, parent=tu, on_date=D(2000, 1, 1))
    b = make_org("KB", kind=OrganizationKind.PARTY_COMMITTEE, parent=tu, on_date=D(2000, 1, 1))
    return {
        "tu": tu,
        "a": a,
        "b": b,
        "ca": make_org("CA", parent=a, on_date=D(2000, 1, 1)),
        "cb": make_org("CB", parent=b, on_date=D(2000, 1, 1)),
    }


def test_split_period_into_months_and_days():
    assert flows.split_period(D(2015, 1, 1), D(2020, 12, 31)) == ((D(2015, 1, 1), D(2020, 12, 1)), [])
    assert flows.split_period(D(2015, 3, 17), D(2019, 6, 26)) == (
        (D(2015, 4, 1), D(2019, 5, 1)),
        [(D(2015, 3, 17), D(2015, 3, 31)), (D(2019, 6, 1), D(2019, 6, 26))],
    )
    assert flows.split_period(D(2016, 2, 3), D(2016, 2, 29)) == (None, [(D(2016, 2, 3), D(2016, 2, 29))])
    assert flows.split_period(D(2016, 2, 1), D(2016, 2, 29)) == ((D(2016, 2, 1), D(2016, 2, 1)), [])
    assert flows.split_period(None, D(2016, 2, 10)) == ((None, D(2016, 1, 1)), [(D(2016, 2, 1), D(2016, 2, 10))])


@pytest.mark.django_db
def test_each_membership_write_keeps_the_rollup(bloc, django_assert_num_queries):
    o = bloc
    roots = [[o["tu"].id], [o["a"].id], [o["ca"].id], [o["cb"].id], [o["a"].id, o["b"].id]]
    first = admit(o["ca"], D(2015, 1, 1))
    assert_flows_match(roots)
    assert MemberFlowDelta.objects.filter(node=o["tu"], flow="admitted").get().on_date == D(2015, 1, 1)
    assert MemberFlowMonth.objects.filter(node=o["tu"], flow="admitted").get().month == D(2015, 1, 1)
    # a transfer within the committee is not a flow
    services.member_transfer(actor=None, person=first, to_organization=o["cb"], on_date=D(2016, 4, 5))
    assert_flows_match(roots)
    admit(o["cb"], D(2017, 3, 3), StartReason.TRANSFERRED_IN)
    for reason, day in zip(
        flows.END_FLOWS, [D(2018, 1, 31), D(2018, 2, 1), D(2019, 6, 27), D(2020, 12, 31), D(2021, 1, 1)], strict=True
    ):
        services.member_end(actor=None, person=admit(o["ca"], D(2012, 2, 2)), on_date=day, reason=reason)
        assert_flows_match(roots)
    services.member_end(actor=None, person=first, on_date=D(2018, 5, 5), reason=EndReason.STRUCK_OFF)
    services.member_readmit(actor=None, person=first, organization=o["ca"], on_date=D(2022, 1, 1), reason=StartReason.READMITTED)
    assert_flows_match(roots)
    # a back-dated admission, and one that began and ended the same day
    admit(o["ca"], D(2003, 7, 7))
    services.member_end(actor=None, person=admit(o["cb"], D(2019, 9, 9)), on_date=D(2019, 9, 9), reason=EndReason.DECEASED)
    assert_flows_match(roots)
    assert flows.total([o["tu"].id], ["deceased"], D(2019, 9, 9), D(2019, 9, 9)) == 1
    # one root: one query, whatever the period
    with django_assert_num_queries(1):
        flows.total([o["tu"].id], list(flows.FLOWS), D(2015, 3, 17), D(2020, 6, 26))


@pytest.mark.django_db
def test_reorganizations_re_attribute_past_events(bloc):
    o = bloc
    for day in (D(2010, 5, 5), D(2016, 6, 6), D(2019, 1, 1)):
        admit(o["ca"], day)
    leaving = admit(o["ca"], D(2011, 1, 1))
    services.member_end(actor=None, person=leaving, on_date=D(2017, 8, 1), reason=EndReason.RESIGNED)
    assert flows.total([o["a"].id], ["admitted"], None, D(2026, 1, 1)) == 4
    # moved under KB in 2018: the events before stay with KA, those after go to KB
    org_services.organization_move(actor=None, organization=o["ca"], new_parent=o["b"], on_date=D(2018, 1, 1))
    assert flows.total([o["a"].id], ["admitted"], None, D(2026, 1, 1)) == 3
    assert flows.total([o["b"].id], ["admitted"], None, D(2026, 1, 1)) == 1
    assert_flows_match(every_root_set())
    # back-dated: another cell moved in 2014, before events recorded earlier
    cell = make_org("CC", parent=o["a"], on_date=D(2000, 1, 1))
    for day in (D(2012, 1, 1), D(2015, 1, 1)):
        admit(cell, day)
    services.member_end(actor=None, person=admit(cell, D(2013, 1, 1)), on_date=D(2015, 6, 1), reason=EndReason.DECEASED)
    window = (D(2014, 1, 1), D(2016, 1, 1))
    assert flows.total([o["a"].id], ["admitted", "deceased"], *window) == 2
    org_services.organization_move(actor=None, organization=cell, new_parent=o["tu"], on_date=D(2014, 1, 1))
    assert flows.total([o["a"].id], ["admitted", "deceased"], *window) == 0
    assert flows.total([o["a"].id], ["admitted"], None, D(2013, 12, 31)) == 4  # CA in 2010 and 2011, CC in 2012 and 2013
    assert_flows_match(every_root_set())
    # merged into a new committee, then split, then dissolved into another, all in order
    merged = org_services.organization_merge(
        actor=None,
        sources=[o["a"], o["b"]],
        into=NewOrganization("KAB", "Đảng bộ Khối AB", OrganizationKind.PARTY_COMMITTEE),
        parent=o["tu"],
        on_date=D(2020, 7, 1),
    )
    admit(merged, D(2020, 7, 1))
    assert_flows_match(every_root_set())
    halves = org_services.organization_split(
        actor=None,
        source=o["ca"],
        into=[
            NewOrganization("CA1", "Chi bộ A1", OrganizationKind.GRASSROOTS_CELL),
            NewOrganization("CA2", "Chi bộ A2", OrganizationKind.GRASSROOTS_CELL),
        ],
        on_date=D(2021, 3, 1),
    )
    services.member_end(actor=None, person=admit(halves[1], D(2021, 3, 1)), on_date=D(2021, 3, 1), reason=EndReason.EXPELLED)
    org_services.organization_dissolve(actor=None, organization=halves[1], on_date=D(2022, 2, 2), members_to=halves[0])
    assert_flows_match(every_root_set(), [(D(2021, 3, 1), D(2021, 3, 1)), (D(2020, 7, 1), D(2022, 2, 2))])
    assert tree.verify() == []


@pytest.mark.django_db
def test_overlapping_roots_count_each_event_once_on_the_days_one_enters_and_leaves_the_other(bloc):
    o = bloc
    cell = make_org("CX", parent=o["a"], on_date=D(2000, 1, 1))
    inside, outside = D(2016, 3, 1), D(2018, 9, 1)  # CX lies under KB from 1-3-2016 to 1-9-2018
    org_services.organization_move(actor=None, organization=cell, new_parent=o["b"], on_date=inside)
    org_services.organization_move(actor=None, organization=cell, new_parent=o["a"], on_date=outside)
    for day in (inside, outside):
        # on each edge: one left after a while (placed the day before), one arrived and left the same day
        services.member_end(actor=None, person=admit(cell, D(2010, 1, 1)), on_date=day, reason=EndReason.DECEASED)
        moved = admit(o["ca"], D(2010, 1, 1))
        services.member_transfer(actor=None, person=moved, to_organization=cell, on_date=day)
        services.member_end(actor=None, person=moved, on_date=day, reason=EndReason.DECEASED)
        admit(cell, day)
    both = [o["b"].id, cell.id]
    edges = [(inside, inside), (outside, outside), (inside, outside), (inside + ONE, outside - ONE)]
    assert_flows_match([both, [o["tu"].id, cell.id], [o["a"].id, o["b"].id, cell.id]], edges)
    # the six events on the edges are all in the cell; with KB beside it, none is counted twice
    assert flows.total(both, ["deceased", "admitted"], inside, outside) == 6
    assert flows.total([cell.id], ["deceased", "admitted"], inside, outside) == 6


@pytest.mark.django_db
def test_an_import_writes_no_flow(bloc, tmp_path: Path):
    assert StartReason.IMPORTED not in flows.START_FLOWS
    admit(bloc["ca"], D(2015, 5, 5))
    before = list(MemberFlowDelta.objects.order_by("id").values_list("node_id", "on_date", "flow", "n"))
    report = import_file(
        write_xlsx(tmp_path / "a.xlsx", list(member_rows(20, ("CA", "CB")))), actor=None, options=ImportOptions()
    )
    assert report.ok, report.errors
    assert Person.objects.count() == 21
    assert list(MemberFlowDelta.objects.order_by("id").values_list("node_id", "on_date", "flow", "n")) == before
    assert_flows_match([[bloc["tu"].id]])


@pytest.mark.django_db
def test_verify_finds_a_tampered_row_and_rebuild_repairs_it(bloc):
    from io import StringIO

    from django.core.management import CommandError, call_command

    o = bloc
    for day in (D(2015, 1, 1), D(2015, 1, 20), D(2016, 2, 2)):
        admit(o["ca"], day)
    MemberFlowDelta.objects.filter(node=o["tu"], on_date=D(2015, 1, 20)).update(n=5)
    MemberFlowMonth.objects.filter(node=o["a"]).delete()
    days, months = flows.verify()
    assert days.startswith("member flow days differ") and months.startswith("member flow months differ")
    with pytest.raises(CommandError):
        call_command("rebuild_counts", "--verify", stdout=StringIO())
    flows.rebuild([o["tu"].id, o["a"].id])
    assert flows.verify() == []
    MemberFlowDelta.objects.all().delete()
    call_command("rebuild_counts", stdout=StringIO())
    assert_flows_match(every_root_set())


# ---------------------------------------------------------------- random histories

operation = st.one_of(
    st.tuples(st.just("admit"), st.integers(0, 20), st.sampled_from(flows.START_FLOWS), st.integers(0, 9000)),
    st.tuples(st.just("transfer"), st.integers(0, 40), st.integers(0, 20), st.integers(0, 9000)),
    st.tuples(st.just("end"), st.integers(0, 40), st.sampled_from(flows.END_FLOWS), st.integers(0, 9000)),
    st.tuples(st.just("readmit"), st.integers(0, 40), st.integers(0, 20), st.integers(0, 9000)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 20), st.integers(0, 9000)),
    st.tuples(st.just("merge"), st.integers(0, 20), st.integers(0, 20), st.integers(0, 9000)),
    st.tuples(st.just("split"), st.integers(0, 20), st.integers(0, 9000)),
    st.tuples(st.just("dissolve"), st.integers(0, 20), st.integers(0, 20), st.integers(0, 9000)),
)


class RandomHistoryTests(HypothesisTestCase):
    """Any sequence of membership changes and reorganizations, in any date order (back-dated ones included),
    leaves the flow rollup equal to a fresh computation, and its sums over any period and any set of roots
    (overlapping ones included) equal the events listed from the memberships."""

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, min_size=1, max_size=16), st.integers(0, 9000), st.integers(0, 9000))
    def test_flows_match_the_memberships(self, ops: list[tuple], a: int, b: int) -> None:
        root = make_org("R", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2001, 1, 1))
        sub = make_org("S", parent=root, kind=OrganizationKind.GRASSROOTS_COMMITTEE, on_date=D(2001, 1, 1))
        make_org("C1", parent=root, on_date=D(2001, 1, 1))
        make_org("C2", parent=sub, kind=OrganizationKind.ATTACHED_CELL, on_date=D(2001, 1, 1))
        make_org("C3", parent=sub, kind=OrganizationKind.ATTACHED_CELL, on_date=D(2001, 1, 1))
        for org in Organization.objects.order_by("id"):
            admit(org, D(2001, 2, 1))
        days: set[dt.date] = set()
        for n, op in enumerate(ops):
            orgs = list(Organization.objects.order_by("id"))
            people = list(Person.objects.order_by("id"))
            day = D(2001, 1, 2) + dt.timedelta(days=op[-1])
            days.add(day)
            try:
                if op[0] == "admit":
                    admit(orgs[op[1] % len(orgs)], day, op[2])
                elif op[0] == "transfer":
                    services.member_transfer(
                        actor=None, person=people[op[1] % len(people)], to_organization=orgs[op[2] % len(orgs)], on_date=day
                    )
                elif op[0] == "end":
                    services.member_end(actor=None, person=people[op[1] % len(people)], on_date=day, reason=op[2])
                elif op[0] == "readmit":
                    services.member_readmit(
                        actor=None, person=people[op[1] % len(people)], organization=orgs[op[2] % len(orgs)], on_date=day
                    )
                elif op[0] == "move":
                    org_services.organization_move(
                        actor=None, organization=orgs[op[1] % len(orgs)], new_parent=orgs[op[2] % len(orgs)], on_date=day
                    )
                elif op[0] == "merge":
                    org_services.organization_merge(
                        actor=None, sources=[orgs[op[1] % len(orgs)]], into=orgs[op[2] % len(orgs)], on_date=day
                    )
                elif op[0] == "split":
                    org_services.organization_split(
                        actor=None,
                        source=orgs[op[1] % len(orgs)],
                        into=[
                            NewOrganization(f"N{n}A", f"Chi bộ {n}A", OrganizationKind.ATTACHED_CELL),
                            NewOrganization(f"N{n}B", f"Chi bộ {n}B", OrganizationKind.ATTACHED_CELL),
                        ],
                        on_date=day,
                    )
                elif op[0] == "dissolve":
                    org_services.organization_dissolve(
                        actor=None, organization=orgs[op[1] % len(orgs)], on_date=day, members_to=orgs[op[2] % len(orgs)]
                    )
            except DomainError:
                continue  # not possible in that state (refused and rolled back): the next operation
        assert tree.verify() == []
        start, until = sorted([D(2001, 1, 1) + dt.timedelta(days=a), D(2001, 1, 1) + dt.timedelta(days=b)])
        extra = [
            (start, until),
            *((d, d) for d in sorted(days)[:3]),
            *((d - ONE, d + dt.timedelta(days=40)) for d in sorted(days)[:3]),
        ]
        assert_flows_match(every_root_set(), extra, usual=False)
