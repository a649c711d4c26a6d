"""The one place where the meetings' writes announce what they changed.

Every service in :mod:`apps.meetings.services` that writes a meeting or an attendance row calls
:func:`changed` with the organization and the month (first day) the change belongs to, inside its
transaction. A rollup of regularity and attendance per organization per month registers a listener here
(``register``) and recomputes those keys in the same transaction, so no read ever scans the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

Listener = Callable[[set[tuple[int, dt.date]]], None]

_listeners: list[Listener] = []


def register(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def unregister(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def changed(keys: Iterable[tuple[int, dt.date]]) -> None:
    """``keys``: (organization id, first day of the month) pairs whose meetings or attendance changed."""
    wanted = {(org_id, month.replace(day=1)) for org_id, month in keys}
    if not wanted:
        return
    for listener in list(_listeners):
        listener(wanted)
