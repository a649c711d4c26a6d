"""The tops of the tree browser: read directly for a user who sees everything, through the scope otherwise, and
the same either way on any date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_user
from apps.organizations import selectors, services
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.organizations.services import Decision, NewOrganization

pytestmark = pytest.mark.django_db

D = dt.date
COMMITTEE = OrganizationKind.PARTY_COMMITTEE


@pytest.fixture
def history() -> dict[str, Organization]:
    """Two provinces from 2000, a committee standing alone from 2010 until it is moved under the merged province
    in 2020, the two provinces merged into a new one on 1-7-2019, a cell moved and a cell split on the way."""
    a = make_org("TA", name="Đảng bộ tỉnh A", kind=COMMITTEE, on_date=D(2000, 1, 1))
    b = make_org("TB", name="Đảng bộ tỉnh B", kind=COMMITTEE, on_date=D(2000, 1, 1))
    bloc = make_org("KA", name="Đảng bộ Khối A", kind=COMMITTEE, parent=a, on_date=D(2000, 1, 1))
    cell = make_org("CA", parent=bloc, on_date=D(2005, 1, 1))
    cell_b = make_org("CB", parent=b, on_date=D(2005, 1, 1))
    alone = make_org("DL", name="Đảng bộ độc lập", kind=COMMITTEE, on_date=D(2010, 1, 1))
    services.organization_move(actor=None, organization=cell, new_parent=b, on_date=D(2015, 1, 1))
    merged = services.organization_merge(
        actor=None,
        sources=[a, b],
        into=NewOrganization("TM", "Đảng bộ tỉnh mới", COMMITTEE),
        parent=None,
        on_date=D(2019, 7, 1),
        decision=Decision("1-QĐ/TW", D(2019, 6, 20), "Bộ Chính trị"),
    )
    services.organization_move(actor=None, organization=alone, new_parent=merged, on_date=D(2020, 1, 1))
    services.organization_split(
        actor=None,
        source=cell_b,
        into=[
            NewOrganization("CB1", "Chi bộ B1", OrganizationKind.GRASSROOTS_CELL),
            NewOrganization("CB2", "Chi bộ B2", OrganizationKind.GRASSROOTS_CELL),
        ],
        on_date=D(2021, 1, 1),
    )
    return {"TA": a, "TB": b, "TM": merged, "DL": alone}


DATES = [
    D(1999, 12, 31),
    D(2000, 1, 1),
    D(2009, 12, 31),
    D(2010, 1, 1),
    D(2015, 1, 1),
    D(2019, 6, 30),
    D(2019, 7, 1),
    D(2019, 12, 31),
    D(2020, 1, 1),
    D(2021, 1, 1),
    dt.date.today(),
]


def codes(ids: list[int]) -> list[str]:
    by_id = dict(Organization.objects.filter(id__in=ids).values_list("id", "code"))
    return [by_id[i] for i in ids]


def test_the_direct_read_and_the_scoped_read_give_the_same_roots_on_every_date(history: dict[str, Organization]) -> None:
    admin = make_user(superuser=True)
    for on_date in DATES:
        assert selectors.root_ids_without_parent(on_date) == selectors.root_ids_in_scope(admin, on_date), on_date
    # and they are the tops of the tree of each date
    assert codes(selectors.root_ids_without_parent(D(1999, 12, 31))) == []
    assert codes(selectors.root_ids_without_parent(D(2019, 6, 30))) == ["DL", "TA", "TB"]
    assert codes(selectors.root_ids_without_parent(D(2019, 7, 1))) == ["DL", "TM"]
    assert codes(selectors.root_ids_without_parent(D(2020, 1, 1))) == ["TM"]


def test_a_clerk_over_the_whole_tree_sees_the_roots_the_administrator_sees(history: dict[str, Organization]) -> None:
    """The clerk's roots come through the scope (the merged province's subtree as it stands now, with the two
    provinces it was formed from); the administrator's are read directly."""
    admin = make_user(superuser=True)
    clerk = make_user(role=Role.OFFICE_CLERK, organization=history["TM"])
    for on_date in DATES:
        mine = [(n.code, n.has_children, n.members) for n in selectors.tree_roots(clerk, on_date)]
        assert mine == [(n.code, n.has_children, n.members) for n in selectors.tree_roots(admin, on_date)], on_date
    before_merger = selectors.tree_browser(admin, D(2019, 6, 30), levels=1)
    assert [n.code for n in before_merger] == ["DL", "TA", "TB"]
    assert [c.code for c in before_merger[1].children] == ["KA"]
    assert sorted(c.code for c in before_merger[2].children) == ["CA", "CB"]


def test_an_unrestricted_users_roots_are_read_from_the_parent_links(history: dict[str, Organization]) -> None:
    admin = make_user(superuser=True)
    with CaptureQueriesContext(connection) as queries:
        roots = selectors.tree_roots(admin, D(2019, 6, 30))
    assert [n.code for n in roots] == ["DL", "TA", "TB"]
    first = queries.captured_queries[0]["sql"]  # the roots; the others read the nodes' names, counts, children
    assert "organizations_parentlink" in first
    assert "organizations_treepath" not in first
