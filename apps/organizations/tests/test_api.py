"""The organizations API: every endpoint for every persona (see tests/api_matrix.py), then behaviour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from apps.members import counts
from apps.organizations import tree
from apps.organizations.models import Organization, Reorganization
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/organizations"


def _names(world: World, data: Any) -> None:
    assert data["id"] == world.org("A1")


def _found_check(world: World, data: Any) -> None:
    org = Organization.objects.get(code="A3")
    assert data["id"] == org.id and data["parent_id"] == world.org("A")


def _tree_ids(data: Any) -> set[int]:
    return {node["id"] for node in data}


ENDPOINTS = [
    Endpoint("list", "get", lambda w: f"{API}/", "list", targets=lambda w: {w.org("A"), w.org("A1"), w.org("A2")}),
    Endpoint(
        "list filtered",
        "get",
        lambda w: f"{API}/?parent={w.org('A')}&as_of=2021-01-01&kind=attached_cell&q=chi+bo",
        "list",
        targets=lambda w: {w.org("A1"), w.org("A2")},
    ),
    Endpoint("tree", "get", lambda w: f"{API}/tree?as_of=2021-01-01", "list", ids=_tree_ids, targets=lambda w: {w.org("A1")}),
    Endpoint(
        "reorganizations",
        "get",
        lambda w: f"{API}/reorganizations",
        "list",
        targets=lambda w: {w.reorganization_of("A1"), w.reorganization_of("A2")},
    ),
    Endpoint("get", "get", lambda w: f"{API}/{w.org('A1')}", "object", check=_names),
    Endpoint("tree of a subtree", "get", lambda w: f"{API}/tree?root={w.org('A')}", "object"),
    Endpoint("reorganization", "get", lambda w: f"{API}/reorganizations/{w.reorganization_of('A1')}", "object"),
    Endpoint(
        "reorganizations of an organization", "get", lambda w: f"{API}/reorganizations?organization={w.org('A1')}", "object"
    ),
    Endpoint("member count", "get", lambda w: f"{API}/{w.org('A')}/members/count?as_of=2020-01-01", "object"),
    Endpoint("history", "get", lambda w: f"{API}/{w.org('A1')}/history", "object"),
    Endpoint("lineage", "get", lambda w: f"{API}/{w.org('A1')}/lineage", "object"),
    Endpoint(
        "found",
        "post",
        lambda w: f"{API}/",
        "write",
        body=lambda w: {
            "code": "A3",
            "name": "Chi bộ Thuế",
            "kind": "attached_cell",
            "parent_id": w.org("A"),
            "on_date": "2021-01-01",
        },
        success=201,
        check=_found_check,
    ),
    Endpoint(
        "update",
        "patch",
        lambda w: f"{API}/{w.org('A1')}",
        "write",
        body=lambda w: {"expected_version": w.orgs["A1"].version, "host_body": "Sở Tài chính"},
    ),
    Endpoint(
        "rename",
        "post",
        lambda w: f"{API}/{w.org('A1')}/rename",
        "write",
        body=lambda w: {"name": "Chi bộ Kế toán - Tài vụ", "on_date": "2021-01-01", "decision": {"symbol": "15-QĐ/ĐU"}},
    ),
    Endpoint(
        "move",
        "post",
        lambda w: f"{API}/{w.org('A2')}/move",
        "write",
        body=lambda w: {"new_parent_id": w.org("A1"), "on_date": "2021-01-01"},
    ),
    Endpoint(
        "merge",
        "post",
        lambda w: f"{API}/merge",
        "write",
        body=lambda w: {"source_ids": [w.org("A2")], "into_id": w.org("A1"), "on_date": "2021-01-01"},
    ),
    Endpoint(
        "split",
        "post",
        lambda w: f"{API}/{w.org('A1')}/split",
        "write",
        body=lambda w: {
            "into": [
                {"new": {"code": "A11", "name": "Chi bộ Kế toán 1", "kind": "attached_cell"}},
                {"organization_id": w.org("A2")},
            ],
            "member_assignment": {str(w.person("pa2")): 1},
            "on_date": "2021-01-01",
        },
    ),
    Endpoint("dissolve", "post", lambda w: f"{API}/{w.org('A2')}/dissolve", "write", body=lambda w: {"on_date": "2021-01-01"}),
    Endpoint(
        "bulk",
        "post",
        lambda w: f"{API}/bulk",
        "write",
        body=lambda w: {
            "operations": [
                {"op": "move", "code": "A2", "parent": "A1"},
                {"op": "rename", "code": "A1", "name": "Chi bộ Kế toán mới"},
            ],
            "on_date": "2021-01-01",
            "preview": False,
        },
        refused=422,
    ),
]


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_scope(endpoint: Endpoint, persona: str, world: World) -> None:
    if endpoint.refused == 422 and persona in {"no_role", "other"}:
        # The bulk service names unknown and forbidden codes alike, per row, as invalid input.
        response = call(world, persona, endpoint.method, endpoint.path(world), endpoint.body(world) if endpoint.body else None)
        assert response.status_code == 422
        assert response.json()["error"] == response.json()["error"] | {"code": "not_found", "row": 1, "field": "code"}
        return
    run(endpoint, persona, world)


# ------------------------------------------------------------------ behaviour


def test_tree_as_of_a_date_names_and_counts(world: World) -> None:
    call(world, "role", "post", f"{API}/{world.org('A1')}/rename", {"name": "Chi bộ Kế toán mới", "on_date": "2021-01-01"})
    before = call(world, "role", "get", f"{API}/tree?as_of=2020-12-31&root={world.org('A')}").json()
    after = call(world, "role", "get", f"{API}/tree?as_of=2021-01-01&root={world.org('A')}").json()
    by_code = {n["code"]: n for n in before}
    assert by_code["A"]["depth"] == 0 and by_code["A1"]["depth"] == 1 and by_code["A1"]["parent_id"] == world.org("A")
    assert by_code["A1"]["name"] == "Chi bộ Kế toán"
    assert {n["code"]: n["name"] for n in after}["A1"] == "Chi bộ Kế toán mới"
    assert by_code["A"]["members"] == counts.subtree_count(world.org("A"), D(2020, 12, 31))
    assert by_code["A1"]["members"] == 2
    # nothing above the caller's scope appears, even as the root of the answer
    assert "R" not in by_code


def test_member_count_as_of_dates(world: World) -> None:
    url = f"{API}/{world.org('A')}/members/count"
    assert call(world, "role", "get", f"{url}?as_of=2012-02-29").json()["members"] == 0
    assert call(world, "role", "get", f"{url}?as_of=2012-03-01").json() == {
        "organization_id": world.org("A"),
        "as_of": "2012-03-01",
        "members": 2,
    }


def test_merge_into_new_organization_and_lineage(world: World) -> None:
    response = call(
        world,
        "role",
        "post",
        f"{API}/merge",
        {
            "source_ids": [world.org("A1"), world.org("A2")],
            "new": {"code": "A9", "name": "Chi bộ Tài chính hợp nhất", "kind": "attached_cell"},
            "parent_id": world.org("A"),
            "on_date": "2019-06-27",
            "decision": {"symbol": "1628-QĐ/TU", "date": "2019-06-27", "issuer": "Ban Thường vụ Tỉnh ủy"},
        },
    )
    assert response.status_code == 200, response.json()
    merged = response.json()
    assert merged["code"] == "A9" and merged["parent_id"] == world.org("A") and merged["founded_on"] == "2019-06-27"
    lineage = call(world, "role", "get", f"{API}/{merged['id']}/lineage").json()
    assert {p["organization_id"] for p in lineage["predecessors"]} == {world.org("A1"), world.org("A2")}
    old = call(world, "role", "get", f"{API}/{world.org('A1')}").json()
    assert old["ended_on"] == "2019-06-27" and old["parent_id"] is None
    history = call(world, "role", "get", f"{API}/{world.org('A1')}/history").json()
    assert [e["role"] for e in history["events"]] == ["founded", "ended"]
    assert history["events"][-1]["successor_id"] == merged["id"]
    assert history["events"][-1]["reorganization"]["decision_symbol"] == "1628-QĐ/TU"
    reorg_id = history["events"][-1]["reorganization"]["id"]
    detail = call(world, "role", "get", f"{API}/reorganizations/{reorg_id}").json()
    assert detail["kind"] == "merge" and detail["effective_on"] == "2019-06-27"
    assert {link["organization_id"] for link in detail["links"]} >= {world.org("A1"), world.org("A2"), merged["id"]}
    assert tree.verify() == [] and counts.verify() == []


def test_bulk_preview_changes_nothing(world: World) -> None:
    before = Reorganization.objects.count()
    body = {"operations": [{"op": "merge", "sources": ["A2"], "into": "A1"}], "on_date": "2021-01-01"}
    response = call(world, "role", "post", f"{API}/bulk", body)
    assert response.status_code == 200
    assert response.json()["applied"] is False and response.json()["organizations_ended"] == 1
    assert Reorganization.objects.count() == before
    assert Organization.objects.get(code="A2").ended_on is None


def test_stale_update_is_409_and_changes_nothing(world: World) -> None:
    url = f"{API}/{world.org('A1')}"
    version = call(world, "role", "get", url).json()["version"]
    assert call(world, "role", "patch", url, {"expected_version": version, "host_body": "Sở"}).status_code == 200
    stale = call(world, "role", "patch", url, {"expected_version": version, "host_body": "Sở khác"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale"
    assert Organization.objects.get(pk=world.org("A1")).host_body == "Sở"


def test_domain_errors_answer_422_with_the_field(world: World) -> None:
    cycle = call(
        world, "role", "post", f"{API}/{world.org('A')}/move", {"new_parent_id": world.org("A1"), "on_date": "2021-01-01"}
    )
    # A's parent R lies outside the caller's scope, but A1 inside: the cycle is refused as such
    assert cycle.status_code == 422 and cycle.json()["error"]["code"] == "cycle"
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    late = call(world, "role", "post", f"{API}/{world.org('A1')}/rename", {"name": "Tên mới", "on_date": future})
    assert late.status_code == 422 and late.json()["error"]["field"] == "effective_on"
    busy = call(world, "role", "post", f"{API}/{world.org('A1')}/dissolve", {"on_date": "2021-01-01"})
    assert busy.status_code == 422 and busy.json()["error"]["code"] == "has_members"


def test_invalid_input_is_422_in_the_error_shape(world: World) -> None:
    bad = call(world, "role", "post", f"{API}/merge", {"source_ids": [world.org("A2")], "on_date": "27/6/2019"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "invalid" and error["details"]
    nul = call(world, "role", "get", f"{API}/?q=a%00b")
    assert nul.status_code == 422
    huge = call(world, "role", "get", f"{API}/{2**70}")
    assert huge.status_code == 422
    not_json = Client().post(
        f"{API}/merge", data="{", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world.tokens['role']}"
    )
    assert not_json.status_code == 400 and not_json.json()["error"]["code"] == "bad_request"


def test_top_level_found_needs_an_administrator(world: World) -> None:
    body = {"code": "X", "name": "Đảng bộ mới", "kind": "committee", "on_date": "2021-01-01"}
    response = call(world, "role", "post", f"{API}/", body)
    assert response.status_code == 404
    assert not Organization.objects.filter(code="X").exists()


LIST_URLS = [f"{API}/", f"{API}/?as_of=2021-01-01", f"{API}/tree", f"{API}/reorganizations"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_do_not_grow_with_rows(world: World, url: str, django_assert_max_num_queries: Any) -> None:
    from apps.core.testing import make_org

    for i in range(25):
        make_org(f"A1X{i}", parent=world.orgs["A1"], on_date=D(2005, 1, 1))
    # token lookup, roles and scope subquery, count, page (and, for the tree, parents, names, counts)
    with django_assert_max_num_queries(6):
        response = call(world, "role", "get", url)
    assert response.status_code == 200


def test_a_write_whose_result_the_caller_could_not_see_is_rolled_back(world: World, monkeypatch: Any) -> None:
    from apps.organizations import selectors

    real = selectors.organizations_visible
    monkeypatch.setattr(selectors, "organizations_visible", lambda user, perm="organizations.view": real(user, perm).none())
    response = call(world, "role", "post", f"{API}/{world.org('A1')}/rename", {"name": "Tên khác", "on_date": "2021-01-01"})
    assert response.status_code == 404
    assert Organization.objects.get(pk=world.org("A1")).name == "Chi bộ Kế toán"
    assert not Reorganization.objects.filter(kind="rename").exists()


def test_a_decision_that_is_not_an_object_is_refused_and_nothing_is_written(world: World) -> None:
    from tests.api_matrix import state

    before = state()
    decisions: list[Any] = [True, [], "1628-QĐ/TU"]
    for decision in decisions:
        bad = call(
            world,
            "role",
            "post",
            f"{API}/{world.org('A1')}/rename",
            {"name": "Tên mới", "on_date": "2021-01-01", "decision": decision},
        )
        assert bad.status_code == 422, decision
        assert bad.json()["error"]["code"] == "invalid"
    assert state() == before
