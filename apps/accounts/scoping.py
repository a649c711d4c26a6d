"""The scope provider: which organizations a user may act on for a permission, today.

A role assigned on an organization holds for everything under it in the tree as it stands now
(``ScopePath``); an ended organization stays under its successor, or its last parent.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import RoleAssignment
from apps.accounts.permissions import roles_with
from apps.organizations.models import Organization


def assignments_now(user: Any) -> QuerySet[RoleAssignment]:
    today = timezone.localdate()
    return RoleAssignment.objects.filter(user=user, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    )


def organization_ids_for(user: Any, perm: str) -> Any:
    assigned = assignments_now(user).filter(role__in=roles_with(perm)).values("organization_id")
    return Organization.objects.filter(scope_ancestors__ancestor_id__in=assigned).values("pk")


def user_permissions(user: Any) -> set[str]:
    """Every permission the user holds somewhere (to decide which menu entries to show)."""
    from apps.accounts.permissions import ALL_PERMISSIONS, ROLE_PERMISSIONS

    if getattr(user, "is_superuser", False):
        return set(ALL_PERMISSIONS)
    if not getattr(user, "is_authenticated", False):
        return set()
    perms: set[str] = set()
    for role in assignments_now(user).values_list("role", flat=True):
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return perms
