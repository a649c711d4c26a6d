from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.dateparam import as_of
from apps.core.htmx import render_page
from apps.core.models import AuditEvent
from apps.core.scoping import can
from apps.members import selectors
from apps.members.exporters import write_xlsx
from apps.organizations.selectors import organization_get, search_organizations


def _organization_param(request: HttpRequest):  # type: ignore[no-untyped-def]
    raw = request.GET.get("to_chuc", "").strip()
    if raw.isdigit():
        return organization_get(request.user, pk=int(raw))
    return None


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    on_date, date_error = as_of(request)
    org = _organization_param(request)
    status = request.GET.get("trang_thai", "current")
    people = selectors.members_of(request.user, org, on_date=on_date, status=status)
    page = Paginator(people, 50).get_page(request.GET.get("trang"))
    return render_page(
        request,
        "members/list.html",
        {"page": page, "org": org, "on_date": on_date, "date_error": date_error, "status": status},
        fragment="rows",
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    memberships = list(selectors.memberships_of(person))
    last = memberships[-1] if memberships else None
    context = {
        "person": person,
        "memberships": memberships,
        "status": person.status_on(last=last),
        "current": last if last and last.valid_to is None else None,
        "posts": selectors.posts_of_person(person),
        "can_change": can(request.user, "members.change", person.organization_id),
        "audit": AuditEvent.objects.filter(target_type="members.person", target_id=str(person.pk)).order_by("-occurred_at")[:50]
        if can(request.user, "audit.view", person.organization_id)
        else [],
    }
    return render(request, "members/detail.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = selectors.search_people(request.user, query) if query else []
    orgs = search_organizations(request.user, query) if query else []
    return render_page(request, "members/search.html", {"query": query, "people": people, "orgs": orgs}, fragment="results")


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    context = {
        "duplicates": selectors.duplicate_groups(request.user),
        "missing": selectors.missing_fields(request.user, limit=200),
        "contradictions": selectors.contradictory_dates(request.user, limit=200),
    }
    return render(request, "members/quality.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    on_date, _err = as_of(request)
    org = _organization_param(request)
    status = request.GET.get("trang_thai", "current")
    query = request.GET.get("q", "").strip()
    if query:
        people = selectors.search_people(request.user, query, limit=5000)
    else:
        people = selectors.members_of(request.user, org, on_date=on_date, status=status).iterator(chunk_size=2000)  # type: ignore[assignment]
    buf = io.BytesIO()
    write_xlsx(people, buf, on_date=on_date)
    name = f"dang-vien-{org.code if org else 'tat-ca'}-{on_date:%Y%m%d}.xlsx"
    response = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    return render(request, "members/import.html", {})
