"""Pages of the documents app: the registry (filters, search that ignores diacritics), a document (its status and
the link that makes it so, links both ways, its file, the texts that cite it), the register and edit forms
(prefilled from a citation's "register it" link) and the link form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError, StaleObjectError
from apps.core.htmx import render_page
from apps.core.models import AuditEvent
from apps.core.scoping import can, get_visible_or_404, has_scope, require_scope
from apps.documents import selectors, services
from apps.documents.choices import DocumentType, Status
from apps.documents.forms import DocumentForm, LinkForm, prefill
from apps.documents.models import Document, DocumentLink
from apps.organizations.forms import with_value
from apps.organizations.webflow import done, form_response, verified_write

PERM_VIEW = selectors.PERM_VIEW
PERM_CHANGE = selectors.PERM_CHANGE


def _filters(request: HttpRequest) -> selectors.Filters:
    year = request.GET.get("nam", "").strip()
    status = request.GET.get("tinh_trang", "")
    kind = request.GET.get("loai", "")
    return selectors.Filters(
        q=request.GET.get("q", "")[:200],
        type_code=kind if kind in DocumentType.values else "",
        issuer=request.GET.get("co_quan", "")[:32],
        year=int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None,
        status=status if status in Status.values else "",
    )


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    """The registry the user may read; an HTMX request (the filters) answers with the results only."""
    require_scope(request.user, PERM_VIEW)
    filters = _filters(request)
    qs = selectors.registry(request.user, filters)
    rows: Any = qs
    if filters.q.strip():
        rows = selectors.ranked(list(qs[:500]), filters.q)
    page = Paginator(rows, 30).get_page(request.GET.get("trang"))
    visible = selectors.documents_visible(request.user)
    context = {
        "page": page,
        "filters": filters,
        "types": DocumentType.choices,
        "statuses": Status.choices,
        "issuers": selectors.issuers_in(visible),
        "years": selectors.years_in(visible),
        "can_register": has_scope(request.user, PERM_CHANGE),
    }
    return render_page(request, "documents/list.html", context, fragment="results")


def _visible(user: Any) -> Any:
    return lambda doc: selectors.documents_visible(user).filter(pk=doc.pk).exists()


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: anyone logged in may open a public one (a visitor too: the portal links to it); an internal one
    answers 404 outside its registry's scope."""
    user = request.user
    doc = selectors.document_read(user, pk)
    links = selectors.links_of(user, doc)
    can_change = can(user, PERM_CHANGE, doc.organization_id)
    context = {
        "doc": doc,
        "status": selectors.status_of(doc, links),
        "links": links,
        "cited_by": selectors.cited_by(user, doc),
        "can_change": can_change,
        "audit": AuditEvent.objects.filter(target_type="documents.document", target_id=str(doc.pk))[:50]
        if can(user, "audit.view", doc.organization_id)
        else None,
    }
    return render(request, "documents/detail.html", context)


@login_required
def document_register(request: HttpRequest) -> HttpResponse:
    if not has_scope(request.user, PERM_CHANGE):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, initial=prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        created: list[Document] = []

        def write() -> Document:
            doc = services.document_register(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                file=form.cleaned_data.get("file") or None,
                **form.service_data(),
            )
            created.append(doc)
            return doc

        try:
            verified_write(write, _visible(request.user))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, reverse("documents:detail", args=[created[0].pk]), gettext("Đã đăng ký văn bản vào sổ."))
    return form_response(request, "documents/form.html", {"form": form, "doc": None}, invalid=request.method == "POST")


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, PERM_CHANGE)
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, document=doc)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0

        def write() -> Document:
            updated = services.document_update(
                actor=request.user, document=doc, expected_version=version, data=form.service_data()
            )
            if form.cleaned_data.get("file"):
                updated = services.document_attach_file(actor=request.user, document=updated, file=form.cleaned_data["file"])
            return updated

        try:
            verified_write(write, _visible(request.user))
        except StaleObjectError as exc:
            form.add_domain_error(exc)
            form.data = with_value(form.data, "version", str(Document.objects.get(pk=doc.pk).version))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, reverse("documents:detail", args=[doc.pk]), gettext("Đã lưu thông tin văn bản."))
    return form_response(request, "documents/form.html", {"form": form, "doc": doc}, invalid=request.method == "POST")


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's file, for those who may read the document (never a public media URL)."""
    doc = selectors.document_read(request.user, pk)
    if not doc.file:
        raise Http404
    name = doc.file.name.rsplit("/", 1)[-1]
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=name)


@login_required
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(request.user, pk, PERM_CHANGE)
    form = LinkForm(request.POST or None, user=request.user, document=doc)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.document_link(
                    actor=request.user,
                    source=doc,
                    target=form.cleaned_data["target"],
                    kind=form.cleaned_data["kind"],
                    effective_on=form.cleaned_data.get("effective_on"),
                    note=form.cleaned_data.get("note", ""),
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, reverse("documents:detail", args=[doc.pk]), gettext("Đã liên kết văn bản."))
    return form_response(request, "documents/link_form.html", {"form": form, "doc": doc}, invalid=request.method == "POST")


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_visible_or_404(DocumentLink.objects.select_related("source", "target"), request.user, PERM_CHANGE, pk=pk)
    services.document_unlink(actor=request.user, link=link)
    return done(request, reverse("documents:detail", args=[link.source_id]), gettext("Đã bỏ liên kết."))
