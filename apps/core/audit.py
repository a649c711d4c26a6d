"""Services and their audit trail.

Every write in dangbo is a service: a function decorated with :func:`service`. The decorator opens a
transaction and marks the context so that :class:`apps.core.models.AuditedModel` accepts the save; a save
anywhere else raises :class:`WriteOutsideServiceError`. Each service records its audit events with
:func:`record` inside the same transaction, so a change and its audit row land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import models, transaction

from apps.core import context

if TYPE_CHECKING:
    from apps.core.models import AuditEvent

P = ParamSpec("P")
R = TypeVar("R")

_depth: ContextVar[int] = ContextVar("dangbo_service_depth", default=0)


class Changes:
    """What the outermost service of a transaction changed, announced to the page cache after the commit."""

    #: events on these kinds of records change what every reader may see (the tree's shape and names, accounts
    #: and roles, documents cited anywhere): they are announced as changing everything
    EVERYWHERE = (
        "organizations.organization",
        "organizations.organizationname",
        "organizations.reorganization",
        "organizations.parentlink",
        "accounts.",
        "auth.",
        "documents.",
    )

    def __init__(self) -> None:
        self.organizations: set[int] = set()
        self.people: set[int] = set()
        self.everything = False

    def add(self, organization_id: int | None, target_type: str, target_id: Any) -> None:
        if organization_id is None or target_type.startswith(self.EVERYWHERE):
            self.everything = True
            return
        self.organizations.add(int(organization_id))
        if target_type == "members.person" and target_id not in (None, ""):
            self.people.add(int(target_id))

    def announce(self) -> None:
        from apps.core import pagecache

        pagecache.changed(self.organizations, self.people, everything=self.everything)


_changes: ContextVar[Changes | None] = ContextVar("dangbo_service_changes", default=None)


def changed_everything() -> None:
    """Report a change that may alter what any reader sees (who a user is, which record is theirs)."""
    changes = _changes.get()
    if changes is not None:
        changes.everything = True


def changed(organization_ids: Iterable[int]) -> None:
    """Report organizations a service wrote without an audit event naming them (set-based writes whose one
    event sums them up)."""
    changes = _changes.get()
    if changes is not None:
        changes.organizations.update(organization_ids)


class WriteOutsideServiceError(RuntimeError):
    """An audited model was saved or deleted outside a service."""


def in_service() -> bool:
    return _depth.get() > 0


@contextmanager
def service_scope() -> Iterator[None]:
    """Open a transaction in which audited models may be written. Used by :func:`service`."""
    token = _depth.set(_depth.get() + 1)
    changes_token = _changes.set(Changes()) if _changes.get() is None else None
    try:
        with transaction.atomic():
            yield
            changes = _changes.get()
            if changes_token is not None and changes is not None:
                transaction.on_commit(changes.announce)
    finally:
        _depth.reset(token)
        if changes_token is not None:
            _changes.reset(changes_token)


_generation = 0


def generation() -> int:
    """Grows with every service run in this process; caches of derived reads (resolved scopes) compare it."""
    return _generation


def _bump() -> None:
    global _generation
    _generation += 1


def service(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _bump()
        try:
            with service_scope():
                return func(*args, **kwargs)
        finally:
            _bump()

    wrapper.is_service = True  # type: ignore[attr-defined]
    return wrapper


def to_jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a row, as JSON, for the before/after of an audit event."""
    data: dict[str, Any] = {}
    wanted = set(fields) if fields is not None else None
    for f in instance._meta.concrete_fields:
        if wanted is not None and f.name not in wanted:
            continue
        if f.name in {"id", "version", "updated_at", "created_at"} and wanted is None:
            continue
        data[f.name] = to_jsonable(getattr(instance, f.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, tuple[Any, Any]]:
    before = before or {}
    after = after or {}
    keys = sorted(set(before) | set(after))
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    event_type: str,
    target: models.Model | None = None,
    target_type: str | None = None,
    target_id: Any = None,
    target_repr: str = "",
    organization_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event. Must run inside a service (the same transaction as the change)."""
    from apps.core.models import AuditEvent

    if not in_service():
        raise WriteOutsideServiceError("audit.record() must be called inside a service")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
        target_repr = target_repr or str(target)
    changes = _changes.get()
    if changes is not None:
        changes.add(organization_id, target_type or "", target_id)
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_actor_label(actor),
        event_type=event_type,
        organization_id=organization_id,
        target_type=target_type or "",
        target_id=str(target_id) if target_id is not None else "",
        target_repr=target_repr[:300],
        before=to_jsonable(before) if before is not None else None,
        after=to_jsonable(after) if after is not None else None,
        request_id=ctx.request_id,
        source=ctx.source,
        note=note[:500],
    )


def record_many(events: list[dict[str, Any]], *, actor: Any) -> None:
    """Bulk form of :func:`record` for bulk operations (imports, mass reorganizations)."""
    from apps.core.models import AuditEvent

    if not in_service():
        raise WriteOutsideServiceError("audit.record_many() must be called inside a service")
    changes = _changes.get()
    if changes is not None:
        for e in events:
            changes.add(e.get("organization_id"), e.get("target_type", ""), e.get("target_id"))
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = _actor_label(actor)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=user,
                actor_label=label,
                event_type=e["event_type"],
                organization_id=e.get("organization_id"),
                target_type=e.get("target_type", ""),
                target_id=str(e.get("target_id", "")),
                target_repr=str(e.get("target_repr", ""))[:300],
                before=to_jsonable(e.get("before")),
                after=to_jsonable(e.get("after")),
                request_id=ctx.request_id,
                source=ctx.source,
                note=str(e.get("note", ""))[:500],
            )
            for e in events
        ],
        batch_size=2000,
    )


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    username = getattr(actor, "get_username", None)
    if callable(username) and getattr(actor, "is_authenticated", False):
        return str(username())
    return "system"
