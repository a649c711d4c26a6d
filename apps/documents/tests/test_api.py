"""The documents API: every endpoint for every persona (tests/api_matrix.py; the personas hold the Office's role,
which may register documents, on A or B), then behaviour: search, a duplicate refused at its field, a replacement
cycle refused, citations parsed and resolved within the caller's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from apps.accounts.choices import Role
from apps.documents import services
from apps.documents.choices import LinkKind
from apps.documents.models import Document
from tests.api_matrix import PERSONAS, Endpoint, World, build_world, call, run

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/documents"


class DocumentsWorld(World):
    plan: Document  # internal, A's registry
    other_plan: Document  # internal, A's registry
    directive: Document  # public, R's registry


def build() -> DocumentsWorld:
    base = build_world(role=Role.OFFICE_CLERK)
    w = DocumentsWorld(orgs=base.orgs, people=base.people, tokens=base.tokens)
    w.plan = services.document_register(
        actor=None,
        organization=w.orgs["A"],
        symbol="12-KH/ĐU",
        issued_on=D(2021, 3, 1),
        issuing_body="Đảng ủy Sở Tài chính",
        title="Kế hoạch kiểm tra, giám sát năm 2021",
    )
    w.other_plan = services.document_register(
        actor=None,
        organization=w.orgs["A"],
        symbol="15-KH/ĐU",
        issued_on=D(2022, 3, 1),
        issuing_body="Đảng ủy Sở Tài chính",
        title="Kế hoạch kiểm tra, giám sát năm 2022",
    )
    w.directive = services.document_register(
        actor=None,
        organization=w.orgs["R"],
        symbol="33-CT/TW",
        issued_on=D(2019, 3, 18),
        issuing_body="Ban Bí thư",
        title="Về tăng cường xây dựng tổ chức đảng trong các đơn vị kinh tế tư nhân",
        access="public",
    )
    return w


def _w(world: World) -> DocumentsWorld:
    assert isinstance(world, DocumentsWorld)
    return world


def _resolved_for_role(world: World, data: Any) -> None:
    ids = [c["document_id"] for c in data["citations"]]
    assert ids == [_w(world).plan.pk, _w(world).directive.pk, None]


ENDPOINTS = [
    Endpoint("list", "get", lambda w: f"{API}/", "list", targets=lambda w: {_w(w).plan.pk, _w(w).other_plan.pk}),
    Endpoint("search", "get", lambda w: f"{API}/?q=ke+hoach+kiem+tra&year=2021", "list", targets=lambda w: {_w(w).plan.pk}),
    Endpoint("detail", "get", lambda w: f"{API}/{_w(w).plan.pk}", "object"),
    Endpoint(
        "register",
        "post",
        lambda w: f"{API}/",
        "write",
        success=201,
        body=lambda w: {
            "organization_id": w.org("A"),
            "symbol": "20 - KH/ĐU",
            "issued_on": "2023-02-01",
            "issuing_body": "Đảng ủy Sở Tài chính",
            "title": "Kế hoạch năm 2023",
        },
    ),
    Endpoint(
        "link",
        "post",
        lambda w: f"{API}/{_w(w).other_plan.pk}/links",
        "write",
        success=201,
        body=lambda w: {"target_id": _w(w).plan.pk, "kind": "replaces", "effective_on": "2022-03-01"},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_every_endpoint_for_every_persona(endpoint: Endpoint, persona: str) -> None:
    run(endpoint, persona, build())


def test_citations_are_parsed_and_resolved_within_the_callers_scope() -> None:
    w = build()
    text = "Theo Kế hoạch 12-KH/ĐU ngày 1-3-2021, Chỉ thị số 33-CT/TW và Hướng dẫn 08-HD/BTCTU ngày 7-8-2018."
    response = call(w, "role", "post", f"{API}/citations", {"text": text})
    assert response.status_code == 200
    data = response.json()
    _resolved_for_role(w, data)
    first = data["citations"][0]
    assert (first["symbol"], first["type"], first["date"], text[first["start"] : first["end"]]) == (
        "12-KH/ĐU",
        "Kế hoạch",
        "2021-03-01",
        "Kế hoạch 12-KH/ĐU ngày 1-3-2021",
    )
    other = call(w, "other", "post", f"{API}/citations", {"text": text}).json()
    assert [c["document_id"] for c in other["citations"]] == [None, w.directive.pk, None]
    assert call(w, "anonymous", "post", f"{API}/citations", {"text": text}).status_code == 401


def test_refusals_name_their_field() -> None:
    w = build()
    body = {
        "organization_id": w.org("A"),
        "symbol": "12 - KH/ĐU",
        "issued_on": "2021-03-01",
        "issuing_body": "Đảng ủy",
        "title": "Trùng",
    }
    response = call(w, "role", "post", f"{API}/", body)
    error = response.json()["error"]
    assert response.status_code == 422 and (error["code"], error["field"]) == ("duplicate", "symbol")
    assert "already registered" in error["message"]
    services.document_link(actor=None, source=w.other_plan, target=w.plan, kind=LinkKind.REPLACES)
    response = call(w, "role", "post", f"{API}/{w.plan.pk}/links", {"target_id": w.other_plan.pk, "kind": "replaces"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "cycle"
    detail = call(w, "role", "get", f"{API}/{w.plan.pk}").json()
    assert detail["status"] == "replaced" and detail["links"][0]["other_id"] == w.other_plan.pk
    # the public directive is readable from B's scope; A's internal plan is not
    assert call(w, "other", "get", f"{API}/{w.directive.pk}").status_code == 200
    assert call(w, "other", "get", f"{API}/{w.plan.pk}").status_code == 404
