"""Services joining members' records to logins (accounts are created in the accounts app)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit
from apps.core.errors import DomainError, NotVisibleError
from apps.core.scoping import can
from apps.members.choices import AuditEventType
from apps.members.models import Person

PERM_CHANGE = "members.change"


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


@audit.service
def person_link_user(*, actor: Any, person: Person, user: Any) -> Person:
    """Link a member's record to their login, so the member sees their own record.

    One record per login: a login already linked to another record is refused. Linking the login the record
    already has changes nothing. ``actor`` None is the system; anyone else needs ``members.change`` on the
    organization holding the record (otherwise the record answers like a missing one).
    """
    if actor is not None and not can(actor, PERM_CHANGE, person.organization_id):
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")
    locked = Person.objects.select_for_update().get(pk=person.pk)  # (no join: PostgreSQL locks no nullable side)
    if locked.user_id == user.pk:
        return locked
    if Person.objects.filter(user=user).exclude(pk=locked.pk).exists():
        # (the other record is not named: it may lie outside the actor's scope)
        raise DomainError(
            _("Tài khoản %(u)s đã gắn với một hồ sơ đảng viên khác.") % {"u": user.get_username()},
            field="user",
            code="user_linked",
        )
    before = {"user": _username(locked.user)}
    locked.user = user
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save(update_fields=["user", "version", "updated_at"])
    audit.changed_everything()  # the user's own record is part of what their pages show
    audit.record(
        actor=actor,
        event_type=AuditEventType.USER_LINKED,
        target=locked,
        organization_id=locked.organization_id,
        before=before,
        after={"user": _username(user)},
    )
    return locked
