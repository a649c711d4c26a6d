"""The documents API: the registry (list and search, one document with its links and who cites it), registering a
document and linking two, and parsing a text's citations with the registry entries they name.

Reads go through the selectors (``visible_to(user, "documents.view")``: an internal document within its registry's
scope, a public one for anyone who holds the permission somewhere); writes call the services, which check
``documents.change`` on the registry's organization, and re-check inside their transaction that the result is
visible to the caller. A missing record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.core.search import filter_folded
from apps.documents import selectors, services
from apps.documents.citations import find_citations
from apps.documents.models import Document
from apps.documents.schemas import (
    CitationsIn,
    CitationsOut,
    DocumentDetailOut,
    DocumentIn,
    DocumentListQuery,
    DocumentPageOut,
    LinkCreatedOut,
    LinkIn,
)
from apps.organizations.selectors import organization_get
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["documents"])

PERM_VIEW = selectors.PERM_VIEW
PERM_CHANGE = selectors.PERM_CHANGE
DocumentId = Path(..., ge=1, le=MAX_ID, description="Document id")


def _gone() -> NotVisibleError:
    return NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")


def _out(doc: Document, status: str | None = None) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "symbol": doc.symbol,
        "number": doc.number,
        "type_code": doc.type_code,
        "type_name": doc.get_type_code_display(),
        "system": doc.system,
        "issuer_code": doc.issuer_code,
        "issuing_body": doc.issuing_body,
        "issued_on": doc.issued_on,
        "expires_on": doc.expires_on,
        "title": doc.title,
        "summary": doc.summary,
        "access": doc.access,
        "organization_id": doc.organization_id,
        "status": status if status is not None else getattr(doc, "status", ""),
        "has_file": bool(doc.file),
        "version": doc.version,
    }


def _detail(request: HttpRequest, doc: Document) -> dict[str, Any]:
    links = selectors.links_of(request.user, doc)
    status = selectors.status_of(doc, links)
    rows = [(row, "out") for row in links.outgoing] + [(row, "in") for row in links.incoming]
    return _out(doc, status.status.value) | {
        "status_label": status.label,
        "status_link_id": status.because.link.pk if status.because else None,
        "links": [
            {
                "id": row.link.pk,
                "kind": row.link.kind,
                "direction": direction,
                "label": row.label,
                "other_id": row.other.pk if row.other else None,
                "other_symbol": row.other.symbol if row.other else None,
                "effective_on": row.link.effective_on,
                "note": row.link.note,
            }
            for row, direction in rows
        ],
        "cited_by": [
            {"source": c.source_name, "describe": c.describe, "url": c.url, "text": c.text}
            for c in selectors.cited_by(request.user, doc)
        ],
    }


@router.get("/", response=responses(DocumentPageOut), summary="Sổ văn bản trong phạm vi: lọc và tìm kiếm")
def list_documents(request: HttpRequest, filters: Query[DocumentListQuery]) -> Any:
    """Latest first; ``q`` matches the symbol, the title and the issuing body without regard to diacritics."""
    qs = selectors.registry(
        request.user,
        selectors.Filters(
            type_code=filters.type_code.value if filters.type_code else "",
            issuer=filters.issuer,
            year=filters.year,
            status=filters.status.value if filters.status else "",
        ),
    )
    if filters.q.strip():
        qs = filter_folded(qs, filters.q, "search_folded")
    return {
        "total": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_out(d) for d in qs[filters.offset : filters.offset + filters.limit]],
    }


@router.post("/citations", response=responses(CitationsOut), summary="Tìm trích dẫn văn bản trong một đoạn văn")
def parse_citations(request: HttpRequest, payload: CitationsIn) -> Any:
    """Declared before ``/{document_id}`` so the path is not read as an id.

    Every document reference in ``text`` (offsets into the text as sent), each with the id of the registry entry
    the caller may read that it names (symbol and date; symbol alone when the citation has no date), or null."""
    found = find_citations(payload.text)
    documents = services.resolve(found, selectors.documents_readable(request.user))
    return {
        "citations": [
            {
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "symbol": c.symbol,
                "number": c.number,
                "type": c.type,
                "type_code": c.type_code,
                "issuer": c.issuer,
                "date": c.date,
                "body": c.body,
                "document_id": doc.pk if doc else None,
            }
            for c, doc in zip(found, documents, strict=True)
        ]
    }


@router.get("/{document_id}", response=responses(DocumentDetailOut), summary="Một văn bản, liên kết và nơi trích dẫn")
def get_document(request: HttpRequest, document_id: int = DocumentId) -> Any:
    return _detail(request, selectors.document_get(request.user, document_id))


@router.post("/", response=responses(DocumentDetailOut, status=201, write=True), summary="Đăng ký văn bản")
def register_document(request: HttpRequest, payload: DocumentIn) -> Any:
    """A duplicate identity (issuer, kind, number, date) answers 422 with ``field: symbol``, code ``duplicate``."""
    with transaction.atomic():
        org = organization_get(request.user, pk=payload.organization_id, perm=PERM_CHANGE)
        data = payload.dict(exclude={"organization_id", "type_code", "access"})
        doc = services.document_register(
            actor=request.user,
            organization=org,
            type_code=payload.type_code.value if payload.type_code else "",
            access=payload.access.value,
            **data,
        )
        if not selectors.documents_visible(request.user).filter(pk=doc.pk).exists():
            raise _gone()
        return 201, _detail(request, selectors.document_get(request.user, doc.pk))


@router.post(
    "/{document_id}/links", response=responses(LinkCreatedOut, status=201, write=True), summary="Liên kết với văn bản khác"
)
def link_document(request: HttpRequest, payload: LinkIn, document_id: int = DocumentId) -> Any:
    """This document amends, replaces, implements or cites ``target_id`` (a document the caller may read). A
    self-link or a cycle of replacements answers 422."""
    with transaction.atomic():
        source = selectors.document_get(request.user, document_id, PERM_CHANGE)
        target = selectors.document_get(request.user, payload.target_id)
        link = services.document_link(
            actor=request.user,
            source=source,
            target=target,
            kind=payload.kind.value,
            effective_on=payload.effective_on,
            note=payload.note,
        )
        return 201, link
