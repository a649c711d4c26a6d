from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from apps.core.models import AuditEvent
from apps.core.scoping import is_unrestricted, organization_ids_for


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("organizations:tree")
    return redirect("accounts:login")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def audit_events_visible(user: object) -> object:
    qs = AuditEvent.objects.all()
    if is_unrestricted(user):
        return qs
    return qs.filter(organization_id__in=organization_ids_for(user, "audit.view"))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    qs = audit_events_visible(request.user)
    event_type = request.GET.get("loai", "").strip()
    if event_type:
        qs = qs.filter(event_type=event_type)  # type: ignore[attr-defined]
    page = Paginator(qs.order_by("-occurred_at", "-id"), 50).get_page(request.GET.get("trang"))  # type: ignore[attr-defined]
    return render(request, "core/audit_log.html", {"page": page, "event_type": event_type})
