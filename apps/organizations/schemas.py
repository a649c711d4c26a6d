from __future__ import annotations

import datetime as dt

from ninja import Schema


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    host_body: str
    sector: str
    founded_on: dt.date
    ended_on: dt.date | None


class TreeNodeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    members: int
