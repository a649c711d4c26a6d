"""The members API: every endpoint for every persona (see tests/api_matrix.py), then behaviour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.core.models import AuditEvent
from apps.core.testing import make_person
from apps.members import counts
from apps.members.models import Membership, Person
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/members"


def _posts_ids(data: Any) -> set[int]:
    return {post["person_id"] for post in data}


def _detail_check(world: World, data: Any) -> None:
    assert data["id"] == world.person("pa")
    assert [m["organization_id"] for m in data["memberships"]] == [world.org("A1")]
    assert [p["post"] for p in data["posts"]] == ["secretary"]


def _created_check(world: World, data: Any) -> None:
    person = Person.objects.get(pk=data["id"])
    assert person.organization_id == world.org("A2") and person.given_name == "Dũng"
    assert data["memberships"][0]["start_reason"] == "admitted"


def _transferred_check(world: World, data: Any) -> None:
    assert data["organization_id"] == world.org("A2")
    assert [m["valid_to"] for m in data["memberships"]] == ["2021-01-01", None]


ENDPOINTS = [
    Endpoint("list", "get", lambda w: f"{API}/", "list", targets=lambda w: {w.person("pa"), w.person("pa2")}),
    Endpoint("list of all records", "get", lambda w: f"{API}/?status=all", "list", targets=lambda w: {w.person("pa")}),
    Endpoint(
        "list as of a date", "get", lambda w: f"{API}/?as_of=2015-01-01&limit=5", "list", targets=lambda w: {w.person("pa")}
    ),
    Endpoint("search", "get", lambda w: f"{API}/search?q=ly+binh+cang", "list", targets=lambda w: {w.person("pa")}),
    Endpoint("list of an organization", "get", lambda w: f"{API}/?organization={w.org('A')}", "object"),
    Endpoint("posts of an organization", "get", lambda w: f"{API}/posts?organization={w.org('A1')}", "object"),
    Endpoint("get", "get", lambda w: f"{API}/{w.person('pa')}", "object", check=_detail_check),
    Endpoint("memberships", "get", lambda w: f"{API}/{w.person('pa')}/memberships", "object"),
    Endpoint("posts", "get", lambda w: f"{API}/{w.person('pa')}/posts", "object"),
    Endpoint(
        "admit",
        "post",
        lambda w: f"{API}/",
        "write",
        body=lambda w: {
            "organization_id": w.org("A2"),
            "family_name": "Phạm",
            "middle_name": "Văn",
            "given_name": "Dũng",
            "birth_date": "1990-04-02",
            "gender": "M",
            "admission_date": "2020-05-19",
            "decision_symbol": "45-QĐ/ĐU",
        },
        success=201,
        check=_created_check,
    ),
    Endpoint(
        "update",
        "patch",
        lambda w: f"{API}/{w.person('pa')}",
        "write",
        body=lambda w: {"expected_version": w.people["pa"].version, "hometown": "Sóc Trăng", "ethnicity": "Khmer"},
    ),
    Endpoint(
        "transfer",
        "post",
        lambda w: f"{API}/{w.person('pa')}/transfer",
        "write",
        body=lambda w: {"to_organization_id": w.org("A2"), "on_date": "2021-01-01", "decision_symbol": "12-QĐ/ĐU"},
        check=_transferred_check,
    ),
    Endpoint(
        "end",
        "post",
        lambda w: f"{API}/{w.person('pa2')}/end",
        "write",
        body=lambda w: {"on_date": "2021-01-01", "reason": "transferred_out", "destination": "Đảng bộ tỉnh Bạc Liêu"},
    ),
]


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_scope(endpoint: Endpoint, persona: str, world: World) -> None:
    run(endpoint, persona, world)


def test_posts_list_names_the_holders(world: World) -> None:
    data = call(world, "role", "get", f"{API}/posts?organization={world.org('A1')}&as_of=2021-01-01").json()
    assert [(p["person_id"], p["post"], p["person_name"]) for p in data] == [(world.person("pa"), "secretary", "Lý Bình Cang")]
    assert call(world, "role", "get", f"{API}/posts?organization={world.org('A1')}&as_of=2019-01-01").json() == []


# ------------------------------------------------------------------ behaviour


def test_list_is_paginated_with_a_total(world: World) -> None:
    for i in range(5):
        make_person(world.orgs["A2"], given_name=f"Hà{i}", on_date=D(2013, 1, 1))
    first = call(world, "role", "get", f"{API}/?limit=3").json()
    second = call(world, "role", "get", f"{API}/?limit=3&offset=3").json()
    assert first["total"] == second["total"] == 7
    assert len(first["items"]) == 3 and len(second["items"]) == 3
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}
    # as of a date before the five joined, and for one organization's subtree
    assert call(world, "role", "get", f"{API}/?as_of=2012-12-31").json()["total"] == 2
    assert call(world, "role", "get", f"{API}/?organization={world.org('A2')}").json()["total"] == 5


def test_left_members_stay_visible_as_records(world: World) -> None:
    call(world, "role", "post", f"{API}/{world.person('pa2')}/end", {"on_date": "2021-01-01", "reason": "deceased"})
    assert {p["id"] for p in call(world, "role", "get", f"{API}/").json()["items"]} == {world.person("pa")}
    assert {p["id"] for p in call(world, "role", "get", f"{API}/?status=left").json()["items"]} == {world.person("pa2")}
    detail = call(world, "role", "get", f"{API}/{world.person('pa2')}").json()
    assert detail["status"] == "left" and detail["memberships"][-1]["end_reason"] == "deceased"


def test_search_ignores_diacritics_and_ranks_exact_first(world: World) -> None:
    make_person(world.orgs["A2"], family_name="Lý", middle_name="Bình", given_name="Càng", on_date=D(2013, 1, 1))
    data = call(world, "role", "get", f"{API}/search?q=Lý+Bình+Cang").json()
    assert [p["full_name"] for p in data["items"]] == ["Lý Bình Cang", "Lý Bình Càng"]
    assert data["total"] == 2
    # the namesake in subtree B is not found by the caller on A
    assert world.person("pb") not in {p["id"] for p in data["items"]}


def test_stale_update_is_409_and_keeps_the_record(world: World) -> None:
    url = f"{API}/{world.person('pa')}"
    version = call(world, "role", "get", url).json()["version"]
    first = call(world, "role", "patch", url, {"expected_version": version, "phone": "0299 3822 111"})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = call(world, "role", "patch", url, {"expected_version": version, "phone": "0909 000 000"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale"
    assert Person.objects.get(pk=world.person("pa")).phone == "0299 3822 111"


def test_update_names_the_bad_field(world: World) -> None:
    url = f"{API}/{world.person('pa')}"
    version = world.people["pa"].version
    response = call(world, "role", "patch", url, {"expected_version": version, "full_member_date": "2012-06-01"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "full_member_date"
    nulled = call(world, "role", "patch", url, {"expected_version": version, "given_name": None})
    assert nulled.status_code == 422 and nulled.json()["error"]["code"] == "invalid"
    assert Person.objects.get(pk=world.person("pa")).version == version


def test_transfer_needs_rights_on_both_ends(world: World) -> None:
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = call(
        world,
        "role",
        "post",
        f"{API}/{world.person('pa')}/transfer",
        {"to_organization_id": world.org("B1"), "on_date": "2021-01-01"},
    )
    assert response.status_code == 404
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    assert Person.objects.get(pk=world.person("pa")).organization_id == world.org("A1")


def test_transfer_moves_counts(world: World) -> None:
    body = {"to_organization_id": world.org("A2"), "on_date": "2021-01-01", "kind": "temporary"}
    response = call(world, "role", "post", f"{API}/{world.person('pa')}/transfer", body)
    assert response.status_code == 200
    last = response.json()["memberships"][-1]
    assert last["kind"] == "temporary" and last["home_organization_id"] == world.org("A1")
    assert counts.subtree_count(world.org("A2"), D(2021, 1, 1)) == 1
    assert counts.subtree_count(world.org("A"), D(2021, 1, 1)) == 2


def test_admit_refuses_a_future_date_and_an_ended_organization(world: World) -> None:
    body = {
        "organization_id": world.org("A2"),
        "given_name": "Em",
        "birth_date": "1990-04-02",
        "gender": "F",
        "admission_date": "2099-01-01",
    }
    response = call(world, "role", "post", f"{API}/", body)
    assert response.status_code == 422 and response.json()["error"]["field"] == "admission_date"


LIST_URLS = [f"{API}/", f"{API}/?status=all", f"{API}/?status=left", f"{API}/search?q=nguyen"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_do_not_grow_with_rows(world: World, url: str, django_assert_max_num_queries: Any) -> None:
    for i in range(30):
        make_person(world.orgs["A2"], given_name=f"Hà{i}", on_date=D(2013, 1, 1))
    # token lookup, the user's scope (resolved once per request), count, page
    with django_assert_max_num_queries(4):
        response = call(world, "role", "get", url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["get", "memberships", "posts"])
def test_detail_queries_do_not_grow_with_history(world: World, url: str, django_assert_max_num_queries: Any) -> None:
    from apps.members import services

    person = world.people["pa"]
    for i, org in enumerate([world.orgs["A2"], world.orgs["A1"]] * 3):
        services.member_transfer(actor=None, person=person, to_organization=org, on_date=D(2013 + i, 1, 1))
    path = f"{API}/{person.id}" if url == "get" else f"{API}/{person.id}/{url}"
    # token, the user's scope (once per request), the record, its memberships and posts
    with django_assert_max_num_queries(5):
        response = call(world, "role", "get", path)
    assert response.status_code == 200


def test_a_write_whose_result_the_caller_could_not_see_is_rolled_back(world: World, monkeypatch: Any) -> None:
    # Write-then-verify: were the transferred record to fall outside the caller's scope, nothing is kept.
    from apps.members import selectors

    before = (Membership.objects.count(), AuditEvent.objects.count())
    monkeypatch.setattr(selectors, "people_visible", lambda user, perm="members.view": Person.objects.none())
    body = {"to_organization_id": world.org("A2"), "on_date": "2021-01-01"}
    response = call(world, "role", "post", f"{API}/{world.person('pa')}/transfer", body)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    assert Person.objects.get(pk=world.person("pa")).organization_id == world.org("A1")


def test_api_writes_are_audited_as_api_calls_of_the_token_user(world: World) -> None:
    body = {"to_organization_id": world.org("A2"), "on_date": "2021-01-01", "decision_symbol": "12-QĐ/ĐU"}
    response = call(world, "role", "post", f"{API}/{world.person('pa')}/transfer", body)
    assert response.status_code == 200
    events = AuditEvent.objects.filter(event_type="member.transferred", target_id=str(world.person("pa")))
    assert {(e.source, e.actor_label) for e in events} == {("api", "api_role")}
    assert len({e.request_id for e in events}) == 1 and str(events[0].request_id) == response["X-Request-ID"]
