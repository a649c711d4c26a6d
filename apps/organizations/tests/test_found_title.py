"""A founding keeps the wording of the decision it cites; a plain "Thành lập …" only when the decision has none."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core.testing import make_org
from apps.organizations import selectors, services
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.services import Decision

pytestmark = pytest.mark.django_db

D = dt.date
TITLE = "Thành lập Chi bộ Công ty TNHH Minh Phát (thực hiện Chỉ thị 33-CT/TW ngày 18-3-2019 của Ban Bí thư)"


def _found(decision: Decision | None) -> list[str]:
    parent = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    org = services.organization_found(
        actor=None,
        code="CB-MP",
        name="Chi bộ Công ty TNHH Minh Phát",
        kind=OrganizationKind.GRASSROOTS_CELL,
        parent=parent,
        on_date=D(2019, 9, 2),
        sector=Sector.PRIVATE_ENTERPRISE,
        decision=decision,
    )
    return [link.reorganization.title for link in selectors.history(org)]


def test_the_decisions_title_is_kept_on_the_organizations_history() -> None:
    decision = Decision("118-QĐ/ĐU", D(2019, 8, 30), "Ban Thường vụ Đảng ủy", TITLE)
    assert _found(decision) == [TITLE]


@pytest.mark.parametrize("decision", [Decision("118-QĐ/ĐU", D(2019, 8, 30), "Ban Thường vụ Đảng ủy", "  "), None])
def test_without_a_title_the_founding_is_worded_from_the_name(decision: Decision | None) -> None:
    assert _found(decision) == ["Thành lập Chi bộ Công ty TNHH Minh Phát"]
