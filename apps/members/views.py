from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from apps.core.dateparam import as_of
from apps.core.dates import format_date
from apps.core.errors import DomainError, StaleObjectError
from apps.core.htmx import render_page
from apps.core.models import AuditEvent, ImportJob
from apps.core.pagecache import cached_page
from apps.core.scoping import can, get_visible_or_404, require_scope
from apps.members import selectors, services
from apps.members.exporters import export_members_xlsx, with_membership, write_error_report, write_template
from apps.members.forms import EndForm, MemberEditForm, PostAssignForm, PostEndForm, ReadmitForm, Rebase, TransferForm
from apps.members.importers import PERM_IMPORT, ImportReport
from apps.members.importers.upload import ImportForm, create_job, jobs_of
from apps.members.models import Person, PostHolding
from apps.members.tasks import run_job, start_job
from apps.organizations.selectors import organization_get, search_organizations
from apps.organizations.webflow import done, form_response, submit, verified_write


def _organization_param(request: HttpRequest):  # type: ignore[no-untyped-def]
    raw = request.GET.get("to_chuc", "").strip()
    if raw.isdigit():
        return organization_get(request.user, pk=int(raw))
    return None


@login_required
@cached_page
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
@cached_page
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
@cached_page
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
def export(request: HttpRequest) -> FileResponse:
    """Any list the user can see, as the import template's columns: through the same scoped selectors."""
    on_date, _err = as_of(request)
    org = _organization_param(request)
    status = request.GET.get("trang_thai", "current")
    query = request.GET.get("q", "").strip()
    people: Iterable[Person]
    filters: dict[str, Any]
    if query:
        people = selectors.search_people(request.user, query, limit=5000)
        filters = {"query": query}
    else:
        people = with_membership(selectors.members_of(request.user, org, on_date=on_date, status=status), on_date).iterator(
            chunk_size=2000
        )
        filters = {"on_date": on_date, "status": status}
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    export_members_xlsx(
        actor=request.user,
        people=people,
        out=out,
        organization=None if query else org,  # a search runs over the whole scope
        filters=filters,
        title=gettext("Danh sách đảng viên") + (f" · {org.name}" if org else ""),
        on_date=on_date,
    )
    out.seek(0)
    name = f"dang-vien-{org.code if org else 'tat-ca'}-{on_date:%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


# ------------------------------------------------------------------ import from Excel
#
# Small files are checked and written during the request; above DANGBO_IMPORT_BACKGROUND_ROWS rows a task
# does it and the page polls the job. Either way the job page shows the report (or the result).

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_page(request: HttpRequest, form: ImportForm, job: ImportJob | None = None) -> HttpResponse:
    report = ImportReport.from_json(job.report) if job is not None and job.is_finished else None
    context = {
        "form": form,
        "job": job,
        "report": report,
        "errors": report.errors[:500] if report else [],
        "jobs": jobs_of(request.user).exclude(pk=job.pk if job else None)[:5],
        "background_rows": settings.DANGBO_IMPORT_BACKGROUND_ROWS,
    }
    return render_page(request, "members/import.html", context, fragment="job" if job is not None else None)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job, background = create_job(form, request.user)
        if background:
            start_job(job)
        else:
            run_job(job.pk)
        return redirect("members:import_job", pk=job.pk)
    return _import_page(request, form)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress (polled with HTMX while it runs) and then its report."""
    require_scope(request.user, PERM_IMPORT)
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return _import_page(request, ImportForm(user=request.user), job)


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's errors as a spreadsheet, one line per bad cell."""
    require_scope(request.user, PERM_IMPORT)
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    buf = io.BytesIO()
    write_error_report(ImportReport.from_json(job.report), buf, file_name=job.original_name)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-loi-nhap-{job.pk}.xlsx"'
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The import template: the columns, with a notes sheet explaining each."""
    buf = io.BytesIO()
    write_template(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return response


# ------------------------------------------------------------------ the write side: a member's record
#
# Each page parses a form, calls one service inside a transaction that then checks the record is still
# visible to the user (write-then-verify), and answers with a redirect (HX-Redirect for HTMX) or the form
# again with the service's error next to the field it names.

PERM_CHANGE = "members.change"


def _person_for_change(request: HttpRequest, pk: int) -> Person:
    return selectors.person_get(request.user, pk, perm=PERM_CHANGE)


def _visible_check(user: Any) -> Callable[[Any], bool]:
    def check(result: Any) -> bool:
        person_id = result.person_id if hasattr(result, "person_id") else result.pk
        return selectors.people_visible(user).filter(pk=person_id).exists()

    return check


def _member_page(
    request: HttpRequest, person: Person, form: Any, *, title: str, submit: str, invalid: bool, **extra: Any
) -> HttpResponse:
    context = {"person": person, "form": form, "title": title, "submit": submit} | extra
    return form_response(request, "members/change_form.html", context, invalid=invalid)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a member's facts; refused without change when someone saved the record meanwhile."""
    person = _person_for_change(request, pk)
    form = MemberEditForm(request.POST or None, user=request.user, initial=MemberEditForm.initial_for(person))
    rebase: Rebase | None = None
    if request.method == "POST" and form.is_valid():
        try:
            verified_write(
                lambda: services.member_update(
                    actor=request.user, person=person, expected_version=form.cleaned_data["version"], data=form.service_data()
                ),
                _visible_check(request.user),
            )
        except StaleObjectError:
            rebase = form.rebase(_person_for_change(request, pk))
            form.add_error(
                None,
                gettext(
                    "Hồ sơ đã được người khác sửa sau khi bạn mở biểu mẫu. Thay đổi của bạn chưa được lưu. "
                    "Các ô bạn không sửa đã được cập nhật theo hồ sơ hiện tại; hãy xem bảng dưới, rồi bấm Lưu lần nữa."
                ),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("members:detail", args=[person.pk])
            return done(request, url, gettext("Đã lưu hồ sơ của %(p)s.") % {"p": person.full_name})
    context = {"person": person, "form": form, "rebase": rebase}
    return form_response(request, "members/edit.html", context, invalid=request.method == "POST")


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a member to another organization in scope, permanently or temporarily."""
    person = _person_for_change(request, pk)
    current = services.current_membership(person)
    form = TransferForm(request.POST or None, user=request.user, current=current)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        response = submit(
            request,
            form,
            lambda: services.member_transfer(
                actor=request.user,
                person=person,
                to_organization=c["to_organization"],
                on_date=c["on_date"],
                kind=c["kind"],
                decision_symbol=c["decision_symbol"],
                decision_date=c["decision_date"],
                note=c["note"],
            ),
            _visible_check(request.user),
            reverse("members:detail", args=[person.pk]),
            gettext("Đã chuyển sinh hoạt của %(p)s đến %(o)s.") % {"p": person.full_name, "o": c["to_organization"].name},
        )
        if response is not None:
            return response
    return _member_page(
        request,
        person,
        form,
        title=gettext("Chuyển sinh hoạt: %(p)s") % {"p": person.full_name},
        submit=gettext("Chuyển sinh hoạt"),
        invalid=request.method == "POST",
        current=current,
        notice="" if current else gettext("Đảng viên hiện không sinh hoạt ở tổ chức nào."),
    )


@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a member's activity: transferred out, deceased, struck off, expelled, resigned."""
    person = _person_for_change(request, pk)
    current = services.current_membership(person)
    form = EndForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        response = submit(
            request,
            form,
            lambda: services.member_end(
                actor=request.user,
                person=person,
                on_date=c["on_date"],
                reason=c["reason"],
                decision_symbol=c["decision_symbol"],
                decision_date=c["decision_date"],
                destination=c["destination"],
            ),
            _visible_check(request.user),
            reverse("members:detail", args=[person.pk]),
            gettext("Đã ghi kết thúc sinh hoạt của %(p)s.") % {"p": person.full_name},
        )
        if response is not None:
            return response
    return _member_page(
        request,
        person,
        form,
        title=gettext("Kết thúc sinh hoạt: %(p)s") % {"p": person.full_name},
        submit=gettext("Ghi kết thúc"),
        invalid=request.method == "POST",
        current=current,
        notice="" if current else gettext("Đảng viên hiện không sinh hoạt ở tổ chức nào."),
        intro=gettext("Hồ sơ không bị xóa: quá trình sinh hoạt kết thúc với lý do và quyết định."),
    )


@login_required
def readmit(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a new membership for someone whose record ended (a transfer back in, a readmission)."""
    person = _person_for_change(request, pk)
    memberships = list(selectors.memberships_of(person))
    last = memberships[-1] if memberships else None
    form = ReadmitForm(request.POST or None, user=request.user, last=last, initial={"organization": person.organization_id})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        response = submit(
            request,
            form,
            lambda: services.member_readmit(
                actor=request.user,
                person=person,
                organization=c["organization"],
                on_date=c["on_date"],
                reason=c["reason"],
                decision_symbol=c["decision_symbol"],
            ),
            _visible_check(request.user),
            reverse("members:detail", args=[person.pk]),
            gettext("Đã tiếp nhận %(p)s vào %(o)s.") % {"p": person.full_name, "o": c["organization"].name},
        )
        if response is not None:
            return response
    return _member_page(
        request,
        person,
        form,
        title=gettext("Tiếp nhận lại: %(p)s") % {"p": person.full_name},
        submit=gettext("Tiếp nhận"),
        invalid=request.method == "POST",
        current=last if last and last.valid_to is None else None,
        notice=gettext("Đảng viên đang sinh hoạt; hãy dùng chuyển sinh hoạt.") if last and last.valid_to is None else "",
    )


@login_required
def post_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a member a post (Secretary, Standing Committee member ...) in an organization."""
    person = _person_for_change(request, pk)
    form = PostAssignForm(request.POST or None, user=request.user, initial={"organization": person.organization_id})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        response = submit(
            request,
            form,
            lambda: services.post_assign(
                actor=request.user,
                organization=c["organization"],
                person=person,
                post=c["post"],
                valid_from=c["valid_from"],
                term_label=c["term_label"],
                decision_symbol=c["decision_symbol"],
            ),
            _visible_check(request.user),
            reverse("members:detail", args=[person.pk]),
            gettext("Đã giao chức vụ cho %(p)s.") % {"p": person.full_name},
        )
        if response is not None:
            return response
    return _member_page(
        request,
        person,
        form,
        title=gettext("Giao chức vụ: %(p)s") % {"p": person.full_name},
        submit=gettext("Giao chức vụ"),
        invalid=request.method == "POST",
    )


@login_required
def post_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a post holding (``pk`` is the holding)."""
    holding = get_visible_or_404(PostHolding.objects.select_related("person", "organization"), request.user, PERM_CHANGE, pk=pk)
    person = holding.person
    form = PostEndForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        response = submit(
            request,
            form,
            lambda: services.post_end(actor=request.user, holding=holding, on_date=form.cleaned_data["on_date"]),
            _visible_check(request.user),
            reverse("members:detail", args=[person.pk]),
            gettext("Đã ghi thôi chức vụ của %(p)s.") % {"p": person.full_name},
        )
        if response is not None:
            return response
    return _member_page(
        request,
        person,
        form,
        title=gettext("Thôi chức vụ: %(post)s, %(o)s") % {"post": holding.get_post_display(), "o": holding.organization.name},
        submit=gettext("Ghi thôi chức vụ"),
        invalid=request.method == "POST",
        facts=[(gettext("Người giữ chức vụ"), person.full_name), (gettext("Từ ngày"), format_date(holding.valid_from))],
    )
