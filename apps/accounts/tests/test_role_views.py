"""Granting and ending roles on an organization from its page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.accounts.models import RoleAssignment
from apps.core.scoping import can
from apps.core.testing import make_org, make_user
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def story() -> dict[str, Any]:
    committee = make_org("CCQ", name="Đảng bộ Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    cell = make_org("C1", name="Chi bộ Sở Tài chính", parent=committee, on_date=D(2005, 1, 1))
    other = make_org("KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    return {
        "committee": committee,
        "cell": cell,
        "other": other,
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=committee),
        "secretary": make_user("bithu", role=Role.CELL_SECRETARY, organization=cell),
        "newcomer": make_user("moi"),
    }


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_roles_page_by_scope(story):
    url = reverse("accounts:organization_roles", args=[story["cell"].pk])
    assert Client().get(url).status_code == 302
    assert login(story["secretary"]).get(url).status_code == 404, "a secretary may not hand out roles"
    assert login(story["clerk"]).get(reverse("accounts:organization_roles", args=[story["other"].pk])).status_code == 404
    page = login(story["clerk"]).get(url)
    assert page.status_code == 200 and "bithu" in page.content.decode()
    detail = login(story["clerk"]).get(reverse("organizations:detail", args=[story["cell"].pk])).content.decode()
    assert url in detail


def test_grant_gives_the_rights_of_the_role_on_the_subtree(story):
    clerk = login(story["clerk"])
    url = reverse("accounts:organization_roles", args=[story["cell"].pk])
    unknown = clerk.post(url, {"username": "khongco", "role": Role.CELL_SECRETARY, "valid_from": "1-1-2025"})
    assert unknown.status_code == 422 and "khongco" in unknown.context["form"].errors["username"][0]
    assert not can(story["newcomer"], "members.change", story["cell"].pk)
    response = clerk.post(url, {"username": "moi", "role": Role.CELL_SECRETARY, "valid_from": "1/1/2025"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == url
    assert can(story["newcomer"], "members.change", story["cell"].pk)
    assert not can(story["newcomer"], "members.change", story["committee"].pk)


def test_ending_a_role_and_not_ones_own_last_right(story):
    clerk = login(story["clerk"])
    secretary_role = RoleAssignment.objects.get(user=story["secretary"])
    url = reverse("accounts:role_end", args=[secretary_role.pk])
    bad = clerk.post(url, {"on_date": "1-1-1999"})
    assert bad.status_code == 422 and "on_date" in bad.context["form"].errors
    assert clerk.post(url, {"on_date": "1-1-2025"}).status_code == 302
    secretary_role.refresh_from_db()
    assert secretary_role.valid_to == D(2025, 1, 1)
    assert not can(story["secretary"], "members.change", story["cell"].pk)
    # ending one's own only right over the organization is refused and rolled back
    own = RoleAssignment.objects.get(user=story["clerk"])
    refused = clerk.post(reverse("accounts:role_end", args=[own.pk]), {"on_date": "1-1-2025"})
    assert refused.status_code == 422 and "mất quyền" in refused.content.decode()
    own.refresh_from_db()
    assert own.valid_to is None
    assert login(story["secretary"]).get(reverse("accounts:role_end", args=[own.pk])).status_code == 404
