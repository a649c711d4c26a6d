"""The study API: campaigns, their participation, sessions, attendance sheets and corrections, reporters.

Reads go through the selectors (scoped with ``visible_to(user, "study.view")``); writes call the services, which
check ``study.change``; each write re-checks inside its transaction that the result is visible to the caller. A
missing record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.core.scoping import get_visible_or_404
from apps.members.models import Person
from apps.organizations.models import Organization
from apps.organizations.selectors import organization_get
from apps.study import selectors, services
from apps.study.models import SessionAttendance
from apps.study.schemas import (
    AttendanceOut,
    CampaignIn,
    CampaignListQuery,
    CampaignOut,
    CampaignPageOut,
    CorrectIn,
    PageQuery,
    ParticipationOut,
    ParticipationQuery,
    ReporterEndIn,
    ReporterIn,
    ReporterOut,
    ReporterPageOut,
    SessionIn,
    SessionOut,
    SheetIn,
    SheetOut,
)
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["study"])

PERM_VIEW = selectors.PERM_VIEW
PERM_CHANGE = selectors.PERM_CHANGE
CampaignId = Path(..., ge=1, le=MAX_ID, description="Campaign id")
SessionId = Path(..., ge=1, le=MAX_ID, description="Session id")
AttendanceId = Path(..., ge=1, le=MAX_ID, description="Attendance row id")
ReporterId = Path(..., ge=1, le=MAX_ID, description="Reporter id")


def _gone() -> NotVisibleError:
    return NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")


def _share(s: selectors.Share) -> dict[str, Any]:
    return {
        "organization_id": s.organization_id,
        "name": s.name,
        "expected": s.expected,
        "studied": s.studied,
        "missing": s.missing,
        "rate": s.rate,
    }


def _session(request: HttpRequest, pk: int, perm: str = PERM_VIEW) -> Any:
    return get_visible_or_404(selectors.sessions_visible(request.user, perm), request.user, perm, pk=pk)


# ------------------------------------------------------------------ campaigns


@router.get("/campaigns", response=responses(CampaignPageOut), summary="Các đợt học tập nghị quyết trong phạm vi")
def list_campaigns(request: HttpRequest, filters: Query[CampaignListQuery]) -> Any:
    qs = selectors.campaigns_visible(request.user)
    if filters.symbol:
        qs = qs.filter(document_symbol=filters.symbol)
    qs = qs.order_by("-end_date", "-id")
    return {
        "total": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.get("/campaigns/{campaign_id}", response=responses(CampaignOut), summary="Một đợt học tập")
def get_campaign(request: HttpRequest, campaign_id: int = CampaignId) -> Any:
    return selectors.campaign_get(request.user, campaign_id)


@router.post("/campaigns", response=responses(CampaignOut, status=201, write=True), summary="Tạo đợt học tập")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    with transaction.atomic():
        org = organization_get(request.user, pk=payload.organization_id, perm=PERM_CHANGE)
        data = payload.dict(exclude={"organization_id"})
        campaign = services.campaign_create(actor=request.user, organization=org, **data)
        if not selectors.campaigns_visible(request.user).filter(pk=campaign.pk).exists():
            raise _gone()
        return 201, selectors.campaign_get(request.user, campaign.pk)


@router.get("/campaigns/{campaign_id}/participation", response=responses(ParticipationOut), summary="Tỉ lệ đã học tập")
def get_participation(request: HttpRequest, filters: Query[ParticipationQuery], campaign_id: int = CampaignId) -> Any:
    """Expected and studied members as of ``on_date`` (read on the campaign's end date once it is over), overall
    and for each organization directly under ``organization_id``."""
    campaign = selectors.campaign_get(request.user, campaign_id)
    org: Organization | None = (
        organization_get(request.user, pk=filters.organization_id, perm=PERM_VIEW)
        if filters.organization_id is not None
        else selectors.default_organization(request.user, campaign)
    )
    if org is None:
        raise NotVisibleError("", code="not_found")
    part = selectors.participation(campaign, filters.on_date or timezone.localdate(), org)
    return {
        "campaign_id": campaign.pk,
        "asked_on": part.asked_on,
        "reference_date": part.day,
        "overall": _share(part.overall),
        "parts": [_share(p) for p in part.parts],
    }


# ------------------------------------------------------------------ sessions and attendance


@router.get("/campaigns/{campaign_id}/sessions", response=responses(list[SessionOut]), summary="Các buổi học tập của đợt")
def list_sessions(request: HttpRequest, campaign_id: int = CampaignId) -> Any:
    campaign = selectors.campaign_get(request.user, campaign_id)
    return list(selectors.sessions_of(request.user, campaign))


@router.post(
    "/campaigns/{campaign_id}/sessions", response=responses(SessionOut, status=201, write=True), summary="Lên lịch buổi học tập"
)
def plan_session(request: HttpRequest, payload: SessionIn, campaign_id: int = CampaignId) -> Any:
    with transaction.atomic():
        campaign = selectors.campaign_get(request.user, campaign_id)
        org = organization_get(request.user, pk=payload.organization_id, perm=PERM_CHANGE)
        reporter = makeup_for = None
        if payload.reporter_id is not None:
            reporter = selectors.reporter_get(request.user, payload.reporter_id)
        if payload.makeup_for_id is not None:
            makeup_for = _session(request, payload.makeup_for_id)
        session = services.session_plan(
            actor=request.user,
            campaign=campaign,
            organization=org,
            held_on=payload.held_on,
            place=payload.place,
            reporter=reporter,
            makeup_for=makeup_for,
            note=payload.note,
        )
        return 201, _session(request, session.pk)


@router.get("/sessions/{session_id}", response=responses(SessionOut), summary="Một buổi học tập")
def get_session(request: HttpRequest, session_id: int = SessionId) -> Any:
    return _session(request, session_id)


@router.get("/sessions/{session_id}/attendance", response=responses(list[AttendanceOut]), summary="Điểm danh một buổi")
def get_attendance(request: HttpRequest, session_id: int = SessionId) -> Any:
    session = _session(request, session_id)
    return list(selectors.attendance_of(session))


@router.put("/sessions/{session_id}/attendance", response=responses(SheetOut, write=True), summary="Ghi bảng điểm danh")
def record_attendance(request: HttpRequest, payload: SheetIn, session_id: int = SessionId) -> Any:
    """The sheet in one go (one audit event): members listed are marked present or absent; rows already there are
    corrected. Members outside the holding organization on the day are refused (422), nothing written."""
    with transaction.atomic():
        session = _session(request, session_id, PERM_CHANGE)
        result = services.attendance_record(
            actor=request.user,
            session=session,
            marks=[services.Mark(m.person_id, m.present, m.absence_reason) for m in payload.marks],
        )
        return vars(result)


@router.patch("/attendance/{attendance_id}", response=responses(AttendanceOut, write=True), summary="Sửa điểm danh")
def correct_attendance(request: HttpRequest, payload: CorrectIn, attendance_id: int = AttendanceId) -> Any:
    with transaction.atomic():
        qs = SessionAttendance.objects.select_related("session", "person")
        row = get_visible_or_404(qs, request.user, PERM_CHANGE, pk=attendance_id)
        services.attendance_correct(
            actor=request.user,
            attendance=row,
            present=payload.present,
            absence_reason=payload.absence_reason,
            expected_version=payload.expected_version,
        )
        return qs.get(pk=row.pk)


# ------------------------------------------------------------------ reporters


@router.get("/reporters", response=responses(ReporterPageOut), summary="Báo cáo viên, tuyên truyền viên")
def list_reporters(request: HttpRequest, filters: Query[PageQuery]) -> Any:
    qs = selectors.reporters_visible(request.user)
    return {
        "total": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.get("/reporters/{reporter_id}", response=responses(ReporterOut), summary="Một báo cáo viên")
def get_reporter(request: HttpRequest, reporter_id: int = ReporterId) -> Any:
    return selectors.reporter_get(request.user, reporter_id)


@router.post("/reporters", response=responses(ReporterOut, status=201, write=True), summary="Thêm báo cáo viên")
def add_reporter(request: HttpRequest, payload: ReporterIn) -> Any:
    with transaction.atomic():
        org = organization_get(request.user, pk=payload.organization_id, perm=PERM_CHANGE)
        person = get_visible_or_404(Person.objects.all(), request.user, "members.view", pk=payload.person_id)
        reporter = services.reporter_add(
            actor=request.user,
            person=person,
            role=payload.role.value,
            organization=org,
            valid_from=payload.valid_from,
            decision_symbol=payload.decision_symbol,
            note=payload.note,
        )
        return 201, selectors.reporter_get(request.user, reporter.pk)


@router.post("/reporters/{reporter_id}/end", response=responses(ReporterOut, write=True), summary="Thôi làm báo cáo viên")
def end_reporter(request: HttpRequest, payload: ReporterEndIn, reporter_id: int = ReporterId) -> Any:
    with transaction.atomic():
        reporter = selectors.reporter_get(request.user, reporter_id, PERM_CHANGE)
        services.reporter_end(
            actor=request.user, reporter=reporter, valid_to=payload.valid_to, expected_version=payload.expected_version
        )
        return selectors.reporter_get(request.user, reporter.pk)
