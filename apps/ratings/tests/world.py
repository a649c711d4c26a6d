"""A small world for the ratings tests, built through the services.

    R (committee)
    ├── A (grassroots committee) ── A1 (cell: 12 members), A2 (cell: 13 members)
    └── C (grassroots cell: 4 members)

Yearly periods of R for 2024 (judged by 124-QĐ/TW) and 2025 (366-QĐ/TW).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_person, make_user
from apps.members.models import Person
from apps.members.services_accounts import person_link_user
from apps.organizations.choices import OrganizationKind as K
from apps.organizations.models import Organization
from apps.ratings import services
from apps.ratings.models import ReviewPeriod

D = dt.date
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Phúc", "Quân", "Sơn", "Tâm"]


@dataclass
class World:
    orgs: dict[str, Organization]
    people: dict[str, list[Person]]
    periods: dict[int, ReviewPeriod]
    users: dict[str, Any]

    def org(self, key: str) -> Organization:
        return self.orgs[key]


def build() -> World:
    r = make_org("R", name="Đảng bộ Khối", kind=K.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", name="Đảng bộ Sở Tài chính", kind=K.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    a1 = make_org("A1", name="Chi bộ Kế toán", kind=K.ATTACHED_CELL, parent=a, on_date=D(2001, 1, 1))
    a2 = make_org("A2", name="Chi bộ Ngân sách", kind=K.ATTACHED_CELL, parent=a, on_date=D(2001, 1, 1))
    c = make_org("C", name="Chi bộ Sở Tư pháp", kind=K.GRASSROOTS_CELL, parent=r, on_date=D(2000, 1, 1))
    people: dict[str, list[Person]] = {"A1": [], "A2": [], "C": []}
    n = 0
    for key, org, size in (("A1", a1, 12), ("A2", a2, 13), ("C", c, 4)):
        for i in range(size):
            n += 1
            people[key].append(
                make_person(
                    org,
                    given_name=GIVEN[i % len(GIVEN)],
                    middle_name="Văn",
                    citizen_id="",
                    on_date=D(2015, 1, 1) + dt.timedelta(days=n),
                )
            )
    periods = {
        year: services.review_period_open(
            actor=None, organization=r, year=year, start_date=D(year, 1, 1), end_date=D(year, 12, 31)
        )
        for year in (2024, 2025)
    }
    users = {
        "board": make_user("board", role=Role.ORGANIZATION_BOARD, organization=r),
        "board_a": make_user("board_a", role=Role.ORGANIZATION_BOARD, organization=a),
        "secretary_a1": make_user("secretary_a1", role=Role.CELL_SECRETARY, organization=a1),
        "secretary_c": make_user("secretary_c", role=Role.CELL_SECRETARY, organization=c),
        "member": make_user("member_a1", role=Role.MEMBER, organization=a1),
        "outsider": make_user("outsider", role=Role.ORGANIZATION_BOARD, organization=c),
    }
    person_link_user(actor=None, person=people["A1"][0], user=users["member"])
    return World(orgs={"R": r, "A": a, "A1": a1, "A2": a2, "C": c}, people=people, periods=periods, users=users)
