"""Pages of cell meetings, phone first: the secretary's list, planning, the meeting page (agenda, documents,
the attendance sheet with one tap per member, checklist, decisions, minutes, closing), and the member's
check-in page with the meeting's short code."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from apps.core import pagecache
from apps.core.errors import DomainError, StaleObjectError
from apps.core.htmx import is_htmx, render_page
from apps.core.scoping import can, has_scope
from apps.meetings import selectors, services
from apps.meetings.choices import AttendanceStatus, MeetingStatus
from apps.meetings.forms import CloseForm, CodeForm, DecisionForm, DocumentForm, MarkForm, MeetingForm
from apps.meetings.models import ChecklistItem, Meeting, Notification
from apps.members.models import Person
from apps.organizations.forms import with_value
from apps.organizations.webflow import done, form_response, verified_write

PERM_VIEW = selectors.PERM_VIEW
PERM_CHANGE = selectors.PERM_CHANGE


def _visible(user: Any) -> Any:
    def check(obj: Any) -> bool:
        meeting_id = obj.pk if isinstance(obj, Meeting) else obj.meeting_id
        return Meeting.objects.visible_to(user, PERM_VIEW).filter(pk=meeting_id).exists()

    return check


def _url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("meetings:detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------- the list and planning


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not has_scope(request.user, PERM_VIEW):
        if getattr(request.user, "member_record", None) is not None:
            return redirect("meetings:mine")
        raise PermissionDenied
    meetings = selectors.meeting_list(request.user)
    now = timezone.now()
    upcoming = list(
        meetings.filter(closed_at__isnull=True, ends_at__gte=now - services.checkin_margin()).order_by("starts_at")[:20]
    )
    past = meetings.exclude(pk__in=[m.pk for m in upcoming])
    page = Paginator(past, 30).get_page(request.GET.get("trang"))
    context = {"upcoming": upcoming, "page": page, "can_plan": has_scope(request.user, PERM_CHANGE), "now": now}
    return render(request, "meetings/list.html", context)


@login_required
def meeting_plan(request: HttpRequest) -> HttpResponse:
    if not has_scope(request.user, PERM_CHANGE):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created: list[Meeting] = []

        def write() -> Meeting:
            meeting = services.meeting_plan(
                actor=request.user, organization=form.cleaned_data["organization"], **form.service_data()
            )
            created.append(meeting)
            return meeting

        try:
            verified_write(write, _visible(request.user))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, _url(created[0]), gettext("Đã lên lịch sinh hoạt; đảng viên sẽ nhận được lời nhắc."))
    return form_response(request, "meetings/plan.html", {"form": form, "meeting": None}, invalid=request.method == "POST")


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    if meeting.is_closed:
        raise Http404
    form = MeetingForm(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            verified_write(
                lambda: services.meeting_update(
                    actor=request.user, meeting=meeting, expected_version=version, data=form.service_data()
                ),
                _visible(request.user),
            )
        except StaleObjectError as exc:
            form.add_domain_error(exc)
            form.data = with_value(form.data, "version", str(Meeting.objects.get(pk=meeting.pk).version))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, _url(meeting), gettext("Đã lưu buổi sinh hoạt."))
    return form_response(request, "meetings/plan.html", {"form": form, "meeting": meeting}, invalid=request.method == "POST")


# ---------------------------------------------------------------- the meeting page


def _context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    can_change = can(request.user, PERM_CHANGE, meeting.organization_id)
    sheet = selectors.attendance_sheet(meeting)
    items = selectors.checklist(meeting)
    decisions = list(meeting.decisions.all())
    documents = list(meeting.documents.all())
    tally = {s.value: 0 for s in AttendanceStatus}
    for _p, a in sheet:
        if a is not None:
            tally[a.status] += 1
    status = meeting.status
    context = {
        "meeting": meeting,
        "status": status,
        "closed": status == MeetingStatus.CLOSED,
        "can_change": can_change,
        "sheet": sheet,
        "statuses": AttendanceStatus.choices,
        "tally": tally,
        "unmarked": sum(1 for _p, a in sheet if a is None),
        "items": items,
        "decisions": decisions,
        "documents": documents,
        "window": services.checkin_window(meeting),
        "checkin_url": request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.code])),
    }
    if can_change and not meeting.is_closed:
        context.setdefault("document_form", DocumentForm(user=request.user))
        context.setdefault("decision_form", DecisionForm(user=request.user))
        context.setdefault("close_form", CloseForm(meeting=meeting, items=items, user=request.user))
    context |= extra
    return context


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk)
    return render(request, "meetings/detail.html", _context(request, meeting))


def _again(request: HttpRequest, meeting: Meeting, fragment: str | None = None, **forms: Any) -> HttpResponse:
    status = 200 if is_htmx(request) else 422
    return render_page(request, "meetings/detail.html", _context(request, meeting, **forms), fragment=fragment, status=status)


@login_required
@require_POST
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap on the sheet: the secretary's mark before closing, a correction (with a note) after it."""
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    form = MarkForm(request.POST)
    if not form.is_valid():
        raise Http404
    c = form.cleaned_data
    person = Person.objects.filter(pk=c["person"]).first()
    if person is None:
        raise Http404
    try:
        if meeting.is_closed:
            verified_write(
                lambda: services.attendance_correct(
                    actor=request.user, meeting=meeting, person=person, status=c["status"], reason=c["reason"], note=c["note"]
                ),
                _visible(request.user),
            )
        else:
            verified_write(
                lambda: services.attendance_record(
                    actor=request.user, meeting=meeting, entries={person.pk: (c["status"], c["reason"])}
                ),
                lambda rows: True,
            )
    except DomainError as exc:
        if is_htmx(request):
            row = next(((p, a) for p, a in selectors.attendance_sheet(meeting) if p.pk == person.pk), (person, None))
            return render(request, "meetings/detail.html#row", _context(request, meeting, row=row, row_error=exc.message))
        return _again(request, meeting, page_error=exc.message)
    if is_htmx(request):
        meeting.refresh_from_db()
        return render(request, "meetings/detail.html#sheet", _context(request, meeting))
    return redirect(_url(meeting, "diem-danh"))


@login_required
@require_POST
def documents_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    form = DocumentForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        c = form.cleaned_data
        doc = services.DocumentIn(title=c["title"], url=c.get("url") or "", file=c.get("file"))
        try:
            verified_write(
                lambda: services.documents_send(actor=request.user, meeting=meeting, documents=[doc]), lambda rows: True
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, _url(meeting, "tai-lieu"), gettext("Đã gửi tài liệu; đảng viên sẽ được báo."))
    return _again(request, meeting, document_form=form)


@login_required
@require_POST
def checklist_toggle(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    item = ChecklistItem.objects.filter(pk=item_pk, guideline=meeting.guideline).first() if meeting.guideline_id else None
    if item is None:
        raise Http404
    try:
        services.checklist_tick(actor=request.user, meeting=meeting, item=item, done=request.POST.get("done") == "1")
    except DomainError as exc:
        return _again(request, meeting, page_error=exc.message)
    if is_htmx(request):
        return render(request, "meetings/detail.html#checklist", _context(request, meeting))
    return redirect(_url(meeting, "trinh-tu"))


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    form = DecisionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            verified_write(
                lambda: services.decision_record(actor=request.user, meeting=meeting, **form.cleaned_data), _visible(request.user)
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, _url(meeting, "bieu-quyet"), gettext("Đã ghi biểu quyết."))
    return _again(request, meeting, decision_form=form)


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk, perm=PERM_CHANGE)
    items = selectors.checklist(meeting)
    form = CloseForm(request.POST, request.FILES, meeting=meeting, items=items, user=request.user)
    if form.is_valid():
        c = form.cleaned_data
        try:
            verified_write(
                lambda: services.meeting_close(
                    actor=request.user,
                    meeting=meeting,
                    expected_version=c["version"],
                    minutes=c.get("minutes") or "",
                    minutes_file=c.get("minutes_file"),
                    ticks=form.ticks(),
                ),
                _visible(request.user),
            )
        except StaleObjectError as exc:
            form.add_domain_error(exc)
            form.data = with_value(form.data, "version", str(Meeting.objects.get(pk=meeting.pk).version))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, _url(meeting), gettext("Đã kết thúc buổi sinh hoạt; biên bản đã được lưu."))
    return _again(request, meeting, close_form=form)


@login_required
def meeting_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in QR code as SVG (drawn on the server; the page shows it as an image)."""
    meeting = selectors.meeting_get(request.user, pk)
    if meeting.is_closed:
        raise Http404
    url = request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.code]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=6, border=2, dark="#111", light="#fff")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---------------------------------------------------------------- the member's side


@login_required
def checkin(request: HttpRequest, code: str) -> HttpResponse:
    """The page a member's phone opens from the QR code or the short code: one big button."""
    code = services.normalize_code(code)
    meeting = Meeting.objects.open().select_related("organization").filter(code=code).first()
    person = getattr(request.user, "member_record", None)
    attendance = None
    error = None
    if request.method == "POST":
        try:
            attendance = services.attendance_checkin(actor=request.user, code=code)
        except DomainError as exc:
            error = exc.message
    elif meeting is not None and person is not None:
        attendance = meeting.attendances.filter(person=person, status=AttendanceStatus.PRESENT).first()
    if meeting is None and error is None:
        error = gettext("Mã điểm danh không đúng. Hãy xem lại mã trên màn hình hoặc giấy mời.")
    context = {
        "meeting": meeting,
        "code": code,
        "attendance": attendance,
        "error": error,
        "form": CodeForm(initial={"code": code}),
    }
    return render(request, "meetings/checkin.html", context, status=200 if error is None or request.method == "GET" else 422)


@login_required
def checkin_enter(request: HttpRequest) -> HttpResponse:
    """Type the short code (when the QR code cannot be scanned)."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("meetings:checkin", code=services.normalize_code(form.cleaned_data["code"]) or "-")
    return render(request, "meetings/checkin.html", {"form": form, "meeting": None, "enter": True})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The member's next meetings with their documents, and the notifications (marked read when seen)."""
    person = getattr(request.user, "member_record", None)
    meetings = list(selectors.upcoming_for_person(person)[:10]) if person is not None else []
    notes = list(selectors.notifications_of(request.user)[:20])
    unread = [n.pk for n in notes if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
        if person is not None:
            pagecache.own_changed([person.pk])  # the header's badge on their cached pages
    return render(request, "meetings/mine.html", {"person": person, "meetings": meetings, "notes": notes, "unread": set(unread)})
