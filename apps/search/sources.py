"""The kinds of record the one search box finds. Each source reads through its app's scoped selectors, so a user
finds only what they may open; each returns hits ranked best first."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from apps.core.dates import format_date
from apps.search.highlight import highlight
from apps.search.query import Query


@dataclass
class Hit:
    kind: str
    title: SafeString
    url: str
    snippet: SafeString | str = ""
    meta: str = ""
    because: str = ""  # why it was found when not by its own words ("trích dẫn Quyết định 1628-QĐ/TU")


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    search: Callable[[Any, Query, int], list[Hit]]
    public: bool = False  # answers anonymous visitors too (published articles)


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.key] = source
    return source


# --- documents ---------------------------------------------------------------------------------------------------


def matching_documents(user: Any, query: Query, limit: int) -> list[Any]:
    """Registered documents the query names (by symbol, or by type and number) first, then those whose symbol,
    title or issuing body hold every word; only those the user may see. Read once per search (``query.memo``): the
    documents found are also where "what cites them" starts."""
    cached = query.memo.get("documents")
    if cached is not None and cached[0] >= limit:
        return list(cached[1][:limit])
    found = _matching_documents(user, query, limit)
    query.memo["documents"] = (limit, found)
    return found


def _matching_documents(user: Any, query: Query, limit: int) -> list[Any]:
    from apps.core.search import filter_folded
    from apps.documents.citations import TYPE_NAMES
    from apps.documents.selectors import documents_readable, ranked

    visible = documents_readable(user)
    named: list[Any] = []
    ref = query.document
    if ref is not None:
        if ref.symbol:
            qs = visible.filter(symbol=ref.symbol)
        else:
            codes = [code for code, name in TYPE_NAMES.items() if name == ref.type_name]
            qs = visible.filter(number__in={ref.number, (ref.number or "").lstrip("0")}, type_code__in=codes)
            if ref.year:
                qs = qs.filter(Q(symbol__contains=f"/{ref.year}/") | Q(issued_on__year=int(ref.year)))
        named = list(qs.order_by("-issued_on", "-id")[:limit])
    rest = filter_folded(visible, query.text, "search_folded").exclude(pk__in=[d.pk for d in named])
    return named + ranked(list(rest.order_by("-issued_on", "-id")[: limit * 4]), query.text)[: max(0, limit - len(named))]


def _documents(user: Any, query: Query, limit: int) -> list[Hit]:
    hits = []
    for doc in matching_documents(user, query, limit):
        heading = f"{doc.get_type_code_display()} {doc.symbol}"
        hits.append(
            Hit(
                kind="documents",
                title=highlight(heading, query.words),
                url=reverse("documents:detail", args=[doc.pk]),
                snippet=highlight(doc.title, query.words, around=120),
                meta=" · ".join(x for x in (format_date(doc.issued_on) if doc.issued_on else "", doc.issuing_body) if x),
            )
        )
    return hits


def _cited_by(user: Any, query: Query, limit: int) -> list[Hit]:
    """What cites the documents the query names: articles, reorganizations, resolutions, minutes."""
    from apps.documents.selectors import cited_by

    if query.document is None:
        return []
    hits: list[Hit] = []
    seen: set[str] = set()
    for doc in matching_documents(user, query, 5):
        for row in cited_by(user, doc, limit=limit):
            if row.url in seen:
                continue
            seen.add(row.url)
            hits.append(
                Hit(
                    kind="cited",
                    title=SafeString(highlight(row.describe, query.words)),
                    url=row.url,
                    snippet=highlight(row.text, query.words, around=120),
                    meta=str(row.source_name),
                    because=_("trích dẫn %(doc)s") % {"doc": f"{doc.get_type_code_display()} {doc.symbol}"},
                )
            )
    return hits[:limit]


# --- members -----------------------------------------------------------------------------------------------------


def _members(user: Any, query: Query, limit: int) -> list[Hit]:
    from apps.members.selectors import search_people

    if not user.is_authenticated or query.document is not None:
        return []
    return [
        Hit(
            kind="members",
            title=highlight(p.full_name, query.words),
            url=reverse("members:detail", args=[p.pk]),
            meta=" · ".join(x for x in (p.organization.name if p.organization_id else "", str(p.birth_date.year)) if x),
        )
        for p in search_people(user, query.text, limit=limit)
    ]


# --- organizations ----------------------------------------------------------------------------------------------


def _organizations(user: Any, query: Query, limit: int) -> list[Hit]:
    from apps.organizations.selectors import search_organizations

    if not user.is_authenticated or query.document is not None:
        return []
    return [
        Hit(
            kind="organizations",
            title=highlight(o.name, query.words),
            url=reverse("organizations:detail", args=[o.pk]),
            meta=" · ".join(x for x in (o.code, o.get_kind_display(), str(_("đã kết thúc")) if o.ended_on else "") if x),
        )
        for o in search_organizations(user, query.text, limit=limit)
    ]


register(Source("documents", _("Văn bản"), _documents))
register(Source("cited", _("Nơi trích dẫn"), _cited_by))
register(Source("organizations", _("Tổ chức"), _organizations))
register(Source("members", _("Đảng viên"), _members))


@dataclass
class Group:
    source: Source
    hits: list[Hit] = field(default_factory=list)


# --- articles of the public portal ------------------------------------------------------------------------------


def _articles(user: Any, query: Query, limit: int) -> list[Hit]:
    """Published articles (anyone, signed in or not) whose title, lead or body holds every word of the query."""
    from apps.portal.selectors import public_articles
    from apps.search.fulltext import match, order

    qs = match(public_articles(), "search_folded", query.folded).select_related("category")
    rows = order(list(qs.order_by("-publish_at")[: limit * 4]), query.folded, lambda a: a.search_folded, lambda a: a.title)
    hits = []
    for article in rows[:limit]:
        text = " ".join(x for x in (article.lead, _plain(article.body)) if x)
        hits.append(
            Hit(
                kind="articles",
                title=highlight(article.title, query.words),
                url=article.get_absolute_url(),
                snippet=highlight(text, query.words, around=120),
                meta=" · ".join(x for x in (article.category.name, format_date(article.publish_at.date())) if x),
            )
        )
    return hits


def _plain(body: str) -> str:
    """The body's text without the portal's markup (figures, headings, quotes, bold)."""
    text = re.sub(r"\[\[[^\]]*\]\]", " ", body or "")
    return re.sub(r"(?m)^(#+|>)\s*|\*\*", "", text)


register(Source("articles", _("Bài viết"), _articles, public=True))
