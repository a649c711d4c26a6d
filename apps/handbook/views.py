"""The member's handbook: small pages for an older member on a cheap phone, readable without JavaScript, and an
installable web app whose service worker keeps the next meeting and its documents for reading offline.

Every page reads the logged-in member's own rows through :mod:`apps.handbook.selectors`; a login without a member
record gets a plain message. There are no writes here: check-in is the meetings app's own page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.handbook import reading, selectors
from apps.meetings.models import Meeting
from apps.meetings.services import checkin_window
from apps.members.models import Person

SCOPE = "/so-tay/"
SHELL_FILES = ("handbook/handbook.css", "handbook/handbook.js", "handbook/icon-192.png")


def _no_record(request: HttpRequest) -> HttpResponse:
    return render(request, "handbook/no_record.html", {"person": None})


def _page(request: HttpRequest, template: str, person: Person, **context: Any) -> HttpResponse:
    response = render(request, template, {"person": person, **context})
    # personal pages: never kept by a shared cache; the service worker keeps its own copy for offline reading
    response["Cache-Control"] = "private, no-cache"
    return response


# ---------------------------------------------------------------- pages


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    now = timezone.now()
    today = timezone.localdate(now)
    coming = selectors.upcoming(person, now)
    nxt = coming[0] if coming else None
    context = {
        "units": selectors.units_of(request.user, person, today),
        "next": nxt,
        "documents": reading.with_kinds(list(nxt.documents.all())) if nxt else [],
        "checkin_open": nxt is not None and selectors.checkin_open(nxt, now),
        "window": checkin_window(nxt) if nxt else None,
        "later": coming[1:3],
        "study": selectors.study_of(person, today),
        "attendance": selectors.attendance_in_year(request.user, person, today.year, now),
        "reviews": selectors.ratings_of(request.user, person)[:3],
    }
    return _page(request, "handbook/home.html", person, **context)


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    now = timezone.now()
    this_year = timezone.localdate(now).year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        year = this_year
    first = selectors.first_year(person) or this_year
    if not first <= year <= this_year:
        raise Http404
    past = selectors.past_meetings(request.user, person, year, now)
    context = {
        "year": year,
        "upcoming": selectors.upcoming(person, now) if year == this_year else [],
        "past": past,
        "attendance": selectors.attendance_in_year(request.user, person, year, now),
        "previous_year": year - 1 if year > first else None,
        "next_year": year + 1 if year < this_year else None,
    }
    return _page(request, "handbook/meetings.html", person, **context)


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    m = selectors.meeting_get(request.user, person, pk)
    now = timezone.now()
    documents = reading.with_kinds(list(m.documents.all()))
    context = {
        "meeting": m,
        "documents": documents,
        "attendance": selectors.own_attendance(request.user, person, [m.pk]).get(m.pk),
        "checkin_open": selectors.checkin_open(m, now),
        "upcoming": m.closed_at is None and m.ends_at >= now,
        "window": checkin_window(m),
    }
    return _page(request, "handbook/meeting.html", person, **context)


@login_required
@require_GET
def document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    m = selectors.meeting_get(request.user, person, pk)
    doc = selectors.document_get(m, doc_pk)
    text, cut = "", False
    if reading.is_text(doc):
        try:
            text, cut = reading.read_text(doc)
        except OSError:  # the file is gone from storage: say so rather than fail
            text = ""
    context = {
        "meeting": m,
        "doc": doc,
        "text": text,
        "cut": cut,
        "file_name": reading.file_name(doc),
        "size": reading.file_size(doc),
    }
    return _page(request, "handbook/document.html", person, **context)


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    person = selectors.member_of(request.user)
    if person is None:
        raise Http404
    m = selectors.meeting_get(request.user, person, pk)
    doc = selectors.document_get(m, doc_pk)
    if not doc.file:
        raise Http404
    try:
        handle = doc.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=reading.file_name(doc))
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def study(request: HttpRequest) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    today = timezone.localdate()
    context = {
        "lines": selectors.study_of(person, today),
        "ended": selectors.study_of(person, today, ended_since=today.replace(year=today.year - 2, day=1)),
    }
    return _page(request, "handbook/study.html", person, **context)


@login_required
@require_GET
def ratings(request: HttpRequest) -> HttpResponse:
    person = selectors.member_of(request.user)
    if person is None:
        return _no_record(request)
    return _page(request, "handbook/ratings.html", person, reviews=selectors.ratings_of(request.user, person))


# ---------------------------------------------------------------- the installable app


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows when a page was never saved and the phone is offline (no personal data)."""
    return render(request, "handbook/offline.html", {"person": None})


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("handbook/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("handbook/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("handbook/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    data = {
        "name": gettext("Sổ tay đảng viên"),
        "short_name": gettext("Sổ tay"),
        "description": gettext("Chi bộ, lịch sinh hoạt và tài liệu, học tập, xếp loại của đảng viên."),
        "lang": "vi",
        "start_url": reverse("handbook:home"),
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#8a1c1c",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=86400"
    return response


@cache
def _worker_source() -> bytes:
    path = finders.find("handbook/sw.js")
    if not path:  # pragma: no cover - the file ships with the app
        raise Http404
    return Path(str(path)).read_bytes()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served at the top of the handbook so that its scope is ``/so-tay/``."""
    response = HttpResponse(_worker_source(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = SCOPE
    response["Cache-Control"] = "no-cache"
    return response


def _owner(user: Any) -> str:
    """An opaque tag of the logged-in user: the service worker drops the saved pages when another user logs in."""
    return salted_hmac("handbook.offline-owner", str(user.pk)).hexdigest()[:20]


@never_cache
@require_GET
def offline_list(request: HttpRequest) -> JsonResponse:
    """What the service worker saves for reading offline: the shell, the member's pages, the next meeting's page
    and its documents (files up to :data:`reading.OFFLINE_FILE_BYTES`)."""
    shell = [reverse("handbook:offline"), *(static(f) for f in SHELL_FILES)]
    person = selectors.member_of(request.user)
    if person is None:
        return JsonResponse({"owner": "", "shell": shell, "pages": []})
    pages = [reverse("handbook:home"), reverse("handbook:meetings"), reverse("handbook:study"), reverse("handbook:ratings")]
    coming = selectors.upcoming(person, timezone.now())
    if coming:
        nxt: Meeting = coming[0]
        pages.append(reverse("handbook:meeting", args=[nxt.pk]))
        for doc in nxt.documents.all():
            pages.append(reverse("handbook:document", args=[nxt.pk, doc.pk]))
            size = reading.file_size(doc)
            if size is not None and size <= reading.OFFLINE_FILE_BYTES:
                pages.append(reverse("handbook:document_file", args=[nxt.pk, doc.pk]))
    return JsonResponse({"owner": _owner(request.user), "shell": shell, "pages": pages})
