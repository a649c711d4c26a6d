"""The one domain error type. Messages are Vietnamese first, translated through Django's i18n."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass
class DomainError(Exception):
    """A rule of the domain refused an operation. Nothing was changed."""

    message: str
    code: str = "invalid"
    field: str | None = None
    row: int | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(self.field)
        prefix = f"[{', '.join(parts)}] " if parts else ""
        return f"{prefix}{self.message}"


class StaleObjectError(DomainError):
    """Someone else saved the record after the form was opened."""


class NotVisibleError(DomainError):
    """The record does not exist or lies outside the user's scope (both answer the same)."""


def from_validation(exc: Any) -> DomainError:
    """A model's ``ValidationError`` as the domain error of its first field (``field`` None for the whole row)."""
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
    else:
        field, messages = None, exc.messages
    return DomainError(" ".join(str(m) for m in messages), code="invalid", field=None if field in (None, "__all__") else field)


def full_clean(instance: Any, **kwargs: Any) -> None:
    """``instance.full_clean(**kwargs)``, answering a :class:`DomainError` instead of a ``ValidationError``."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise from_validation(exc) from exc
