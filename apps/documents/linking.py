"""Citations in stored text, linked to the registry.

:func:`link_citations_html` escapes a text and wraps each citation the parser finds (``citations.find_citations``):

* in a link to the registry entry (``<a href="/van-ban/<pk>/" class="cite">``) when a document the reader may see
  matches it (for a visitor who is not logged in, a public document), matched as the index does
  (``services.resolve``: symbol and date; symbol alone when the citation has no date);
* else, for a reader who may register documents (``documents.change`` somewhere), in a link to the register form
  prefilled from the citation (``/van-ban/them/?symbol=...&ngay=...``), marked ``cite cite-new``;
* else it stays plain text.

:func:`link_symbol_html` does the same for a symbol stored apart from its date (a reorganization's decision, a
resolution), so the right one of several documents with the same number is linked.

Nothing of the text is trusted: every part, the citations included, is escaped before it is wrapped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from apps.core.dates import format_date
from apps.core.scoping import has_scope
from apps.documents import selectors
from apps.documents.choices import KIND_BY_NAME
from apps.documents.citations import Citation, canonical_symbol, find_citations
from apps.documents.models import Document
from apps.documents.services import resolve


def register_url(c: Citation) -> str:
    """The register form, prefilled from a citation."""
    query: dict[str, str] = {"symbol": c.symbol}
    if c.date is not None:
        query["ngay"] = format_date(c.date, "dash")
    if c.body:
        query["co_quan"] = c.body
    kind = KIND_BY_NAME.get(c.type)
    if kind:
        query["loai"] = kind
    return f"{reverse('documents:register')}?{urlencode(query)}"


def _wrap(c: Citation, doc: Document | None, inner: str, register_links: bool) -> str:
    if doc is not None:
        return format_html('<a href="{}" class="cite" title="{}">{}</a>', doc.get_absolute_url(), doc.title, inner)
    if register_links:
        return format_html(
            '<a href="{}" class="cite cite-new" title="{}">{}</a>',
            register_url(c),
            gettext("Chưa có trong sổ văn bản: bấm để đăng ký"),
            inner,
        )
    return escape(inner)


def _may_register(user: Any, register_links: bool | None) -> bool:
    if register_links is not None:
        return register_links
    return bool(getattr(user, "is_authenticated", False)) and has_scope(user, selectors.PERM_CHANGE)


def link_symbol_html(
    symbol: str, day: dt.date | None, user: Any, *, body: str = "", register_links: bool | None = None
) -> SafeString:
    """A symbol stored apart from its date (a decision's ``decision_symbol`` and ``decision_date``), linked like a
    citation of that symbol on that day."""
    symbol = "" if symbol is None else str(symbol)
    canonical = canonical_symbol(symbol) if symbol.strip() else None
    found = find_citations(canonical) if canonical else []
    if len(found) != 1:
        return mark_safe(escape(symbol))  # escaped
    c = dataclasses.replace(found[0], date=day, body=body or found[0].body, text=symbol)
    doc = resolve([c], selectors.documents_readable(user))[0]
    return mark_safe(_wrap(c, doc, symbol, _may_register(user, register_links)))  # escaped


def link_citations_html(text: str, user: Any, *, register_links: bool | None = None) -> SafeString:
    text = "" if text is None else str(text)
    found = find_citations(text)
    if not found:
        return mark_safe(escape(text))  # escaped
    documents = resolve(found, selectors.documents_readable(user))
    may_register = _may_register(user, register_links)
    parts: list[str] = []
    pos = 0
    for c, doc in zip(found, documents, strict=True):
        parts.append(escape(text[pos : c.start]))
        parts.append(_wrap(c, doc, text[c.start : c.end], may_register))
        pos = c.end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # every part escaped above
