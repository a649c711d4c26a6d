"""The rating history block other apps' pages include (``{% include "ratings/_member_history.html" %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.core.scoping import has_scope
from apps.ratings import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def member_ratings(context: Any, person: Any) -> list[Any]:
    """The member's reviews the viewer may see (the member sees their own), latest first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if person is None or user is None:
        return []
    reviews = list(selectors.member_history(user, person)[:20])
    can_open = has_scope(user, selectors.PERM_VIEW)
    for r in reviews:
        r.can_open = can_open  # type: ignore[attr-defined]
    return reviews
