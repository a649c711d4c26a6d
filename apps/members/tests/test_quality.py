"""The data-quality page: a missing card number is a gap only for a full member (a probationary member has none
yet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import Role
from apps.core.testing import make_org, make_person, make_user
from apps.members import selectors
from apps.members.models import Person
from apps.members.tests.test_import_data import citizen_id

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 4, 2)


def _complete(serial: int, **extra: Any) -> dict[str, Any]:
    """Every field the check looks at filled in, except what ``extra`` takes away."""
    return {
        "birth_date": BIRTH,
        "citizen_id": citizen_id(BIRTH, False, serial),
        "hometown": "Sóc Trăng",
        "ethnicity": "Kinh",
    } | extra


@pytest.fixture
def people() -> dict[str, Person]:
    cell = make_org("CB1")
    today = timezone.localdate()
    recent = today - dt.timedelta(days=90)
    return {
        # full members since 2013: one with a card, one without
        "full_with_card": make_person(
            cell, given_name="An", **_complete(1, full_member_date=dt.date(2013, 3, 1), card_number="79012345")
        ),
        "full_without_card": make_person(cell, given_name="Bình", **_complete(2, full_member_date=dt.date(2013, 3, 1))),
        # admitted three months ago: probationary, no card yet, nothing else missing
        "probationary": make_person(cell, given_name="Cường", admission_date=recent, **_complete(3)),
        # probationary and missing a citizen ID: listed for that, not for the card
        "probationary_no_id": make_person(cell, given_name="Dũng", admission_date=recent, **_complete(4, citizen_id="")),
    }


def test_only_full_members_without_a_card_are_missing_one(people: dict[str, Person]) -> None:
    admin = make_user(superuser=True)
    listed = {p.given_name for p in selectors.missing_fields(admin)}
    assert listed == {"Bình", "Dũng"}


def test_the_page_names_the_card_only_for_full_members(people: dict[str, Person]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=people["full_with_card"].organization)
    client = Client()
    client.force_login(clerk)
    html = client.get(reverse("members:quality")).content.decode()
    section = html.split("Thiếu thông tin", 1)[1]
    lines = {line.split("</a>")[0].rsplit(">", 1)[-1]: line for line in section.split("<li>")[1:]}
    assert set(lines) == {"Nguyễn Văn Bình", "Nguyễn Văn Dũng"}
    assert "số thẻ" in lines["Nguyễn Văn Bình"]
    assert "số CCCD" in lines["Nguyễn Văn Dũng"] and "số thẻ" not in lines["Nguyễn Văn Dũng"]
