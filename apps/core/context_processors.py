from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone


def dangbo(request: HttpRequest) -> dict[str, Any]:
    from apps.accounts.scoping import user_permissions

    user = getattr(request, "user", None)
    return {
        "today": timezone.localdate(),
        "user_perms": user_permissions(user) if user is not None and user.is_authenticated else set(),
    }
