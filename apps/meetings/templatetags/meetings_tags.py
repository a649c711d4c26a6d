from __future__ import annotations

from typing import Any

from django import template

from apps.meetings import selectors

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """Unread notices of the user (the header's badge); asked only for users linked to a member record."""
    return selectors.unread_count(user)
