"""The one search: a decision named loosely finds the decision and what cites it; everything within the scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from apps.accounts.choices import Role
from apps.core.testing import make_person, make_user
from apps.documents import services as documents
from apps.documents.tests.world import build
from apps.organizations import services as organizations
from apps.organizations.services import Decision, NewOrganization
from apps.search.services import search

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    w = build()
    merged = organizations.organization_merge(
        actor=None,
        sources=[w.orgs["A"], w.orgs["B"]],
        into=NewOrganization(code="AB", name="Đảng bộ Sở Tài chính - Y tế", kind=w.orgs["A"].kind),
        parent=w.orgs["R"],
        on_date=D(2019, 7, 1),
        decision=Decision(symbol="1628-QĐ/TU", date=D(2019, 6, 27), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    documents.citations_reindex()
    w.orgs["AB"] = merged
    return w


def _kinds(groups) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {g.source.key: [h.url for h in g.hits] for g in groups}


def test_quyet_dinh_1628_finds_the_decision_and_the_reorganization_that_cites_it(world) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    _query, groups = search(clerk, "quyet dinh 1628")
    found = _kinds(groups)
    assert found["documents"] == [f"/van-ban/{world.docs['merger'].pk}/"]
    assert len(found["cited"]) == 1  # the merger into AB, which cites the decision
    cited = next(g for g in groups if g.source.key == "cited").hits[0]
    assert "1628-QĐ/TU" in str(cited.because)
    assert "members" not in found


def test_the_symbol_as_typed_finds_the_same(world) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    for raw in ("1628-QĐ/TU", "1628-qd/tu", "Quyết định số 1628"):
        assert _kinds(search(clerk, raw)[1])["documents"] == [f"/van-ban/{world.docs['merger'].pk}/"], raw


def test_internal_documents_outside_the_scope_are_not_found(world) -> None:  # type: ignore[no-untyped-def]
    secretary = make_user(role=Role.CELL_SECRETARY, organization=world.orgs["A1"])
    found = _kinds(search(secretary, "ke hoach 12")[1])
    # A's plan 12-KH/ĐU is internal to A; the secretary of A1 (below A) does not hold A
    assert found.get("documents", []) == []
    board = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    assert len(_kinds(search(board, "ke hoach 12")[1])["documents"]) == 2


def test_members_are_found_by_name_without_diacritics_in_scope_only(world) -> None:  # type: ignore[no-untyped-def]
    person = make_person(world.orgs["AB"], family_name="Lý", middle_name="Bình", given_name="Cang", on_date=D(2020, 1, 1))
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    assert _kinds(search(clerk, "ly binh cang")[1])["members"] == [f"/dang-vien/{person.pk}/"]
    outsider = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A1"])
    assert "members" not in _kinds(search(outsider, "ly binh cang")[1])


def test_the_page_highlights_and_a_visitor_sees_no_internal_records(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    client.force_login(clerk)
    page = client.get("/tim-kiem/", {"q": "quyet dinh 1628"}).content.decode()
    assert "<mark>1628</mark>" in page
    assert "Sắp xếp tổ chức" in page or "Sap xep" in page
    anonymous = Client().get("/tim-kiem/", {"q": "quyet dinh 1628"}).content.decode()
    assert "/van-ban/" not in anonymous


def test_the_api_answers_the_same_within_the_token_scope(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    from apps.accounts.services import api_token_create

    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    token = api_token_create(actor=clerk, user=clerk, name="t")[1]
    data = client.get("/api/search", {"q": "quyet dinh 1628"}, headers={"Authorization": f"Bearer {token}"}).json()
    kinds = {g["kind"]: g for g in data["groups"]}
    assert kinds["documents"]["hits"][0]["url"] == f"/van-ban/{world.docs['merger'].pk}/"
    assert "<mark>1628</mark>" in kinds["documents"]["hits"][0]["title_html"]
    assert len(kinds["cited"]["hits"]) == 1


def test_organizations_are_found_by_name_within_scope(world) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"])
    found = _kinds(search(clerk, "chi bo ke toan")[1])
    assert found["organizations"] == [f"/to-chuc/{world.orgs['A1'].pk}/"]
    secretary = make_user(role=Role.CELL_SECRETARY, organization=world.orgs["B"])
    assert "organizations" not in _kinds(search(secretary, "chi bo ke toan")[1])


def test_the_header_box_leads_to_the_one_search(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"]))
    page = client.get("/to-chuc/").content.decode()
    assert 'action="/tim-kiem/"' in page
