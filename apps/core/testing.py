"""Test helpers shared by every app: users with roles, quick trees and members, all through services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from apps.accounts import services as account_services
from apps.members import services as member_services
from apps.members.models import Person
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.models import Organization

_seq = itertools.count(1)


def make_org(
    code: str | None = None,
    *,
    parent: Organization | None = None,
    name: str | None = None,
    kind: str = OrganizationKind.GRASSROOTS_CELL,
    on_date: dt.date = dt.date(2010, 1, 1),
    sector: str = Sector.STATE_AGENCY,
) -> Organization:
    n = next(_seq)
    code = code or f"ORG{n}"
    return org_services.organization_found(
        actor=None, code=code, name=name or f"Chi bộ {code}", kind=kind, parent=parent, on_date=on_date, sector=sector
    )


def make_person(
    organization: Organization,
    *,
    given_name: str = "An",
    family_name: str = "Nguyễn",
    middle_name: str = "Văn",
    birth_date: dt.date = dt.date(1980, 5, 17),
    admission_date: dt.date = dt.date(2012, 3, 1),
    on_date: dt.date | None = None,
    **extra: Any,
) -> Person:
    data = {
        "family_name": family_name,
        "middle_name": middle_name,
        "given_name": given_name,
        "birth_date": birth_date,
        "gender": extra.pop("gender", "M"),
        "admission_date": admission_date,
    } | extra
    return member_services.member_admit(actor=None, organization=organization, data=data, on_date=on_date)


def make_user(
    username: str | None = None,
    *,
    role: str | None = None,
    organization: Organization | None = None,
    superuser: bool = False,
    password: str = "mat-khau-demo-2025",
) -> Any:
    username = username or f"user{next(_seq)}"
    user = account_services.user_create(actor=None, username=username, password=password, is_superuser=superuser)
    if role and organization is not None:
        account_services.role_grant(actor=None, user=user, role=role, organization=organization, valid_from=dt.date(2000, 1, 1))
    return user
