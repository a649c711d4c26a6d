"""Who is acting and under which request: set by the middleware, by commands and by tasks."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActionContext:
    request_id: uuid.UUID
    source: str = "web"  # web, api, command, task


_current: ContextVar[ActionContext | None] = ContextVar("dangbo_action_context", default=None)


def current() -> ActionContext:
    ctx = _current.get()
    if ctx is None:
        return ActionContext(request_id=uuid.uuid4(), source="unknown")
    return ctx


@contextlib.contextmanager
def action_context(source: str, request_id: uuid.UUID | None = None) -> Iterator[ActionContext]:
    ctx = ActionContext(request_id=request_id or uuid.uuid4(), source=source)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_for_request(source: str) -> Any:
    return _current.set(ActionContext(request_id=uuid.uuid4(), source=source))


def reset(token: Any) -> None:
    _current.reset(token)
