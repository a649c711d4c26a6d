"""The one place the portal meets the document registry (``apps.documents``): citations of Party documents in an
article's text ("Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy") become links to the
registered document the reader may see, and a published article is recorded as citing the documents it names
("cited by" on the document's page, search).

The registry is imported lazily and only here: without it the text is only escaped and nothing is recorded, so the
portal works on its own and no portal module imports the documents app at load time.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def link_html(text: str, user: Any = None) -> SafeString:
    """``text`` escaped, each citation of a registered document the reader may see wrapped in a link to it."""
    linking = _module("apps.documents.linking")
    link = getattr(linking, "link_citations_html", None)
    if link is None:
        return SafeString(conditional_escape(text))
    return link(text, user)  # type: ignore[no-any-return]


def index(source: Any, actor: Any = None) -> None:
    """Record which registered documents ``source`` (a published article) cites, field by field (title, lead,
    body), dated by its publication for citations written without a date."""
    services = _module("apps.documents.services")
    sources = _module("apps.documents.sources")
    record = getattr(services, "index_citations", None)
    entry = sources.source_for(source) if sources is not None and hasattr(sources, "source_for") else None
    if record is None or entry is None:
        return
    on = entry.date_of(source)
    for field, text in entry.texts(source).items():
        record(source, field, text, on=on, actor=actor)
