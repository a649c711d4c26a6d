"""Fuzz the JSON API against its own OpenAPI document (Schemathesis, through the WSGI application).

Every operation is called with generated valid and invalid input, as a user holding the Organization
Board role on a small seeded subtree (beside one outside it), and must never answer a server error nor a
response that breaks the document: status codes, content types and bodies all as documented. Ids in
paths, queries and bodies are drawn mostly from the seeded rows, in and out of scope, so the generated
calls reach real records rather than only 404s.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import negated_parameters
from schemathesis.specs.openapi import checks as openapi_checks

from apps.accounts.choices import Role
from apps.accounts.services import api_token_create
from apps.core.testing import make_org, make_person, make_user
from apps.members import services as member_services
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Reorganization
from dangbo.api_types import MAX_ID

D = dt.date
# Kept small for CI; DANGBO_FUZZ_EXAMPLES=500 runs a deeper search.
MAX_EXAMPLES = int(os.environ.get("DANGBO_FUZZ_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# Unknown query parameters are ignored by design (as most HTTP APIs do), so none are generated.
schema.config.generation.update(allow_extra_parameters=False)

# Filled by the fixture before each operation's examples run; read lazily when examples are drawn.
SEEDED: dict[str, Any] = {"ids": [1], "codes": ["S"], "token": ""}

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
    openapi_checks.ignored_auth,
]

ID_KEYS = ("_id", "_ids", "organization", "parent", "root")
DATE_KEYS = ("_date", "as_of", "on_date")
CODE_KEYS = ("code", "parent", "into", "sources")
DATES = ["2012-03-01", "2019-06-27", "2021-01-01"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _seeded(key: str, value: Any) -> st.SearchStrategy[Any]:
    """Often a seeded id, code or plausible date instead of a generated valid value, so that calls reach
    real records and pass the domain's date rules; invalid values (negative tests) stay as they are."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID and key.endswith(ID_KEYS):
        return st.one_of(st.sampled_from(SEEDED["ids"]), st.just(value))
    if isinstance(value, str) and ISO.match(value) and _real_date(value) and key.endswith(DATE_KEYS):
        # only a real date is swapped: an impossible one ("2024-13-01") is a negative test and must stay
        return st.one_of(st.sampled_from(DATES), st.just(value))
    if isinstance(value, str) and value and key in CODE_KEYS:
        return st.one_of(st.sampled_from(SEEDED["codes"]), st.just(value))
    return st.just(value)


def _swap(data: Any, key: str = "") -> st.SearchStrategy[Any]:
    if isinstance(data, dict):
        keys = list(data)
        parts = [_swap(v, str(k)) for k, v in data.items()]
        return st.tuples(*parts).map(lambda values: dict(zip(keys, values, strict=True)))
    if isinstance(data, list):
        return st.tuples(*(_swap(v, key) for v in data)).map(list)
    return _seeded(key, data)


@schema.hook
def flatmap_path_parameters(ctx: schemathesis.HookContext, path_parameters: dict[str, Any]) -> st.SearchStrategy[Any]:
    return _swap(path_parameters)


@schema.hook
def flatmap_query(ctx: schemathesis.HookContext, query: Any) -> st.SearchStrategy[Any]:
    return _swap(query)


@schema.hook
def flatmap_body(ctx: schemathesis.HookContext, body: Any) -> st.SearchStrategy[Any]:
    return _swap(body)


@pytest.fixture
def seeded(db: Any) -> Iterator[None]:
    """A small tree: the caller holds a role on S (cells S1, S2 with members); T beside it is out of scope."""
    root = make_org("R", name="Đảng bộ Khối", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    s = make_org("S", name="Đảng bộ Sở", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    t = make_org("T", name="Đảng bộ Trường", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    s1 = make_org("S1", name="Chi bộ Một", kind=OrganizationKind.ATTACHED_CELL, parent=s, on_date=D(2001, 1, 1))
    s2 = make_org("S2", name="Chi bộ Hai", kind=OrganizationKind.ATTACHED_CELL, parent=s, on_date=D(2001, 1, 1))
    t1 = make_org("T1", name="Chi bộ Ba", kind=OrganizationKind.ATTACHED_CELL, parent=t, on_date=D(2001, 1, 1))
    people = [
        make_person(s1, given_name="An", on_date=D(2012, 3, 1)),
        make_person(s1, given_name="Bình", gender="F", on_date=D(2012, 3, 1)),
        make_person(s2, given_name="Cúc", gender="F", on_date=D(2012, 3, 1)),
        make_person(t1, given_name="Dũng", on_date=D(2012, 3, 1)),
    ]
    member_services.post_assign(actor=None, organization=s1, person=people[0], post="secretary", valid_from=D(2020, 8, 1))
    org_services.organization_rename(actor=None, organization=s2, new_name="Chi bộ Hai mới", on_date=D(2019, 6, 27))
    user = make_user("fuzz", role=Role.ORGANIZATION_BOARD, organization=s)
    SEEDED["ids"] = sorted(
        {o.id for o in (root, s, t, s1, s2, t1)}
        | {p.id for p in people}
        | set(Reorganization.objects.values_list("id", flat=True))
    )
    SEEDED["codes"] = ["S", "S1", "S2", "T", "T1"]
    SEEDED["token"] = api_token_create(actor=None, user=user, name="fuzz")[1]
    # Requests run in this thread on the test's connection: keep Django from closing it after each one.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_as_documented(case: schemathesis.Case, seeded: None) -> None:
    # The seeded user's token, unless this case tests a missing or broken Authorization header.
    if ("Authorization", ParameterLocation.HEADER) not in set(negated_parameters(case.meta)):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {SEEDED['token']}"}
    case.call_and_validate(checks=CHECKS)
