"""Reads of the documents app, scoped to the user: the registry (filters, search, derived status), a document's
links both ways and the texts that cite it.

Status as of a day D (never stored): **replaced** when a visible-or-not document replaces it from D or earlier;
else **expired** when its own ``expires_on`` has come; else **amended** when a document amends it from D or
earlier; else **in force**. A link without ``effective_on`` counts from the day it was recorded onwards (its date is
the source document's, unknown or not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.fields import CharField
from django.http import Http404
from django.utils import timezone

from apps.core.scoping import get_visible_or_404, has_scope
from apps.core.search import filter_folded, rank
from apps.core.text import fold
from apps.documents.choices import INVERSE_LABELS, LinkKind, Status
from apps.documents.models import CitationRef, Document, DocumentLink

PERM_VIEW = "documents.view"
PERM_CHANGE = "documents.change"


def documents_visible(user: Any, perm: str = PERM_VIEW) -> QuerySet[Document]:
    return Document.objects.visible_to(user, perm).select_related("organization")


def documents_readable(user: Any) -> QuerySet[Document]:
    """What a reader may open: the registry in the user's scope, or only the public documents for a visitor who is
    not logged in (the portal's readers)."""
    if user is not None and getattr(user, "is_authenticated", False) and has_scope(user, PERM_VIEW):
        return Document.objects.visible_to(user, PERM_VIEW)
    return Document.objects.public()


def document_get(user: Any, pk: int, perm: str = PERM_VIEW) -> Document:
    return get_visible_or_404(documents_visible(user, perm), user, perm, pk=pk)


def _in_effect(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}effective_on__isnull": True}) | Q(**{f"{prefix}effective_on__lte": day})


def with_status(qs: QuerySet[Document], day: dt.date | None = None) -> QuerySet[Document]:
    """Annotate ``status`` (a :class:`Status` value) as of ``day`` (today by default)."""
    day = day or timezone.localdate()
    links = DocumentLink.objects.filter(target=OuterRef("pk")).filter(_in_effect(day))
    return qs.annotate(
        status=Case(
            When(Exists(links.filter(kind=LinkKind.REPLACES)), then=Value(Status.REPLACED.value)),
            When(expires_on__lte=day, then=Value(Status.EXPIRED.value)),
            When(Exists(links.filter(kind=LinkKind.AMENDS)), then=Value(Status.AMENDED.value)),
            default=Value(Status.IN_FORCE.value),
            output_field=CharField(),
        )
    )


@dataclass
class Filters:
    q: str = ""
    type_code: str = ""
    issuer: str = ""
    year: int | None = None
    status: str = ""


def registry(user: Any, filters: Filters, day: dt.date | None = None) -> QuerySet[Document]:
    """The registry as the list shows it: visible documents, filtered, with their status, latest first."""
    qs = with_status(documents_visible(user), day)
    if filters.type_code:
        qs = qs.filter(type_code=filters.type_code)
    if filters.issuer:
        qs = qs.filter(issuer_code=filters.issuer)
    if filters.year:
        qs = qs.filter(issued_on__year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)  # type: ignore[misc]  # the annotation of with_status
    if filters.q.strip():
        qs = filter_folded(qs, filters.q, "search_folded")
    return qs.order_by(F("issued_on").desc(nulls_last=True), "-id")


def ranked(docs: list[Document], query: str) -> list[Document]:
    """Search results with exact matches first: the symbol as typed, then the title (``core.search.rank``)."""
    if not query.strip():
        return docs
    folded = fold(query)
    exact = [d for d in docs if fold(d.symbol) == folded or fold(d.symbol).startswith(folded)]
    rest = [d for d in docs if d not in exact]
    return exact + rank(rest, query, lambda d: f"{d.title}", lambda d: "")


def issuers_in(qs: QuerySet[Document]) -> list[str]:
    return sorted(set(qs.order_by().values_list("issuer_code", flat=True)))


def years_in(qs: QuerySet[Document]) -> list[int]:
    years = {d.year for d in qs.order_by().exclude(issued_on=None).values_list("issued_on", flat=True) if d is not None}
    return sorted(years, reverse=True)


# ---------------------------------------------------------------- one document


@dataclass
class LinkRow:
    link: DocumentLink
    other: Document | None  # None: a document the user may not see
    label: str
    outgoing: bool


@dataclass
class StatusView:
    status: Status
    label: str
    because: LinkRow | None = None  # the link that makes it so
    on: dt.date | None = None


@dataclass
class Links:
    outgoing: list[LinkRow] = field(default_factory=list)
    incoming: list[LinkRow] = field(default_factory=list)


def links_of(user: Any, document: Document) -> Links:
    """The document's links both ways; a linked document outside the user's scope is shown without its name."""
    visible = set(
        documents_readable(user).filter(Q(links_in__source=document) | Q(links_out__target=document)).values_list("pk", flat=True)
    )
    out = Links()
    for link in DocumentLink.objects.filter(source=document).select_related("target").order_by("kind", "id"):
        other = link.target if link.target_id in visible else None
        out.outgoing.append(LinkRow(link, other, str(LinkKind(link.kind).label), True))
    for link in DocumentLink.objects.filter(target=document).select_related("source").order_by("kind", "id"):
        other = link.source if link.source_id in visible else None
        out.incoming.append(LinkRow(link, other, str(INVERSE_LABELS[link.kind]), False))
    return out


def _link_day(row: LinkRow) -> dt.date | None:
    return row.link.effective_on or row.link.source.issued_on


def status_of(document: Document, links: Links, day: dt.date | None = None) -> StatusView:
    """The document's status as of ``day`` with the link (or the date) that makes it so."""
    day = day or timezone.localdate()

    def effective(row: LinkRow) -> bool:
        return row.link.effective_on is None or row.link.effective_on <= day

    replaced = [r for r in links.incoming if r.link.kind == LinkKind.REPLACES and effective(r)]
    if replaced:
        return StatusView(Status.REPLACED, str(Status.REPLACED.label), replaced[-1], _link_day(replaced[-1]))
    if document.expires_on is not None and document.expires_on <= day:
        return StatusView(Status.EXPIRED, str(Status.EXPIRED.label), None, document.expires_on)
    amended = [r for r in links.incoming if r.link.kind == LinkKind.AMENDS and effective(r)]
    if amended:
        return StatusView(Status.AMENDED, str(Status.AMENDED.label), amended[-1], _link_day(amended[-1]))
    return StatusView(Status.IN_FORCE, str(Status.IN_FORCE.label))


@dataclass
class CitedBy:
    source_name: str
    describe: str
    url: str
    text: str
    field: str


def cited_by(user: Any, document: Document, limit: int = 200) -> list[CitedBy]:
    """The stored texts that cite the document, each only if the user may see the row it belongs to."""
    from apps.documents.sources import SOURCES

    refs = list(
        CitationRef.objects.filter(document=document)
        .select_related("content_type")
        .order_by("content_type_id", "object_id", "start")[: limit * 2]
    )
    by_label: dict[str, list[CitationRef]] = {}
    for ref in refs:
        by_label.setdefault(f"{ref.content_type.app_label}.{ref.content_type.model}", []).append(ref)
    out: list[CitedBy] = []
    for label, rows in by_label.items():
        source = SOURCES.get(label)
        if source is None or not source.installed():
            continue
        qs = source.visible_rows(user).filter(pk__in={r.object_id for r in rows})
        if source.related:
            qs = qs.select_related(*source.related)
        objects = {obj.pk: obj for obj in qs}
        seen: set[int] = set()  # one line per citing row, with its first citation
        for ref in rows:
            obj = objects.get(ref.object_id)
            if obj is None or ref.object_id in seen:
                continue
            seen.add(ref.object_id)
            out.append(CitedBy(str(source.name), source.describe(obj), source.url(obj), ref.text, ref.field))
    return out[:limit]


def document_read(user: Any, pk: int) -> Document:
    """A document as its page and file show it: within ``documents_readable`` (public ones for anyone), else 404."""
    try:
        return documents_readable(user).select_related("organization").get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("Không tìm thấy") from exc
