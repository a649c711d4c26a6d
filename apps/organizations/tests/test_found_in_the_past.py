"""Recording history after the fact: founding under a parent that was alive then and has ended since."""

import datetime as dt

import pytest

from apps.accounts.choices import Role
from apps.core.errors import DomainError
from apps.core.testing import make_org, make_person, make_user
from apps.members import counts
from apps.organizations import selectors, services, tree
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import TreePath

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def ended_committee():
    root = make_org("TU", name="Đảng bộ tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    kcq = make_org(
        "KCQ", name="Đảng bộ Khối Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    services.organization_dissolve(actor=None, organization=kcq, on_date=D(2019, 6, 27))
    kcq.refresh_from_db()
    return root, kcq


def _find(nodes, code):
    for node in selectors.flatten(nodes):
        if node.code == code:
            return node
    return None


def test_founding_in_the_past_under_a_parent_ended_since_is_recorded(ended_committee):
    root, kcq = ended_committee
    admin = make_user(superuser=True)
    cell = services.organization_found(
        actor=admin,
        code="CBX",
        name="Chi bộ Sở Xây dựng",
        kind=OrganizationKind.ATTACHED_CELL,
        parent=kcq,
        on_date=D(2018, 1, 1),
    )
    make_person(cell, given_name="Hòa", on_date=D(2018, 3, 1))

    in_2018 = selectors.tree_as_of(admin, D(2018, 6, 1))
    committee = _find(in_2018, "KCQ")
    assert committee is not None
    assert [c.code for c in committee.children] == ["CBX"]
    assert committee.members == 1 and _find(in_2018, "TU").members == 1

    today = selectors.tree_as_of(admin, dt.date.today())
    assert _find(today, "KCQ") is None  # the committee has ended
    assert all(n.parent_id != kcq.id for n in selectors.flatten(today))
    # the closure: under the committee (and the province through it) only while the committee lived
    path = TreePath.objects.get(ancestor=kcq, descendant=cell)
    assert (path.valid_from, path.valid_to) == (D(2018, 1, 1), D(2019, 6, 27))
    via_root = TreePath.objects.get(ancestor=root, descendant=cell)
    assert via_root.valid_to == D(2019, 6, 27)
    assert tree.verify() == []
    assert counts.verify() == []


def test_a_user_of_the_province_still_reaches_the_cell_recorded_after_the_fact(ended_committee):
    root, kcq = ended_committee
    clerk = make_user(role=Role.OFFICE_CLERK, organization=root)
    cell = services.organization_found(
        actor=clerk, code="CBY", name="Chi bộ Sở Y tế", kind=OrganizationKind.ATTACHED_CELL, parent=kcq, on_date=D(2018, 1, 1)
    )
    assert selectors.organizations_visible(clerk).filter(pk=cell.pk).exists()


@pytest.mark.parametrize(
    ("on_date", "shown"), [(D(2019, 6, 27), "27-6-2019"), (D(2020, 1, 1), "1-1-2020"), (D(1999, 12, 31), "31-12-1999")]
)
def test_founding_when_the_parent_was_not_alive_is_refused_naming_the_date(ended_committee, on_date, shown):
    _, kcq = ended_committee
    with pytest.raises(DomainError) as err:
        services.organization_found(
            actor=None, code="CBZ", name="Chi bộ Z", kind=OrganizationKind.ATTACHED_CELL, parent=kcq, on_date=on_date
        )
    assert err.value.code == "parent_not_alive"
    assert err.value.field == "parent"
    assert shown in err.value.message and "Đảng bộ Khối Các cơ quan" in err.value.message
    assert "không hoạt động vào ngày" in err.value.message


def test_moving_under_an_ended_parent_is_still_refused(ended_committee):
    root, kcq = ended_committee
    cell = make_org("CBM", parent=root, on_date=D(2010, 1, 1))
    with pytest.raises(DomainError):
        services.organization_move(actor=None, organization=cell, new_parent=kcq, on_date=D(2018, 1, 1))
