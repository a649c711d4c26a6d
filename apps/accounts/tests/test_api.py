"""Token authentication, the accounts API, the token command and the API documents."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from apps.accounts.models import ApiToken, hash_token
from apps.accounts.services import api_token_create, api_token_user
from apps.core import audit
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from tests.api_matrix import PERSONAS, World, build_world, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("persona", PERSONAS)
def test_me_for_every_persona(world: World, persona: str) -> None:
    response = call(world, persona, "get", "/api/accounts/me")
    if persona == "anonymous":
        assert response.status_code == 401
        return
    data = response.json()
    assert data["username"] == f"api_{persona}"
    if persona == "no_role":
        assert data["roles"] == [] and data["permissions"] == []
    else:
        org = world.orgs["A" if persona == "role" else "B"]
        assert [(r["role"], r["organization_id"]) for r in data["roles"]] == [("organization_board", org.id)]
        assert "members.change" in data["permissions"]


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer dgb_not-a-real-token", "Token {token}", "bearer{token}", "Basic {token}"],
)
def test_bad_credentials_answer_401_in_the_error_shape(world: World, header: str) -> None:
    client = Client()
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": header.format(token=world.tokens["role"])} if header else {}
    response = client.get("/api/organizations/", **kwargs)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_revoked_expired_and_inactive_tokens_are_refused() -> None:
    user = make_user("thu")
    token, raw = api_token_create(actor=None, user=user, name="sync")
    assert api_token_user(raw) == user
    with audit.service_scope():
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
        token.save()
    assert api_token_user(raw) is None
    with audit.service_scope():
        token.expires_at = None
        token.revoked_at = timezone.now()
        token.save()
    assert api_token_user(raw) is None
    _other, raw2 = api_token_create(actor=None, user=user, name="other")
    user.is_active = False
    user.save()
    assert api_token_user(raw2) is None


def test_create_api_token_prints_the_raw_token_once_and_stores_its_hash() -> None:
    make_user("vanphong")
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "vanphong", "--name", "đồng bộ", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert raw.startswith("dgb_") and token.key_hash == hash_token(raw) and token.name == "đồng bộ"
    assert raw not in err.getvalue() and token.prefix in err.getvalue()
    owner = api_token_user(raw)
    assert owner is not None and owner.username == "vanphong"
    event = AuditEvent.objects.get(event_type="token.created")
    assert event.source == "command" and raw not in str(event.after)
    response = Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["username"] == "vanphong"


def test_create_api_token_refuses_an_unknown_user() -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong-co", "--name", "x", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_openapi_document_is_served_without_a_token() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    paths = schema["paths"]
    assert "/api/members/{member_id}/transfer" in paths
    transfer = paths["/api/members/{member_id}/transfer"]["post"]
    assert {"200", "401", "404", "409", "422"} <= set(transfer["responses"])
    assert transfer["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/MemberTransferIn")


def test_docs_page_loads_its_assets_from_our_own_origin_under_the_strict_csp() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp and "unsafe-inline" not in csp
    assert "cdn.jsdelivr" not in html and "/static/ninja/swagger-ui-bundle.js" in html
    # no inline code: the only <script> without src is the JSON settings block, which never runs
    inline = [chunk for chunk in html.split("<script")[1:] if "src=" not in chunk.split(">")[0]]
    assert all('type="application/json"' in chunk.split(">")[0] for chunk in inline)
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js", "/static/ninja/swagger-ui.css"):
        assert Client().get(asset).status_code == 200, asset
