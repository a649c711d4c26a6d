"""A small committee for the study tests, built through the services::

    R (committee) ── A (grassroots committee) ── A1 (cell: 4 members), A2 (cell: 2 members)
                  └─ B (grassroots cell: 2 members)

The campaign of R runs 1-3-2023 to 31-5-2023: A1 studies on 10-3 (one member absent), A2 on 15-3, B on 20-3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apps.core.testing import make_org, make_person
from apps.members.models import Person
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.study import services
from apps.study.models import Campaign, Session

D = dt.date


@dataclass
class World:
    orgs: dict[str, Organization]
    people: dict[str, Person]
    campaign: Campaign
    sessions: dict[str, Session]


def build(with_sessions: bool = True) -> World:
    r = make_org("R", name="Đảng bộ Khối", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    a1 = make_org("A1", name="Chi bộ Kế toán", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2000, 1, 1))
    a2 = make_org("A2", name="Chi bộ Ngân sách", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2000, 1, 1))
    b = make_org("B", name="Chi bộ Sở Y tế", kind=OrganizationKind.GRASSROOTS_CELL, parent=r, on_date=D(2000, 1, 1))
    names = {
        "an": (a1, "An"),
        "binh": (a1, "Bình"),
        "chi": (a1, "Chi"),
        "dung": (a1, "Dũng"),
        "em": (a2, "Em"),
        "giang": (a2, "Giang"),
        "hoa": (b, "Hoa"),
        "khanh": (b, "Khánh"),
    }
    people = {key: make_person(org, given_name=given, on_date=D(2015, 1, 1)) for key, (org, given) in names.items()}
    campaign = services.campaign_create(
        actor=None,
        organization=r,
        title="Học tập Nghị quyết Đại hội",
        document_symbol="01-NQ/ĐH",
        document_date=D(2023, 2, 1),
        document_issuer="Đại hội Đảng bộ Khối",
        start_date=D(2023, 3, 1),
        end_date=D(2023, 5, 31),
    )
    world = World({"R": r, "A": a, "A1": a1, "A2": a2, "B": b}, people, campaign, {})
    if with_sessions:
        p = people
        for key, org, day, marks in (
            ("A1", a1, D(2023, 3, 10), [(p["an"], True), (p["binh"], True), (p["chi"], True), (p["dung"], False, "Ốm")]),
            ("A2", a2, D(2023, 3, 15), [(p["em"], True), (p["giang"], True)]),
            ("B", b, D(2023, 3, 20), [(p["hoa"], True), (p["khanh"], True)]),
        ):
            world.sessions[key] = services.session_plan(actor=None, campaign=campaign, organization=org, held_on=day)
            services.attendance_record(actor=None, session=world.sessions[key], marks=marks)
    return world
