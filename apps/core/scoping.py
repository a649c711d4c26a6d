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


#: Scopes up to this many organizations are resolved once per request and passed to SQL as a list; larger
#: ones stay a subquery (a national administrator's scope is the whole tree).
SCOPE_LIST_LIMIT = 2000


def organization_ids_for(user: Any, perm: str) -> Any:
    """The organization ids where ``user`` holds ``perm``: a list (small scopes) or a subquery (large ones).

    Resolved once per user object and permission (the request's user lives for one request), so a page that
    asks many times pays for it once and the database plans simple ``IN (...)`` lists.
    """
    from apps.core import audit

    cache: dict[str, Any] | None = getattr(user, "_dangbo_scope_cache", None)
    if cache is None or cache.get("__generation__") != audit.generation():
        # any write since (roles, the tree) may have changed the scope
        cache = {"__generation__": audit.generation()}
        try:
            user._dangbo_scope_cache = cache
        except AttributeError:  # an object that takes no attributes: no caching
            return _provider()(user, perm)
    if perm not in cache:
        subquery = _provider()(user, perm)
        ids = [row["pk"] if isinstance(row, dict) else row for row in subquery[: SCOPE_LIST_LIMIT + 1]]
        cache[perm] = ids if len(ids) <= SCOPE_LIST_LIMIT else subquery
    return cache[perm]


def allowed_among(user: Any, perm: str, organization_ids: list[int]) -> set[int]:
    """Those of ``organization_ids`` on which the user holds ``perm`` (batch form of :func:`can`)."""
    if is_unrestricted(user):
        return set(organization_ids)
    scope = organization_ids_for(user, perm)
    if isinstance(scope, list):
        return set(organization_ids) & set(scope)
    allowed: set[int] = set()
    for i in range(0, len(organization_ids), 500):
        allowed.update(scope.filter(pk__in=organization_ids[i : i + 500]).values_list("pk", flat=True))
    return allowed


def has_scope(user: Any, perm: str) -> bool:
    """Whether the user holds ``perm`` anywhere."""
    if is_unrestricted(user):
        return True
    scope = organization_ids_for(user, perm)
    return bool(scope) if isinstance(scope, list) else scope.exists()


def forget_scope(user: Any) -> None:
    """Drop the user's resolved scopes (after a change of roles or of the tree within the same request)."""
    if hasattr(user, "_dangbo_scope_cache"):
        del user._dangbo_scope_cache


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
    scope = organization_ids_for(user, perm)
    if isinstance(scope, list):
        return organization_id in scope
    return bool(scope.filter(pk=organization_id).exists())


def require(actor: Any, perm: str, organization_id: int | None, message: str | None = None) -> None:
    """A service's check before it writes: the system (``actor`` None: demo, commands, tasks) may; a user must hold
    ``perm`` on the organization, else the write answers exactly like a missing record."""
    if actor is None:
        return
    if not can(actor, perm, organization_id):
        from django.utils.translation import gettext as _

        from apps.core.errors import NotVisibleError

        raise NotVisibleError(message or _("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")


def require_scope(user: Any, perm: str) -> None:
    """A list page's check: the user holds ``perm`` somewhere, else 403 (a list is not a record to hide)."""
    if not has_scope(user, perm):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
