"""``{% load documents_tags %}``: ``{{ text|cite_links:user }}``, a stored text with its citations linked to the
registry (``linking.link_citations_html``); ``{% cite_symbol symbol date issuer %}``, a decision's symbol stored
apart from its date, linked to the registry entry of that date (``linking.link_symbol_html``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from apps.documents.linking import link_citations_html, link_symbol_html

register = template.Library()


@register.filter(is_safe=True)
def cite_links(text: Any, user: Any = None) -> SafeString:
    return link_citations_html("" if text is None else str(text), user)


@register.simple_tag(takes_context=True)
def cite_symbol(context: dict[str, Any], symbol: Any, day: Any = None, body: Any = "") -> SafeString:
    return link_symbol_html("" if symbol is None else str(symbol), day or None, context.get("user"), body=str(body or ""))
