from __future__ import annotations

import datetime as dt

from ninja import Schema


class MemberOut(Schema):
    id: int
    family_name: str
    middle_name: str
    given_name: str
    full_name: str
    birth_date: dt.date
    gender: str
    organization_id: int
    admission_date: dt.date
    full_member_date: dt.date | None
