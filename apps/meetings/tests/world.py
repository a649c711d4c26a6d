"""A small world for the meetings tests, built through the services.

    R (committee) ── A (grassroots committee) ── A1 (cell: pa, pa2, pa3) ; B (grassroots committee) ── B1 (cell: pb)

``secretary`` holds the cell secretary's role on A1, ``other`` on B1; ``member`` is pa's login (no role but member).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_person, make_user
from apps.meetings import services
from apps.meetings.models import Meeting
from apps.members.models import Person
from apps.members.services_accounts import person_link_user
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

D = dt.date


@dataclass
class World:
    orgs: dict[str, Organization]
    people: dict[str, Person]
    users: dict[str, Any]


def build() -> World:
    root = make_org("R", name="Đảng bộ Khối", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    b = make_org("B", name="Đảng bộ Sở Y tế", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    a1 = make_org("A1", name="Chi bộ Kế toán", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2001, 1, 1))
    b1 = make_org("B1", name="Chi bộ Dược", kind=OrganizationKind.ATTACHED_CELL, parent=b, on_date=D(2001, 1, 1))
    pa = make_person(a1, family_name="Lý", middle_name="Bình", given_name="Cang", on_date=D(2012, 3, 1), email="cang@example.vn")
    pa2 = make_person(a1, family_name="Trần", middle_name="Thị", given_name="Cúc", gender="F", on_date=D(2012, 3, 1))
    pa3 = make_person(a1, family_name="Thạch", middle_name="", given_name="Sophal", on_date=D(2012, 3, 1))
    pb = make_person(b1, family_name="Lý", middle_name="Văn", given_name="Dũng", on_date=D(2012, 3, 1))
    users = {
        "secretary": make_user("bithu_a1", role=Role.CELL_SECRETARY, organization=a1),
        "other": make_user("bithu_b1", role=Role.CELL_SECRETARY, organization=b1),
        "member": make_user("dangvien_a1", role=Role.MEMBER, organization=a1),
        "member_b": make_user("dangvien_b1", role=Role.MEMBER, organization=b1),
    }
    person_link_user(actor=None, person=pa, user=users["member"])
    person_link_user(actor=None, person=pb, user=users["member_b"])
    return World(
        orgs={"R": root, "A": a, "B": b, "A1": a1, "B1": b1},
        people={"pa": pa, "pa2": pa2, "pa3": pa3, "pb": pb},
        users=users,
    )


def plan(world: World, *, org: str = "A1", start: dt.datetime | None = None, hours: int = 2, **extra: Any) -> Meeting:
    start = start or timezone.now() + dt.timedelta(minutes=10)
    return services.meeting_plan(
        actor=extra.pop("actor", world.users["secretary"]),
        organization=world.orgs[org],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        place="Phòng họp tầng 2",
        agenda=extra.pop("agenda", "1. Thông báo thời sự\n2. Đánh giá nhiệm vụ tháng"),
        **extra,
    )
