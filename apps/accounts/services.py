from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.choices import AuditEventType, Role
from apps.accounts.models import ApiToken, RoleAssignment, hash_token
from apps.core import audit
from apps.core.errors import DomainError, NotVisibleError
from apps.core.scoping import can
from apps.organizations.models import Organization

User = get_user_model()


@audit.service
def user_create(
    *, actor: Any, username: str, password: str | None, full_name: str = "", email: str = "", is_superuser: bool = False
) -> Any:
    if User.objects.filter(username=username).exists():
        raise DomainError(_("Tên đăng nhập “%(u)s” đã có.") % {"u": username}, field="username", code="duplicate")
    first, _sep, last = full_name.rpartition(" ")
    user = User(
        username=username,
        email=email,
        first_name=first,
        last_name=last or full_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        event_type="user.created",
        target_type="auth.user",
        target_id=user.pk,
        target_repr=username,
        organization_id=None,
        after={"username": username, "is_superuser": is_superuser},
    )
    return user


@audit.service
def role_grant(
    *, actor: Any, user: Any, role: str, organization: Organization, valid_from: dt.date | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."), field="role", code="invalid_role")
    if actor is not None and not can(actor, "organizations.change", organization.id):
        raise NotVisibleError(_("Không tìm thấy tổ chức."), code="not_found")
    assignment = RoleAssignment(user=user, role=role, organization=organization, valid_from=valid_from or timezone.localdate())
    assignment.full_clean()
    assignment.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.ROLE_GRANTED,
        target=assignment,
        organization_id=organization.id,
        after={"user": user.get_username(), "role": role, "organization": organization.code, "valid_from": assignment.valid_from},
    )
    return assignment


@audit.service
def role_end(*, actor: Any, assignment: RoleAssignment, on_date: dt.date | None = None) -> RoleAssignment:
    if actor is not None and not can(actor, "organizations.change", assignment.organization_id):
        raise NotVisibleError(_("Không tìm thấy."), code="not_found")
    on_date = on_date or timezone.localdate()
    if on_date <= assignment.valid_from:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="valid_to", code="bad_interval")
    assignment.valid_to = on_date
    assignment.version += 1
    assignment.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.ROLE_ENDED,
        target=assignment,
        organization_id=assignment.organization_id,
        after={"valid_to": on_date},
    )
    return assignment


@audit.service
def api_token_create(*, actor: Any, user: Any, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token; answers the row and the raw key, which is never stored and shown only once."""
    raw = ApiToken.generate()
    token = ApiToken(user=user, name=name, prefix=raw[4:12], key_hash=hash_token(raw), expires_at=expires_at)
    token.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.TOKEN_CREATED,
        target=token,
        organization_id=None,
        after={"user": user.get_username(), "name": name},
    )
    return token, raw


def api_token_user(raw: str) -> Any | None:
    """The active user a raw token belongs to, or None. Not a write: last use is not recorded per call."""
    if not raw or not raw.startswith("dgb_"):
        return None
    token = ApiToken.objects.filter(key_hash=hash_token(raw), revoked_at__isnull=True).select_related("user").first()
    if token is None:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    if not token.user.is_active:
        return None
    return token.user
