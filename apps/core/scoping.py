"""The one scoping mechanism.

Every queryset a user can reach is narrowed with ``visible_to(user, perm)``. The set of organizations a
user may act on for a permission comes from a single provider (``settings.DANGBO_SCOPE_PROVIDER``,
implemented by the accounts app from role assignments and the organization tree), so views, forms, API
endpoints, exports, search and commands all ask the same question the same way.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Callable

M = TypeVar("M", bound=models.Model)


@cache
def _provider() -> Callable[[Any, str], Any]:
    return import_string(settings.DANGBO_SCOPE_PROVIDER)  # type: ignore[no-any-return]


def organization_ids_for(user: Any, perm: str) -> Any:
    """A queryset of the organization ids where ``user`` holds ``perm`` (usable as a subquery)."""
    return _provider()(user, perm)


def is_unrestricted(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows which field leads to the owning organization."""

    #: path from this model to the id of the organization that owns the row
    scope_field: str = "organization"

    def visible_to(self, user: Any, perm: str) -> Self:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_unrestricted(user):
            return self
        condition = Q(**{f"{self.scope_field}__in": organization_ids_for(user, perm)})
        own = self.own_rows(user, perm)
        if own is not None:
            condition |= own
        return self.filter(condition)

    def own_rows(self, user: Any, perm: str) -> Q | None:
        """Rows a user may reach through their own record (a member's own file); none by default."""
        return None


def get_visible_or_404(queryset: models.QuerySet[M], user: Any, perm: str, **lookup: Any) -> M:
    """A missing record and a forbidden one answer the same 404."""
    qs = queryset.visible_to(user, perm)  # type: ignore[attr-defined]
    try:
        return qs.get(**lookup)  # type: ignore[no-any-return]
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Không tìm thấy") from exc


def can(user: Any, perm: str, organization_id: int | None) -> bool:
    """Whether ``user`` holds ``perm`` on the organization (used to check a write's target)."""
    if organization_id is None:
        return is_unrestricted(user)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_unrestricted(user):
        return True
    return bool(organization_ids_for(user, perm).filter(pk=organization_id).exists())
