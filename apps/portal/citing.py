"""The one place the portal meets the document registry: citations of Party documents in an article's text
("Quyết định số 1628-QĐ/TU, ngày 27-6-2019") become links to the registered document, and a published article is
recorded as citing the documents it names ("cited by" on the document's page, search).

The registry (``apps.documents.linking``: ``link_citations_html``, ``index_citations``) is imported lazily: without
it the text is only escaped and nothing is recorded, so the portal works on its own.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


def _registry(name: str) -> Any:
    try:
        module = importlib.import_module("apps.documents.linking")
    except ImportError:
        return None
    return getattr(module, name, None)


def link_html(text: str, user: Any = None) -> SafeString:
    """``text`` escaped, each citation of a registered document the reader may see wrapped in a link to it."""
    link = _registry("link_citations_html")
    if link is None:
        return SafeString(conditional_escape(text))
    return link(text, user)  # type: ignore[no-any-return]


def index(source: Any, text: str) -> None:
    """Record which registered documents ``source`` (a published article) cites."""
    record = _registry("index_citations")
    if record is not None:
        record(source, text)
