"""Writes of the documents app: register a document, correct it, attach its file, link documents, and keep the
index of citations that stored texts make of them.

Every service checks ``documents.change`` on the registry's organization and records its audit event in the same
transaction. A document's identity is its issuer, kind, number and date: a second entry with the same identity is
refused, naming the field. A typed symbol is normalized (``citations.canonical_symbol``) and must agree with the
kind chosen; the number and issuer are read from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, scoping
from apps.core.dates import format_date
from apps.core.errors import DomainError, StaleObjectError, full_clean
from apps.core.text import fold, nfc
from apps.documents import citations
from apps.documents.choices import KIND_BY_NAME, KIND_NAMES, STATE_ONLY, Access, AuditEventType, DocumentSystem, LinkKind
from apps.documents.models import CitationRef, Document, DocumentLink
from apps.organizations.models import Organization

PERM_CHANGE = "documents.change"
PERM_VIEW = "documents.view"

MAX_FILE_BYTES = 20 * 1024 * 1024
# What a registry file may be, by extension and by its first bytes (a renamed file is refused).
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}

_PARTY_SHAPE = re.compile(r"^\d+[a-z]?-")


def _stale() -> StaleObjectError:
    return StaleObjectError(
        _("Bản ghi đã được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; hãy tải lại trang."),
        code="stale",
    )


# ---------------------------------------------------------------- identity


@dataclass(frozen=True)
class Identity:
    symbol: str
    number: str
    type_code: str
    issuer_code: str
    system: str


def identity_of(raw_symbol: str, type_code: str = "") -> Identity:
    """The identity a typed symbol gives, with the kind chosen (or read from the symbol when none is)."""
    symbol = citations.canonical_symbol(nfc(raw_symbol))
    if symbol is None:
        raise DomainError(
            _("Số, ký hiệu “%(s)s” không đúng dạng (ví dụ 1628-QĐ/TU, 07-QĐi/TW, 13/2023/NĐ-CP).") % {"s": raw_symbol},
            field="symbol",
            code="bad_symbol",
        )
    system = DocumentSystem.PARTY if _PARTY_SHAPE.match(symbol) else DocumentSystem.STATE
    name = KIND_NAMES.get(type_code) if type_code else None
    if type_code and name is None:
        raise DomainError(_("Loại văn bản không hợp lệ."), field="type_code", code="bad_type")
    found = citations.find_citations(f"{name} {symbol}" if name else symbol)
    if len(found) != 1 or found[0].symbol != symbol:
        raise DomainError(
            _("Số, ký hiệu “%(s)s” không đúng dạng (ví dụ 1628-QĐ/TU, 07-QĐi/TW, 13/2023/NĐ-CP).") % {"s": raw_symbol},
            field="symbol",
            code="bad_symbol",
        )
    cited = found[0]
    kind = KIND_BY_NAME.get(cited.type)
    if type_code and kind != type_code:
        raise DomainError(
            _("Loại văn bản (%(t)s) không khớp với ký hiệu %(s)s, là của %(k)s.")
            % {"t": name, "s": symbol, "k": cited.type.lower()},
            field="type_code",
            code="type_mismatch",
        )
    if kind is None:
        raise DomainError(
            _("Sổ văn bản chưa có loại “%(k)s” của ký hiệu %(s)s.") % {"k": cited.type, "s": symbol},
            field="type_code",
            code="bad_type",
        )
    if kind in STATE_ONLY and system == DocumentSystem.PARTY:
        raise DomainError(
            _("%(k)s là văn bản của Nhà nước; ký hiệu phải có dạng 13/2023/NĐ-CP.") % {"k": name or cited.type},
            field="symbol",
            code="type_mismatch",
        )
    return Identity(symbol, cited.number, kind, cited.issuer, system)


def _duplicate(identity: Identity, issued_on: dt.date | None, exclude: int | None = None) -> Document | None:
    same = Q(issuer_code=identity.issuer_code, type_code=identity.type_code, number=identity.number) | Q(symbol=identity.symbol)
    qs = Document.objects.filter(same).filter(issued_on=issued_on) if issued_on else Document.objects.filter(same, issued_on=None)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


DUPLICATE_IN_ENGLISH = (
    "Number and symbol: document %(s)s of %(d)s is already registered (same issuer, type, number and date); if it is "
    "another document with the same number, check the date of issue."
)


def _refuse_duplicate(identity: Identity, issued_on: dt.date | None, exclude: int | None = None) -> None:
    twin = _duplicate(identity, issued_on, exclude)
    if twin is None:
        return
    when = format_date(issued_on, "dash") if issued_on else _("chưa rõ ngày")
    params = {"s": identity.symbol, "d": when}
    message = (
        _(
            "Số, ký hiệu: văn bản %(s)s ngày %(d)s đã có trong sổ (cùng cơ quan ban hành, loại, số và ngày); nếu là "
            "văn bản khác cùng số, hãy kiểm tra ngày ban hành."
        )
        % params
    )
    # said in English too, whatever the language (once, when the language is English)
    english = DUPLICATE_IN_ENGLISH % params
    raise DomainError(
        message if message == english else f"{message} / {english}",
        field="symbol",
        code="duplicate",
        params={"document_id": twin.pk},
    )


def check_file(upload: Any) -> None:
    """A registry file is a PDF or Word document (.pdf, .docx, .doc) of at most 20 MB whose content is what its name
    says; anything else is refused before anything is written."""
    name = str(getattr(upload, "name", "") or "").lower()
    ext = next((e for e in FILE_SIGNATURES if name.endswith(e)), None)
    if ext is None:
        raise DomainError(_("Tệp văn bản chỉ nhận PDF hoặc Word (.pdf, .docx, .doc)."), field="file", code="bad_file")
    size = getattr(upload, "size", None)
    if size is None or size > MAX_FILE_BYTES:
        raise DomainError(_("Tệp văn bản lớn hơn 20 MB."), field="file", code="file_too_large")
    if size == 0:
        raise DomainError(_("Tệp văn bản rỗng."), field="file", code="bad_file")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in FILE_SIGNATURES[ext]):
        raise DomainError(
            _("Nội dung tệp không phải %(ext)s như tên tệp cho biết.") % {"ext": ext.lstrip(".").upper()},
            field="file",
            code="bad_file",
        )


def _folded(doc: Document) -> str:
    return fold(f"{doc.symbol} {doc.title} {doc.issuing_body}")[:900]


def _resolve_pending(doc: Document) -> int:
    """Citations indexed before the document was registered now point to it (same symbol; same date or none)."""
    pending = CitationRef.objects.filter(document__isnull=True, symbol=doc.symbol)
    if doc.issued_on is not None:
        pending = pending.filter(Q(cited_on=doc.issued_on) | Q(cited_on__isnull=True))
    return pending.update(document=doc)


# ---------------------------------------------------------------- documents


@audit.service
def document_register(
    *,
    actor: Any,
    organization: Organization,
    symbol: str,
    issuing_body: str,
    title: str,
    issued_on: dt.date | None = None,
    type_code: str = "",
    summary: str = "",
    access: str = Access.INTERNAL,
    expires_on: dt.date | None = None,
    file: UploadedFile | None = None,
) -> Document:
    scoping.require(actor, PERM_CHANGE, organization.pk)
    identity = identity_of(symbol, type_code)
    _refuse_duplicate(identity, issued_on)
    if file is not None:
        check_file(file)
    doc = Document(
        organization=organization,
        system=identity.system,
        type_code=identity.type_code,
        number=identity.number,
        issuer_code=identity.issuer_code,
        symbol=identity.symbol,
        issuing_body=nfc(issuing_body),
        issued_on=issued_on,
        expires_on=expires_on,
        title=nfc(title),
        summary=summary.strip(),
        access=access,
    )
    doc.search_folded = _folded(doc)
    full_clean(doc, exclude=["organization", "file"])
    if file is not None:
        doc.file.save(file.name or "van-ban", file, save=False)
    doc.save()
    resolved = _resolve_pending(doc)
    audit.record(
        actor=actor,
        event_type=AuditEventType.REGISTERED,
        target=doc,
        organization_id=organization.pk,
        after=audit.snapshot(doc, _audited_fields()),
        note=_("%(n)s trích dẫn đã có nay trỏ tới văn bản này.") % {"n": resolved} if resolved else "",
    )
    return doc


def _audited_fields() -> list[str]:
    return [
        f.name
        for f in Document._meta.concrete_fields
        if f.name not in {"id", "search_folded", "version", "created_at", "updated_at"}
    ]


#: what :func:`document_update` may change
UPDATABLE = ("symbol", "type_code", "issued_on", "issuing_body", "title", "summary", "access", "expires_on")


@audit.service
def document_update(*, actor: Any, document: Document, expected_version: int, data: dict[str, Any]) -> Document:
    """Correct a registry entry (its identity too: the symbol is read again and the duplicate check rerun)."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    scoping.require(actor, PERM_CHANGE, doc.organization_id)
    if doc.version != expected_version:
        raise _stale()
    unknown = set(data) - set(UPDATABLE)
    if unknown:
        raise DomainError(_("Không sửa được trường %(f)s.") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    before = audit.snapshot(doc, _audited_fields())
    if "symbol" in data or "type_code" in data or "issued_on" in data:
        identity = identity_of(data.get("symbol", doc.symbol), data.get("type_code", doc.type_code))
        issued_on = data.get("issued_on", doc.issued_on)
        _refuse_duplicate(identity, issued_on, exclude=doc.pk)
        doc.symbol, doc.number, doc.type_code = identity.symbol, identity.number, identity.type_code
        doc.issuer_code, doc.system, doc.issued_on = identity.issuer_code, identity.system, issued_on
    for name in ("issuing_body", "title"):
        if name in data:
            setattr(doc, name, nfc(data[name]))
    for name in ("summary",):
        if name in data:
            setattr(doc, name, str(data[name]).strip())
    for name in ("access", "expires_on"):
        if name in data:
            setattr(doc, name, data[name])
    doc.search_folded = _folded(doc)
    full_clean(doc, exclude=["organization", "file"])
    after = audit.snapshot(doc, _audited_fields())
    if after == before:
        return doc
    doc.version += 1
    doc.updated_at = timezone.now()
    doc.save()
    _resolve_pending(doc)
    audit.record(
        actor=actor,
        event_type=AuditEventType.UPDATED,
        target=doc,
        organization_id=doc.organization_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
    )
    return doc


@audit.service
def document_attach_file(*, actor: Any, document: Document, file: UploadedFile) -> Document:
    """Attach (or replace) the document's file; the old file stays in storage, named in the audit entry."""
    doc = Document.objects.select_for_update().get(pk=document.pk)
    scoping.require(actor, PERM_CHANGE, doc.organization_id)
    check_file(file)
    old = doc.file.name or ""
    doc.file.save(file.name or "van-ban", file, save=False)
    doc.version += 1
    doc.updated_at = timezone.now()
    doc.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.FILE_ATTACHED,
        target=doc,
        organization_id=doc.organization_id,
        before={"file": old},
        after={"file": doc.file.name, "size": file.size},
    )
    return doc


# ---------------------------------------------------------------- links


def _replaces_path(start: Document, goal: Document) -> bool:
    """Whether ``start`` already replaces ``goal``, directly or through other replacements."""
    seen: set[int] = set()
    frontier = {start.pk}
    while frontier:
        if goal.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(DocumentLink.objects.filter(source_id__in=frontier, kind=LinkKind.REPLACES).values_list("target_id", flat=True))
            - seen
        )
    return False


@audit.service
def document_link(
    *,
    actor: Any,
    source: Document,
    target: Document,
    kind: str,
    effective_on: dt.date | None = None,
    note: str = "",
) -> DocumentLink:
    """``source`` amends, replaces, implements or cites ``target``. The caller has checked that the actor may see
    ``target``; the link belongs to ``source``'s registry. No self-link, no cycle of replacements, one link of each
    kind between two documents."""
    scoping.require(actor, PERM_CHANGE, source.organization_id)
    if source.pk == target.pk:
        raise DomainError(_("Văn bản không thể liên kết với chính nó."), field="target", code="self_link")
    if kind not in LinkKind.values:
        raise DomainError(_("Quan hệ không hợp lệ."), field="kind", code="invalid")
    if kind == LinkKind.REPLACES and _replaces_path(target, source):
        raise DomainError(
            _("%(t)s đã thay thế (trực tiếp hoặc qua văn bản khác) %(s)s: không thể thay thế ngược lại.")
            % {"t": target.symbol, "s": source.symbol},
            field="target",
            code="cycle",
        )
    if DocumentLink.objects.filter(source=source, target=target, kind=kind).exists():
        raise DomainError(_("Hai văn bản đã có liên kết này."), field="target", code="duplicate")
    link = DocumentLink(source=source, target=target, kind=kind, effective_on=effective_on, note=nfc(note))
    full_clean(link, exclude=["source", "target"])
    link.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.LINKED,
        target=source,
        organization_id=source.organization_id,
        after={"kind": kind, "target": target.pk, "target_symbol": target.symbol}
        | ({"effective_on": effective_on} if effective_on else {})
        | ({"note": link.note} if link.note else {}),
    )
    return link


@audit.service
def document_unlink(*, actor: Any, link: DocumentLink) -> None:
    source = link.source
    scoping.require(actor, PERM_CHANGE, source.organization_id)
    before = {"kind": link.kind, "target": link.target_id, "target_symbol": link.target.symbol, "effective_on": link.effective_on}
    link.delete()
    audit.record(
        actor=actor, event_type=AuditEventType.UNLINKED, target=source, organization_id=source.organization_id, before=before
    )


# ---------------------------------------------------------------- the citation index


def resolve(
    found: Iterable[citations.Citation], documents: models.QuerySet[Document], on: dt.date | None = None
) -> list[Document | None]:
    """The registered document each citation names, among ``documents``:

    * a citation with a date: the document with that symbol issued that day, else none (a different date is a
      different document: numbers restart each term);
    * a citation without one: the document with that symbol when there is only one; else the latest issued on or
      before ``on`` (the citing text's date, when known), else the latest of all.
    """
    found = list(found)
    symbols = {c.symbol for c in found}
    by_symbol: dict[str, list[Document]] = {}
    for doc in documents.filter(symbol__in=symbols).order_by("-issued_on", "-id") if symbols else []:
        by_symbol.setdefault(doc.symbol, []).append(doc)
    out: list[Document | None] = []
    for c in found:
        candidates = by_symbol.get(c.symbol, [])
        if c.date is not None:
            out.append(next((d for d in candidates if d.issued_on == c.date), None))
        elif len(candidates) <= 1:
            out.append(candidates[0] if candidates else None)
        else:
            dated = [d for d in candidates if d.issued_on is not None]
            before = [d for d in dated if on is None or d.issued_on <= on]  # type: ignore[operator]
            out.append(before[0] if before else (dated[0] if dated else candidates[0]))
    return out


def _refs(
    ct: ContentType, object_id: int, field: str, found: list[citations.Citation], documents: list[Document | None]
) -> list[CitationRef]:
    return [
        CitationRef(
            content_type=ct,
            object_id=object_id,
            field=field,
            document=doc,
            symbol=c.symbol[:64],
            type_code=(KIND_BY_NAME.get(c.type) or "")[:8],
            cited_on=c.date,
            body=(c.body or "")[:255],
            text=c.text[:300],
            start=c.start,
            end=c.end,
        )
        for c, doc in zip(found, documents, strict=True)
    ]


@dataclass
class IndexResult:
    refs: list[CitationRef]
    changed: bool


@audit.service
def index_citations(source: models.Model, field: str, text: str, *, on: dt.date | None = None, actor: Any = None) -> IndexResult:
    """Replace the index rows of ``source.field`` with the citations ``text`` makes now, each resolved against the
    whole registry (see :func:`resolve`; who may see the document or the citing text is decided when the index is
    read). ``on`` is the citing text's date, for citations without one. Records an audit event when the
    citations changed."""
    ct = ContentType.objects.get_for_model(source)
    found = citations.find_citations(text or "")
    documents = resolve(found, Document.objects.all(), on)
    old = list(CitationRef.objects.filter(content_type=ct, object_id=source.pk, field=field))
    new = _refs(ct, source.pk, field, found, documents)

    def key(r: CitationRef) -> tuple[Any, ...]:
        return (r.symbol, r.cited_on, r.start, r.end, r.document_id)

    changed = sorted(map(key, old), key=str) != sorted(map(key, new), key=str)
    if not changed:
        return IndexResult(old, False)
    CitationRef.objects.filter(content_type=ct, object_id=source.pk, field=field).delete()
    CitationRef.objects.bulk_create(new)
    org_id = _organization_of(source)
    audit.record(
        actor=actor,
        event_type=AuditEventType.CITATIONS_INDEXED,
        target_type=ct.app_label + "." + ct.model,
        target_id=source.pk,
        target_repr=str(source),
        organization_id=org_id,
        before={"field": field, "symbols": sorted(r.symbol for r in old)},
        after={"field": field, "symbols": sorted(r.symbol for r in new), "resolved": sum(1 for r in new if r.document_id)},
    )
    return IndexResult(new, True)


def _organization_of(source: models.Model) -> int | None:
    from apps.documents.sources import source_for

    entry = source_for(source)
    return entry.organization_id(source) if entry is not None else None


@audit.service
def citations_reindex(*, actor: Any = None, labels: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index from every registered citing source (``sources.SOURCES``), or those named; one audit event
    for the whole run (the rows of each source are derived data)."""
    from apps.documents.sources import available_sources

    counts: dict[str, int] = {}
    total = resolved = 0
    wanted = set(labels) if labels is not None else None
    for entry in available_sources():
        if wanted is not None and entry.label not in wanted:
            continue
        model = entry.model()
        ct = ContentType.objects.get_for_model(model)
        CitationRef.objects.filter(content_type=ct).delete()
        rows: list[CitationRef] = []
        for obj in model._default_manager.all().iterator(chunk_size=500):  # type: ignore[attr-defined]
            on = entry.date_of(obj)
            for field, text in entry.texts(obj).items():
                found = citations.find_citations(text or "")
                if not found:
                    continue
                rows += _refs(ct, obj.pk, field, found, resolve(found, Document.objects.all(), on))
        CitationRef.objects.bulk_create(rows, batch_size=1000)
        counts[entry.label] = len(rows)
        total += len(rows)
        resolved += sum(1 for r in rows if r.document is not None)
    audit.record(
        actor=actor or "reindex_citations",
        event_type=AuditEventType.CITATIONS_REINDEXED,
        organization_id=None,
        after={"sources": counts, "citations": total, "resolved": resolved},
    )
    counts["_total"] = total
    counts["_resolved"] = resolved
    return counts
