"""Pages of the study app: the campaigns, a campaign's participation (overall and by organization, with
drill-down) and sessions, a session's attendance sheet (one tap per member), and the roster of reporters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.dateparam import as_of
from apps.core.errors import DomainError
from apps.core.htmx import is_htmx
from apps.core.scoping import can, has_scope, require_scope
from apps.organizations.selectors import organization_get
from apps.organizations.webflow import done, form_response, verified_write
from apps.study import selectors, services
from apps.study.forms import CampaignForm, ReporterForm, SessionForm
from apps.study.selectors import PERM_CHANGE, PERM_VIEW

T = TypeVar("T")


def _digits(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if raw and not raw.isdigit():
        raise Http404
    return int(raw) if raw else None


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns the user may see, latest first, each with its participation as of its end (or today)."""
    require_scope(request.user, PERM_VIEW)
    today = timezone.localdate()
    page = Paginator(selectors.campaigns_visible(request.user).order_by("-end_date", "-id"), 20).get_page(
        request.GET.get("trang")
    )
    rows = []
    for c in page.object_list:
        org = selectors.default_organization(request.user, c)
        rows.append((c, selectors.participation(c, today, org) if org is not None else None))
    return render(
        request,
        "study/campaign_list.html",
        {"page": page, "rows": rows, "today": today, "can_create": has_scope(request.user, PERM_CHANGE)},
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign: participation as of a date (``?ngay=``) for an organization of its subtree (``?to_chuc=``,
    drill-down), the members who have not studied, and the sessions."""
    user = request.user
    campaign = selectors.campaign_get(user, pk)
    day, date_error = as_of(request)
    org_id = _digits(request, "to_chuc")
    org = (
        organization_get(user, pk=org_id, perm=PERM_VIEW)
        if org_id is not None
        else selectors.default_organization(user, campaign)
    )
    if org is None:
        raise Http404
    try:
        part = selectors.participation(campaign, day, org)
    except DomainError as exc:
        raise Http404 from exc
    visible = {p.organization_id for p in part.parts if p.organization_id and can(user, PERM_VIEW, p.organization_id)}
    missing = Paginator(selectors.missing_members(campaign, day, part.organization, user), 50).get_page(request.GET.get("trang"))
    sessions = selectors.sessions_of(user, campaign)
    if org_id is not None:
        sessions = sessions.filter(organization_id__in=_subtree_ids(part.organization.pk, part.day))
    return render(
        request,
        "study/campaign_detail.html",
        {
            "campaign": campaign,
            "part": part,
            "linkable": visible,
            "missing": missing,
            "page": missing,
            "sessions": list(sessions[:300]),
            "on_date": day,
            "date_error": date_error,
            "can_change": can(user, PERM_CHANGE, part.organization.pk),
            "can_plan": has_scope(user, PERM_CHANGE),
        },
    )


def _subtree_ids(org_id: int, day: object) -> list[int]:
    from apps.organizations.models import TreePath

    return list(
        TreePath.objects.filter(ancestor_id=org_id, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .values_list("descendant_id", flat=True)
    )


@login_required
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    lines = selectors.sheet(session)
    context = {"session": session, "lines": lines, "can_change": can(request.user, PERM_CHANGE, session.organization_id)}
    return render(request, "study/session_sheet.html", context | _tally(lines))


def _tally(lines: list[Any]) -> dict[str, int]:
    return {
        "n_present": sum(1 for line in lines if line.state == "present"),
        "n_absent": sum(1 for line in lines if line.state == "absent"),
        "n_unmarked": sum(1 for line in lines if line.state == "unmarked"),
    }


@login_required
@require_POST
def session_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: a member present or absent (``person``, ``present`` 1/0, ``reason``); or ``all=1``: every member not
    yet marked present, in one sheet."""
    session = selectors.session_get(request.user, pk, PERM_CHANGE)
    url = reverse("study:session", args=[session.pk])
    try:
        if request.POST.get("all") == "1":
            lines = selectors.sheet(session)
            marks = [services.Mark(line.person.pk, True) for line in lines if line.mark is None]
            if marks:
                result = services.attendance_record(actor=request.user, session=session, marks=marks)
                messages.success(request, _("Đã ghi %(n)s đảng viên có mặt.") % {"n": result.present})
            return redirect(url)
        raw = request.POST.get("person", "")
        if not raw.isdigit():
            raise Http404
        present = request.POST.get("present") == "1"
        with transaction.atomic():
            services.attendance_record(
                actor=request.user,
                session=session,
                marks=[services.Mark(int(raw), present, request.POST.get("reason", ""))],
            )
    except DomainError as exc:
        if is_htmx(request):
            return HttpResponse(exc.message, status=422)
        messages.error(request, exc.message)
        return redirect(url)
    if is_htmx(request):
        lines = selectors.sheet(session)
        line = next((line for line in lines if line.person.pk == int(raw)), None)
        if line is None:
            raise Http404
        # the tapped line, and the tally above the sheet swapped out of band
        context = {"session": session, "line": line, "can_change": True, "oob": True} | _tally(lines)
        body = render_to_string("study/session_sheet.html#line", context, request=request)
        body += render_to_string("study/session_sheet.html#counts", context, request=request)
        return HttpResponse(body)
    return redirect(f"{url}#p{raw}")


@login_required
def reporter_list(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_VIEW)
    today = timezone.localdate()
    qs = selectors.reporters_visible(request.user)
    if request.GET.get("tat_ca") != "1":
        qs = qs.exclude(valid_to__lte=today)
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "study/reporter_list.html",
        {"page": page, "all": request.GET.get("tat_ca") == "1", "can_create": has_scope(request.user, PERM_CHANGE)},
    )


@login_required
def reporter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reporter = selectors.reporter_get(request.user, pk)
    sessions = selectors.sessions_led(request.user, reporter)
    return render(request, "study/reporter_detail.html", {"reporter": reporter, "sessions": list(sessions[:200])})


# ---------------------------------------------------------------- write pages


def _form_page(request: HttpRequest, form: Any, title: str, back: str) -> HttpResponse:
    return form_response(
        request, "study/form.html", {"form": form, "title": title, "back": back}, invalid=request.method == "POST"
    )


def _write(request: HttpRequest, form: Any, write: Callable[[], T], visible: Callable[[T], bool]) -> T | None:
    """Run the service and check the user still sees what it wrote; a refusal goes back to its field."""
    try:
        return verified_write(write, visible)
    except DomainError as exc:
        form.add_domain_error(exc)
        return None


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Set up a study campaign for a document across the subtree of an organization."""
    if not has_scope(request.user, PERM_CHANGE):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = _write(
            request,
            form,
            lambda: services.campaign_create(actor=request.user, **form.service_data()),
            lambda c: selectors.campaigns_visible(request.user).filter(pk=c.pk).exists(),
        )
        if campaign is not None:
            return done(request, reverse("study:campaign", args=[campaign.pk]), _("Đã tạo đợt học tập."))
    return _form_page(request, form, _("Tạo đợt học tập nghị quyết"), reverse("study:campaign_list"))


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan or record a session of the campaign (or a make-up session) for an organization of its subtree."""
    campaign = selectors.campaign_get(request.user, pk)
    if not has_scope(request.user, PERM_CHANGE):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        session = _write(
            request,
            form,
            lambda: services.session_plan(actor=request.user, campaign=campaign, **form.service_data()),
            lambda s: selectors.sessions_visible(request.user).filter(pk=s.pk).exists(),
        )
        if session is not None:
            return done(request, reverse("study:session", args=[session.pk]), _("Đã thêm buổi học tập; có thể điểm danh ngay."))
    title = _("Thêm buổi học tập: %(c)s") % {"c": campaign.title}
    return _form_page(request, form, title, reverse("study:campaign", args=[campaign.pk]))


@login_required
def reporter_create(request: HttpRequest) -> HttpResponse:
    """Add a member to the roster of reporters or propagandists."""
    if not has_scope(request.user, PERM_CHANGE):
        raise PermissionDenied
    form = ReporterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        reporter = _write(
            request,
            form,
            lambda: services.reporter_add(actor=request.user, **form.service_data()),
            lambda r: selectors.reporters_visible(request.user).filter(pk=r.pk).exists(),
        )
        if reporter is not None:
            return done(request, reverse("study:reporter", args=[reporter.pk]), _("Đã thêm vào danh sách báo cáo viên."))
    return _form_page(request, form, _("Thêm báo cáo viên, tuyên truyền viên"), reverse("study:reporters"))
