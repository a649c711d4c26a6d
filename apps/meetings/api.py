"""The meetings API: meetings (list, detail, plan, close), the attendance sheet (get, put: the secretary's marks
or, after closing, corrections with a note) and the member's own check-in. Scoped like the pages: a meeting
outside the caller's scope answers 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Query, Router

from apps.core.errors import DomainError, NotVisibleError
from apps.meetings import selectors, services
from apps.meetings.models import Meeting
from apps.meetings.schemas import (
    AttendanceIn,
    AttendanceOut,
    CheckinIn,
    MeetingCloseIn,
    MeetingDetailOut,
    MeetingListQuery,
    MeetingPageOut,
    MeetingPlanIn,
)
from apps.members.models import Person
from apps.organizations.selectors import organization_get
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["meetings"])
MeetingId = Path(..., ge=1, le=MAX_ID, description="Meeting id")


def _out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "organization_id": m.organization_id,
        "organization": m.organization.name,
        "kind": m.kind,
        "topic": m.topic,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "on_date": m.on_date,
        "place": m.place,
        "status": m.status,
        "code": None if m.is_closed else m.code,
        "closed_at": m.closed_at,
        "version": m.version,
    }


def _detail(m: Meeting) -> dict[str, Any]:
    return _out(m) | {
        "agenda": m.agenda,
        "minutes": m.minutes,
        "chair_id": m.chair_id,
        "secretary_id": m.secretary_id,
        "documents": [{"title": d.title, "href": d.href, "sent_on": d.sent_on} for d in m.documents.all()],
        "decisions": list(m.decisions.values("text", "votes_for", "votes_against", "votes_abstain")),
    }


def _still_visible(request: HttpRequest, meeting_id: int) -> None:
    if not Meeting.objects.visible_to(request.user, selectors.PERM_VIEW).filter(pk=meeting_id).exists():
        raise NotVisibleError("not visible", code="not_found")


@router.get("/", response=responses(MeetingPageOut), summary="Meetings in the caller's scope, latest first")
def meeting_list(request: HttpRequest, query: Query[MeetingListQuery]) -> dict[str, Any]:
    org = organization_get(request.user, pk=query.organization_id, perm=selectors.PERM_VIEW) if query.organization_id else None
    qs = selectors.meeting_list(request.user, organization=org)
    items = list(qs[query.offset : query.offset + query.limit])
    return {"count": qs.count(), "items": [_out(m) for m in items]}


@router.post(
    "/checkin", response=responses(AttendanceOut, write=True), summary="Check in to a meeting with its code (own record)"
)
def checkin(request: HttpRequest, payload: CheckinIn) -> dict[str, Any]:
    row = services.attendance_checkin(actor=request.user, code=payload.code)
    return {
        "person_id": row.person_id,
        "name": row.person.full_name,
        "status": row.status,
        "reason": row.reason,
        "source": row.source,
        "checked_in_at": row.checked_in_at,
    }


@router.get("/{meeting_id}", response=responses(MeetingDetailOut), summary="A meeting with its documents and decisions")
def meeting_detail(request: HttpRequest, meeting_id: int = MeetingId) -> dict[str, Any]:
    return _detail(selectors.meeting_get(request.user, meeting_id))


@router.post("/", response=responses(MeetingDetailOut, status=201, write=True), summary="Plan a meeting")
def meeting_plan(request: HttpRequest, payload: MeetingPlanIn) -> tuple[int, dict[str, Any]]:
    org = organization_get(request.user, pk=payload.organization_id, perm=selectors.PERM_CHANGE)
    people = {p.pk: p for p in Person.objects.filter(pk__in=[i for i in (payload.chair_id, payload.secretary_id) if i])}
    for name, pid in (("chair", payload.chair_id), ("secretary", payload.secretary_id)):
        if pid and pid not in people:
            raise DomainError("Không tìm thấy đảng viên.", field=name, code="not_member")
    with transaction.atomic():
        meeting = services.meeting_plan(
            actor=request.user,
            organization=org,
            kind=payload.kind,
            topic=payload.topic,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            place=payload.place,
            agenda=payload.agenda,
            chair=people.get(payload.chair_id or 0),
            secretary=people.get(payload.secretary_id or 0),
        )
        _still_visible(request, meeting.pk)
    return 201, _detail(meeting)


@router.post("/{meeting_id}/close", response=responses(MeetingDetailOut, write=True), summary="Close a meeting with its minutes")
def meeting_close(request: HttpRequest, payload: MeetingCloseIn, meeting_id: int = MeetingId) -> dict[str, Any]:
    meeting = selectors.meeting_get(request.user, meeting_id, perm=selectors.PERM_CHANGE)
    with transaction.atomic():
        meeting = services.meeting_close(
            actor=request.user, meeting=meeting, expected_version=payload.version, minutes=payload.minutes
        )
        _still_visible(request, meeting.pk)
    return _detail(selectors.meeting_get(request.user, meeting.pk))


def _sheet(meeting: Meeting) -> list[dict[str, Any]]:
    return [
        {
            "person_id": p.pk,
            "name": p.full_name,
            "status": a.status if a else None,
            "reason": a.reason if a else "",
            "source": a.source if a else None,
            "checked_in_at": a.checked_in_at if a else None,
        }
        for p, a in selectors.attendance_sheet(meeting)
    ]


@router.get("/{meeting_id}/attendance", response=responses(list[AttendanceOut]), summary="The attendance sheet")
def attendance_get(request: HttpRequest, meeting_id: int = MeetingId) -> list[dict[str, Any]]:
    return _sheet(selectors.meeting_get(request.user, meeting_id))


@router.put(
    "/{meeting_id}/attendance",
    response=responses(list[AttendanceOut], write=True),
    summary="Record attendance (after closing: corrections, with a note)",
)
def attendance_put(request: HttpRequest, payload: AttendanceIn, meeting_id: int = MeetingId) -> list[dict[str, Any]]:
    meeting = selectors.meeting_get(request.user, meeting_id, perm=selectors.PERM_CHANGE)
    with transaction.atomic():
        if meeting.is_closed:
            people = {p.pk: p for p in Person.objects.filter(pk__in=[e.person_id for e in payload.entries])}
            for e in payload.entries:
                if e.person_id not in people:
                    raise DomainError("Không tìm thấy đảng viên.", field="person", code="not_member")
                services.attendance_correct(
                    actor=request.user,
                    meeting=meeting,
                    person=people[e.person_id],
                    status=e.status,
                    reason=e.reason,
                    note=payload.note,
                )
        else:
            services.attendance_record(
                actor=request.user, meeting=meeting, entries={e.person_id: (e.status.value, e.reason) for e in payload.entries}
            )
    return _sheet(meeting)
