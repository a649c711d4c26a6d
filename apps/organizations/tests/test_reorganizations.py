import datetime as dt
from typing import Any

import pytest

from apps.core.errors import DomainError
from apps.core.testing import make_org, make_person, make_user
from apps.members import counts
from apps.members.models import Membership
from apps.organizations import selectors, services, tree
from apps.organizations.choices import OrganizationKind
from apps.organizations.services import Decision, NewOrganization

pytestmark = pytest.mark.django_db

D = dt.date


def names(nodes):
    return [n.name for n in nodes]


@pytest.fixture
def province():
    root = make_org("TU", name="Đảng bộ tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    agencies = make_org(
        "KCQ", name="Đảng bộ Khối Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    enterprises = make_org(
        "KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    cell_a = make_org("CBA", parent=agencies, on_date=D(2005, 1, 1))
    cell_b = make_org("CBB", parent=enterprises, on_date=D(2005, 1, 1))
    for i in range(3):
        make_person(cell_a, given_name=f"A{i}", citizen_id="", on_date=D(2012, 3, 1))
    for i in range(2):
        make_person(cell_b, given_name=f"B{i}", on_date=D(2012, 3, 1))
    return {"root": root, "agencies": agencies, "enterprises": enterprises, "cell_a": cell_a, "cell_b": cell_b}


def test_merge_keeps_history_and_moves_children_and_members(province):
    admin = make_user(superuser=True)
    merged = services.organization_merge(
        actor=None,
        sources=[province["agencies"], province["enterprises"]],
        into=NewOrganization(code="CCQDN", name="Đảng bộ Các cơ quan và Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE),
        parent=province["root"],
        on_date=D(2019, 6, 27),
        decision=Decision(symbol="1628-QĐ/TU", date=D(2019, 6, 27), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    before = selectors.tree_as_of(admin, D(2019, 1, 1))
    after = selectors.tree_as_of(admin, D(2021, 1, 1))
    assert names(before[0].children) == ["Đảng bộ Khối Các cơ quan", "Đảng bộ Khối Doanh nghiệp"]
    assert names(after[0].children) == ["Đảng bộ Các cơ quan và Doanh nghiệp"]
    assert sorted(names(after[0].children[0].children)) == ["Chi bộ CBA", "Chi bộ CBB"]
    # counts as of each date, per subtree
    assert [n.members for n in before[0].children] == [3, 2]
    assert after[0].children[0].members == 5
    assert before[0].members == after[0].members == 5
    # lineage
    lin = selectors.lineage(merged)
    assert {link.predecessor.code for link in lin["predecessors"] if link.predecessor} == {"KCQ", "KDN"}
    assert tree.verify() == []
    assert counts.verify() == []


def test_split_distributes_members_and_ends_source(province):
    cell = province["cell_a"]
    people = list(Membership.objects.filter(organization=cell, valid_to__isnull=True).values_list("person_id", flat=True))
    a, b = services.organization_split(
        actor=None,
        source=cell,
        into=[
            NewOrganization("CBA1", "Chi bộ A1", OrganizationKind.ATTACHED_CELL),
            NewOrganization("CBA2", "Chi bộ A2", OrganizationKind.ATTACHED_CELL),
        ],
        on_date=D(2020, 1, 1),
        member_assignment={people[0]: 1},
    )
    cell.refresh_from_db()
    assert cell.ended_on == D(2020, 1, 1)
    assert counts.subtree_count(a.id, D(2020, 1, 2)) == 2
    assert counts.subtree_count(b.id, D(2020, 1, 2)) == 1
    assert counts.subtree_count(province["agencies"].id, D(2020, 1, 2)) == 3
    assert counts.subtree_count(cell.id, D(2019, 12, 31)) == 3
    assert counts.verify() == []
    assert tree.verify() == []


def test_move_refuses_cycle(province):
    with pytest.raises(DomainError) as err:
        services.organization_move(
            actor=None, organization=province["agencies"], new_parent=province["cell_a"], on_date=D(2020, 1, 1)
        )
    assert err.value.code == "cycle"


def test_dissolve_refuses_when_members_remain(province):
    with pytest.raises(DomainError) as err:
        services.organization_dissolve(actor=None, organization=province["cell_b"], on_date=D(2020, 1, 1))
    assert err.value.code == "has_members"
    services.organization_dissolve(
        actor=None, organization=province["cell_b"], on_date=D(2020, 1, 1), members_to=province["cell_a"]
    )
    assert counts.subtree_count(province["cell_a"].id, D(2020, 1, 1)) == 5
    assert counts.verify() == []


def test_bulk_preview_changes_nothing_and_apply_matches(province):
    ops: list[dict[str, Any]] = [
        {"op": "move", "code": "CBA", "parent": "KDN"},
        {"op": "merge", "sources": ["KCQ"], "into": "KDN"},
    ]
    preview = services.reorganization_bulk(actor=None, operations=ops, on_date=D(2021, 1, 1), preview=True)
    assert not preview.applied
    assert preview.organizations_moved == 1 and preview.organizations_ended == 1
    province["agencies"].refresh_from_db()
    assert province["agencies"].ended_on is None
    result = services.reorganization_bulk(actor=None, operations=ops, on_date=D(2021, 1, 1))
    assert result.applied and result.lines == preview.lines
    province["agencies"].refresh_from_db()
    assert province["agencies"].ended_on == D(2021, 1, 1)
    assert counts.verify() == [] and tree.verify() == []


def test_children_on_a_date_follow_the_links_of_that_date(province):
    admin = make_user(superuser=True)
    # CBA moves from the Agencies bloc to the Enterprises bloc in 2015
    services.organization_move(
        actor=None, organization=province["cell_a"], new_parent=province["enterprises"], on_date=D(2015, 1, 1)
    )
    assert [o.code for o in selectors.children_on(admin, province["agencies"], D(2014, 6, 1))] == ["CBA"]
    assert [o.code for o in selectors.children_on(admin, province["agencies"], D(2016, 6, 1))] == []
    assert sorted(o.code for o in selectors.children_on(admin, province["enterprises"], D(2016, 6, 1))) == ["CBA", "CBB"]
    sub = selectors.tree_as_of(admin, D(2014, 6, 1), root=province["enterprises"])
    assert [n.code for n in selectors.flatten(sub)] == ["KDN", "CBB"]
    assert counts.subtree_count(province["agencies"].id, D(2014, 6, 1)) == 3
    assert counts.subtree_count(province["agencies"].id, D(2016, 6, 1)) == 0
    assert counts.subtree_count(province["enterprises"].id, D(2016, 6, 1)) == 5


def test_tree_browser_roots_and_levels_follow_scope_and_date(province):
    from apps.accounts.choices import Role

    admin = make_user(superuser=True)
    roots = selectors.tree_browser(admin, D(2014, 6, 1), levels=1)
    assert [n.code for n in roots] == ["TU"]
    assert [n.code for n in roots[0].children] == ["KCQ", "KDN"]
    assert [n.has_children for n in roots[0].children] == [True, True]
    assert roots[0].children[0].children == []  # deeper levels load on demand
    clerk = make_user(role=Role.OFFICE_CLERK, organization=province["enterprises"])
    mine = selectors.tree_browser(clerk, D(2014, 6, 1), levels=2)
    assert [n.code for n in mine] == ["KDN"]
    assert [n.code for n in mine[0].children] == ["CBB"]
    assert mine[0].members == 2
    assert [n.code for n in selectors.tree_children(clerk, [province["agencies"].id], D(2014, 6, 1))] == []


def test_links_that_loop_over_time_still_give_the_right_paths(province):
    # A over B until 2015, then B over A from 2016
    a = province["agencies"]
    b = province["cell_a"]  # under a since 2005
    services.organization_move(actor=None, organization=b, new_parent=province["root"], on_date=D(2015, 1, 1))
    services.organization_move(actor=None, organization=a, new_parent=b, on_date=D(2016, 1, 1))
    admin = make_user(superuser=True)
    assert [n.code for n in selectors.flatten(selectors.tree_as_of(admin, D(2014, 1, 1)))][:3] == ["TU", "KCQ", "CBA"]
    later = selectors.flatten(selectors.tree_as_of(admin, D(2017, 1, 1)))
    assert [(n.code, n.depth) for n in later if n.code in {"CBA", "KCQ"}] == [("CBA", 1), ("KCQ", 2)]
    assert tree.verify() == []
    assert counts.verify() == []


def test_dissolve_refuses_an_ended_receiver(province):
    services.organization_dissolve(
        actor=None, organization=province["cell_a"], on_date=D(2019, 1, 1), members_to=province["cell_b"]
    )
    with pytest.raises(DomainError) as err:
        services.organization_dissolve(
            actor=None, organization=province["cell_b"], on_date=D(2020, 1, 1), members_to=province["cell_a"]
        )
    assert err.value.code == "receiver_not_alive" and err.value.field == "members_to"


def test_tree_page_loads_two_levels_and_the_rest_on_demand(province, client):
    from django.urls import reverse

    services.organization_found(
        actor=None,
        code="TO1",
        name="Tổ đảng 1",
        kind=OrganizationKind.ATTACHED_CELL,
        parent=province["cell_a"],
        on_date=D(2010, 1, 1),
    )
    admin = make_user(superuser=True)
    client.force_login(admin)
    page = client.get(reverse("organizations:tree") + "?ngay=1-1-2014").content.decode()
    assert 'data-code="CBA"' in page and 'data-code="TO1"' not in page
    assert reverse("organizations:children", args=[province["cell_a"].id]) in page
    more = client.get(reverse("organizations:children", args=[province["cell_a"].id]) + "?ngay=1-1-2014&sau=3").content.decode()
    assert 'data-code="TO1"' in more and "Tổ đảng 1" in more
    assert (
        client.get(reverse("organizations:children", args=[province["cell_a"].id]) + "?ngay=1-1-2009")
        .content.decode()
        .count("data-code")
        == 0
    )
