"""Shapes of the accounts API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class RoleOut(Schema):
    role: str
    role_label: str
    organization_id: int
    organization_name: str
    valid_from: dt.date
    valid_to: dt.date | None


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    permissions: list[str]
    roles: list[RoleOut] = []
