"""The organization count rollup: by kind and sector, any subtree, any date, kept through every reorganization and
correction, equal to counting the closure rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from apps.core.testing import make_org
from apps.organizations import counts, services, tree
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.models import Organization, TreePath

pytestmark = pytest.mark.django_db
D = dt.date
CELL = OrganizationKind.ATTACHED_CELL


def _brute(node: Organization, day: dt.date, kinds: list[str] | None = None, sector: str | None = None) -> int:
    rows = TreePath.objects.filter(ancestor=node, depth__gt=0, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    if kinds is not None:
        rows = rows.filter(descendant__kind__in=kinds)
    if sector is not None:
        rows = rows.filter(descendant__sector=sector)
    return rows.count()


def test_counts_follow_foundings_moves_merges_and_dissolutions() -> None:
    r = make_org("R", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    b = make_org("B", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2005, 1, 1))
    a1 = make_org("A1", kind=CELL, parent=a, on_date=D(2001, 1, 1), sector=Sector.PRIVATE_ENTERPRISE)
    make_org("A2", kind=CELL, parent=a, on_date=D(2002, 6, 1))
    b1 = make_org("B1", kind=CELL, parent=b, on_date=D(2006, 1, 1), sector=Sector.PRIVATE_ENTERPRISE)
    services.organization_move(actor=None, organization=a1, new_parent=b, on_date=D(2010, 3, 1))
    services.organization_dissolve(actor=None, organization=b1, on_date=D(2015, 1, 1))
    services.organization_merge(actor=None, sources=[b], into=a, on_date=D(2020, 7, 1))
    assert counts.verify() == [] and tree.verify() == []
    days = [D(1999, 1, 1), D(2001, 6, 1), D(2006, 6, 1), D(2010, 3, 1), D(2014, 12, 31), D(2015, 1, 1), D(2021, 1, 1)]
    for node in (r, a, b):
        for day in days:
            assert counts.count([node.pk], day) == _brute(node, day), (node.code, day)
            assert counts.count([node.pk], day, [CELL]) == _brute(node, day, [CELL]), (node.code, day)
            assert counts.count([node.pk], day, None, Sector.PRIVATE_ENTERPRISE) == _brute(
                node, day, None, Sector.PRIVATE_ENTERPRISE
            ), (node.code, day)
    assert counts.count([r.pk], D(2006, 6, 1), [CELL], Sector.PRIVATE_ENTERPRISE) == 2
    assert counts.count([r.pk], D(2015, 1, 1), [CELL], Sector.PRIVATE_ENTERPRISE) == 1


def test_correcting_a_kind_or_sector_moves_the_counts() -> None:
    r = make_org("R", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    c = make_org("C", kind=CELL, parent=r, on_date=D(2001, 1, 1))
    assert counts.count([r.pk], D(2020, 1, 1), [CELL], Sector.PRIVATE_ENTERPRISE) == 0
    services.organization_update(
        actor=None, organization=c, expected_version=c.version, data={"sector": Sector.PRIVATE_ENTERPRISE}
    )
    assert counts.count([r.pk], D(2020, 1, 1), [CELL], Sector.PRIVATE_ENTERPRISE) == 1
    assert counts.count([r.pk], D(2020, 1, 1), [CELL], Sector.OTHER) == 0
    assert counts.verify() == []


def test_rebuild_repairs_a_tampered_row() -> None:
    r = make_org("R", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    make_org("C", kind=CELL, parent=r, on_date=D(2001, 1, 1))
    from apps.organizations.models import OrganizationCountDelta

    OrganizationCountDelta.objects.filter(node=r).update(delta=5)
    assert len(counts.verify()) == 1
    counts.rebuild()
    assert counts.verify() == [] and counts.count([r.pk], D(2002, 1, 1)) == 1


def test_foundings_from_the_rollup_equal_those_read_from_the_records() -> None:
    from apps.organizations import indicators
    from apps.organizations.services import Decision, NewOrganization

    r = make_org("R", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    b = make_org("B", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    make_org("P1", kind=CELL, parent=a, on_date=D(2019, 5, 1), sector=Sector.PRIVATE_ENTERPRISE)
    p2 = make_org("P2", kind=CELL, parent=b, on_date=D(2020, 2, 1), sector=Sector.PRIVATE_ENTERPRISE)
    make_org("C1", kind=CELL, parent=b, on_date=D(2021, 3, 1))
    # a merge into a new organization is a founding "reorganized", and a move afterwards leaves it counted where it
    # was founded
    services.organization_merge(
        actor=None,
        sources=[a, b],
        into=NewOrganization(code="AB", name="Đảng bộ AB", kind=OrganizationKind.GRASSROOTS_COMMITTEE),
        parent=r,
        on_date=D(2022, 1, 1),
        decision=Decision(symbol="12-QĐ/TU", date=D(2021, 12, 20)),
    )
    services.organization_update(
        actor=None, organization=p2, expected_version=Organization.objects.get(pk=p2.pk).version, data={"sector": Sector.OTHER}
    )
    assert counts.verify() == []
    for node in Organization.objects.all():
        for start, until in ((None, D(2030, 1, 1)), (D(2019, 1, 1), D(2020, 12, 31)), (D(2021, 6, 1), D(2022, 1, 1))):
            for params in (
                {},
                {"origin": "new"},
                {"origin": "reorganized"},
                {"sector": Sector.PRIVATE_ENTERPRISE, "origin": "new"},
                {"kind": "grassroots"},
            ):
                direct = indicators.founded_inside([node.pk], start, until, params).count()
                kind = params.get("kind")
                kinds = [k.value for k in indicators.GRASSROOTS_KINDS] if kind == "grassroots" else None
                rolled = counts.founded(node.pk, start, until, kinds, params.get("sector"), params.get("origin"))
                assert rolled == direct, (node.code, start, until, params)
    assert counts.founded(r.pk, D(2022, 1, 1), D(2022, 1, 1), None, None, "reorganized") == 1
