"""The accounts API: who the token belongs to, with the roles and permissions it acts with."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from apps.accounts.schemas import MeOut
from apps.accounts.scoping import assignments_now, user_permissions
from dangbo.api_types import responses

router = Router(tags=["accounts"])


@router.get("/me", response=responses(MeOut), summary="Người dùng của khóa API, với vai trò hiện hành")
def me(request: HttpRequest) -> Any:
    user = request.user
    roles = assignments_now(user).select_related("organization").order_by("valid_from", "id")
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),  # type: ignore[union-attr]
        "is_superuser": user.is_superuser,
        "permissions": sorted(user_permissions(user)),
        "roles": [
            {
                "role": r.role,
                "role_label": str(r.get_role_display()),
                "organization_id": r.organization_id,
                "organization_name": r.organization.name,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
            }
            for r in roles
        ],
    }
