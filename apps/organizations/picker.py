"""The organization picker: how a form field chooses one organization at any scale.

Up to :data:`SELECT_MAX` choices the field is a plain ``<select>``. Beyond, it is a text box: the user types a
code or part of a name and HTMX asks ``GET /to-chuc/chon/?t=<token>`` for up to :data:`PICK_LIMIT` matches,
shown as radio buttons under the box; the chosen one's id is what the form submits. Without JavaScript the
typed text goes with the form, and an exact code (or an id) is accepted by the field like a choice.

The token is the field's choices, signed (``django.core.signing``) for the user the form was built for: the
user's id, the permission the queryset was scoped with (``visible_to``), and the ids of the queryset as
runs. The endpoint refuses a token of another user or an old one, and answers from
``Organization.objects.visible_to(request.user, perm)`` restricted to those ids: never more than the field
would accept, and never more than the user may see now.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.text import nfc
from apps.organizations.models import Organization

#: up to this many choices the field stays a <select>
SELECT_MAX = 50
#: the most organizations one search answers
PICK_LIMIT = 20
#: a token serves this long (a form left open over a working day still searches)
TOKEN_MAX_AGE = 12 * 3600
_SALT = "organizations.picker"


def _runs(ids: list[int]) -> list[int]:
    """Sorted ids as [gap, length, gap, length, ...]: the ids of a subtree are mostly consecutive."""
    ordered = sorted(set(ids))
    out: list[int] = []
    last = i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out += [ordered[i] - last, ordered[j] - ordered[i] + 1]
        last, i = ordered[j], j + 1
    return out


def _ranges(runs: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    last = 0
    for gap, length in zip(runs[::2], runs[1::2], strict=True):
        start = last + gap
        out.append((start, start + length - 1))
        last = start + length - 1
    return out


def make_token(queryset: QuerySet[Organization], name: str, ids: list[int]) -> str | None:
    """The signed description of a field's choices, or None when the queryset was not scoped to a user."""
    scoped = getattr(queryset, "scoped_for", None)
    if scoped is None:
        return None
    user_id, perm = scoped
    return signing.dumps({"u": user_id, "p": perm, "n": name, "r": _runs(ids)}, salt=_SALT, compress=True)


class BadToken(Exception):
    pass


def read_token(token: str, user: Any) -> tuple[QuerySet[Organization], str]:
    """The choices a token describes, scoped again for ``user``, and the field name; BadToken if it is not
    this user's, altered or too old."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
        ranges = _ranges(list(data["r"]))
        user_id, perm, name = data["u"], str(data["p"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc
    if user_id != getattr(user, "pk", None):
        raise BadToken
    scoped = Organization.objects.visible_to(user, perm)
    if not ranges:
        return scoped.none(), name
    if len(ranges) <= 100:
        within = Q()
        for first, last in ranges:
            within |= Q(pk__range=(first, last))
        return scoped.filter(within), name
    return scoped.filter(pk__in=[pk for first, last in ranges for pk in range(first, last + 1)]), name


def resolve(queryset: QuerySet[Organization] | None, value: Any) -> Organization | None:
    """The organization of ``queryset`` a submitted value names: an id, else an exact code (any case)."""
    if queryset is None or value in (None, ""):
        return None
    if isinstance(value, Organization):
        return queryset.filter(pk=value.pk).first()
    text = nfc(str(value)).strip()
    if text.isdigit():
        found = queryset.filter(pk=int(text)).first()
        if found is not None:
            return found
    return queryset.filter(code__iexact=text).first() if text else None


def typed_name(name: str) -> str:
    """The name of the text box beside a field called ``name``."""
    return f"{name}_q"


class OrganizationPicker(forms.Select):
    """A <select> for a few choices, a search box with HTMX results for many (see the module's docstring)."""

    template_name_picker = "organizations/widgets/organization_picker.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        picked = data.get(name)
        if picked not in (None, ""):
            return picked
        typed = data.get(typed_name(name))
        return typed.strip() if isinstance(typed, str) and typed.strip() else picked

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and typed_name(name) not in data

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        queryset: QuerySet[Organization] | None = getattr(self.choices, "queryset", None)
        if queryset is None:
            return super().render(name, value, attrs, renderer)
        ids = list(queryset.order_by().values_list("pk", flat=True))
        token = make_token(queryset, name, ids) if len(ids) > SELECT_MAX else None
        if token is None:
            return super().render(name, value, attrs, renderer)
        selected = resolve(queryset, value)
        typed = "" if selected is not None and str(value) == str(selected.pk) else ("" if value is None else str(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        context = {
            "name": name,
            "typed_name": typed_name(name),
            "id": final_attrs.get("id") or f"id_{name}",
            "typed": typed,
            "selected": selected,
            "token": token,
            "count": len(ids),
            "describedby": final_attrs.get("aria-describedby", ""),
            "invalid": final_attrs.get("aria-invalid", ""),
        }
        return mark_safe(render_to_string(self.template_name_picker, context))
