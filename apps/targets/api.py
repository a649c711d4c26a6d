"""The targets API: terms, their congresses and resolutions, targets with their results, values entered by hand,
the indicator registry with the records behind every figure, and the term report.

Reads go through the selectors (scoped with ``visible_to(user, "targets.view")``); writes call the services,
which check ``targets.change``; each write runs in a transaction that re-checks the result is visible to the
caller and rolls back otherwise. A missing record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core import indicators
from apps.core.errors import DomainError, NotVisibleError
from apps.organizations.models import Organization
from apps.organizations.selectors import organization_get
from apps.targets import report, selectors, services
from apps.targets.choices import Status
from apps.targets.models import Measurement, Target, Term
from apps.targets.results import evaluate
from apps.targets.schemas import (
    AsOfQuery,
    CongressIn,
    CongressOut,
    IndicatorOut,
    IndicatorValueOut,
    IndicatorValueQuery,
    MeasurementIn,
    MeasurementOut,
    ResolutionIn,
    ResolutionOut,
    TargetCreateIn,
    TargetDetailOut,
    TargetOut,
    TargetUpdateIn,
    TermCreateIn,
    TermListQuery,
    TermOut,
    TermPageOut,
    TermReportOut,
    WithdrawIn,
)
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["targets"])

PERM_VIEW = selectors.PERM_VIEW
TermId = Path(..., ge=1, le=MAX_ID, description="Term id")
TargetId = Path(..., ge=1, le=MAX_ID, description="Target id")
MeasurementId = Path(..., ge=1, le=MAX_ID, description="Measurement id")
IndicatorKey = Path(..., min_length=1, max_length=64, description="Indicator key, e.g. members.count")

# Query parameters of /indicators/{key}/value that are not the indicator's own.
VALUE_QUERY = frozenset(IndicatorValueQuery.model_fields)


# ------------------------------------------------------------------ helpers


def _org(request: HttpRequest, *, pk: int | None = None, code: str | None = None) -> Organization:
    """An organization on which the caller may see targets (404 otherwise)."""
    return organization_get(request.user, pk=pk, code=code, perm=PERM_VIEW)


def _term(request: HttpRequest, term_id: int) -> Term:
    term = selectors.term_get(request.user, term_id)
    prefetch_related_objects([term], "covers")
    return term


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Choices as their stored strings (the services and the audit trail take plain values)."""
    return {k: v.value if isinstance(v, Enum) else v for k, v in data.items()}


def _still_visible(request: HttpRequest, term: Term) -> None:
    """Write-then-verify: inside the write's transaction, the result must be visible to the caller."""
    if not selectors.terms_visible(request.user).filter(pk=term.pk).exists():
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")


def _as_of(day: dt.date | None, term: Term) -> dt.date:
    """The day asked: today by default, or the last day of a term already over (as the report takes it)."""
    return day or min(timezone.localdate(), term.last_day)


def _detail(request: HttpRequest, target_id: int, day: dt.date | None = None) -> Target:
    """A target with its result on ``day``: the value, the status, each period's reading and the progress."""
    target = selectors.target_get(request.user, target_id)
    prefetch_related_objects([target], "covers")
    as_of = _as_of(day, target.resolution.term)
    result = evaluate(target, as_of)
    target.goal_text = report.goal_text(target)  # type: ignore[attr-defined]
    target.result_data = {  # type: ignore[attr-defined]
        "as_of": as_of,
        "source": result.source,
        "value": result.value,
        "value_text": report.value_text(result),
        "done_on": result.done_on,
        "status": result.status,
        "status_label": str(Status(result.status).label),
        "progress": result.progress,
        "projected": result.projected,
        "readings": [
            {
                "label": reading.label,
                "start": reading.start,
                "end": reading.end,
                "value": reading.value,
                "done_on": reading.done_on,
                "status": status,
                "status_label": str(Status(status).label),
            }
            for reading, status in zip(result.readings, result.statuses, strict=True)
        ],
    }
    return target


def _cell(value: Any) -> str:
    """One cell of an evidence row as text: a (text, url) pair gives its text."""
    if isinstance(value, tuple | list):
        value = value[0] if value else ""
    return "" if value is None else str(value)


# ------------------------------------------------------------------ terms


@router.get("/terms", response=responses(TermPageOut), summary="Nhiệm kỳ trong phạm vi")
def list_terms(request: HttpRequest, filters: Query[TermListQuery]) -> Any:
    """``organization``: only the terms of the organization with this code (404 when it is not visible)."""
    qs = selectors.terms_visible(request.user)
    if filters.organization is not None:
        qs = qs.filter(organization=_org(request, code=filters.organization))
    total = qs.count()
    page = qs.prefetch_related("covers").order_by("organization__sort_key", "-start_date", "id")
    return {
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(page[filters.offset : filters.offset + filters.limit]),
    }


@router.get("/terms/{term_id}", response=responses(TermOut), summary="Một nhiệm kỳ")
def get_term(request: HttpRequest, term_id: int = TermId) -> Any:
    return _term(request, term_id)


@router.post("/terms", response=responses(TermOut, status=201, write=True), summary="Tạo nhiệm kỳ")
def create_term(request: HttpRequest, payload: TermCreateIn) -> Any:
    with transaction.atomic():
        organization = _org(request, pk=payload.organization_id)
        covers = [_org(request, pk=pk) for pk in payload.cover_ids]
        term = services.term_create(
            actor=request.user,
            organization=organization,
            label=payload.label,
            start_date=payload.start_date,
            end_date=payload.end_date,
            note=payload.note,
            covers=covers,
        )
        _still_visible(request, term)
        return 201, _term(request, term.pk)


@router.get("/terms/{term_id}/congress", response=responses(CongressOut), summary="Đại hội mở đầu nhiệm kỳ")
def get_congress(request: HttpRequest, term_id: int = TermId) -> Any:
    """404 when the term's congress is not recorded yet."""
    congress = getattr(selectors.term_get(request.user, term_id), "congress", None)
    if congress is None:
        raise Http404
    return congress


@router.post("/terms/{term_id}/congress", response=responses(CongressOut, status=201, write=True), summary="Ghi đại hội")
def record_congress(request: HttpRequest, payload: CongressIn, term_id: int = TermId) -> Any:
    with transaction.atomic():
        term = selectors.term_get(request.user, term_id)
        held_by = _org(request, pk=payload.held_by_id) if payload.held_by_id is not None else None
        congress = services.congress_record(
            actor=request.user,
            term=term,
            ordinal=payload.ordinal,
            opened_on=payload.opened_on,
            closed_on=payload.closed_on,
            held_by=held_by,
            place=payload.place,
            delegates_summoned=payload.delegates_summoned,
            delegates_present=payload.delegates_present,
            note=payload.note,
        )
        _still_visible(request, term)
        return 201, congress


@router.get("/terms/{term_id}/resolutions", response=responses(list[ResolutionOut]), summary="Nghị quyết của nhiệm kỳ")
def list_resolutions(request: HttpRequest, term_id: int = TermId) -> Any:
    return list(selectors.term_get(request.user, term_id).resolutions.order_by("issued_on", "id"))


@router.post("/terms/{term_id}/resolutions", response=responses(ResolutionOut, status=201, write=True), summary="Ghi nghị quyết")
def record_resolution(request: HttpRequest, payload: ResolutionIn, term_id: int = TermId) -> Any:
    with transaction.atomic():
        term = selectors.term_get(request.user, term_id)
        resolution = services.resolution_record(actor=request.user, term=term, **payload.model_dump())
        _still_visible(request, term)
        return 201, resolution


@router.get("/terms/{term_id}/report", response=responses(TermReportOut), summary="Báo cáo kết quả thực hiện chỉ tiêu")
def term_report(request: HttpRequest, filters: Query[AsOfQuery], term_id: int = TermId) -> Any:
    """Every target with its goal, result, status and provenance, the summary line ("9/10 chỉ tiêu đạt và
    vượt") and the previous term's, as known on ``as_of``. The same structure the page and the exports render."""
    return report.build(selectors.term_get(request.user, term_id), filters.as_of).as_json()


# ------------------------------------------------------------------ targets


@router.get("/terms/{term_id}/targets", response=responses(list[TargetOut]), summary="Chỉ tiêu của nhiệm kỳ")
def list_targets(request: HttpRequest, term_id: int = TermId) -> Any:
    """In the order of the resolutions; each target's result is in GET /{target_id} and in the report."""
    return selectors.term_targets(selectors.term_get(request.user, term_id))


@router.post("/terms/{term_id}/targets", response=responses(TargetDetailOut, status=201, write=True), summary="Tạo chỉ tiêu")
def create_target(request: HttpRequest, payload: TargetCreateIn, term_id: int = TermId) -> Any:
    with transaction.atomic():
        term = selectors.term_get(request.user, term_id)
        resolution = term.resolutions.filter(pk=payload.resolution_id).first()
        if resolution is None:
            raise DomainError(_("Nhiệm kỳ không có nghị quyết này."), code="not_found", field="resolution_id")
        covers = [_org(request, pk=pk) for pk in payload.cover_ids]
        data = _plain(payload.model_dump(exclude={"resolution_id", "cover_ids"}))
        if data["number"] is None:
            del data["number"]
        target = services.target_create(actor=request.user, resolution=resolution, covers=covers, **data)
        _still_visible(request, term)
        return 201, _detail(request, target.pk)


@router.get("/indicators", response=responses(list[IndicatorOut]), summary="Các chỉ số tính tự động")
def list_indicators(request: HttpRequest) -> Any:
    """The registry: what each indicator counts, its kind and unit, and the parameters it takes."""
    return [
        {
            "key": i.key,
            "label": str(i.label),
            "kind": i.kind,
            "unit": str(i.unit),
            "description": str(i.description),
            "higher_is_better": i.higher_is_better,
            "parameters": [
                {"name": p.name, "label": str(p.label), "choices": [{"value": v, "label": str(lbl)} for v, lbl in p.choices]}
                for p in i.parameters
            ],
        }
        for i in indicators.registered()
    ]


@router.get("/indicators/{key}/value", response=responses(IndicatorValueOut), summary="Giá trị một chỉ số, với các bản ghi")
def indicator_value(request: HttpRequest, filters: Query[IndicatorValueQuery], key: str = IndicatorKey) -> Any:
    """The figure for the subtree of ``organization`` over [``start``, ``end``] as known on ``as_of``, and the
    records it counts (those the caller may see), a page at a time. Other query parameters are the indicator's
    own (``?include_readmitted=yes``); an unknown one is refused with its name."""
    try:
        indicator = indicators.get(key)
    except DomainError:
        raise Http404 from None
    organization = _org(request, code=filters.organization)
    as_of = filters.as_of or timezone.localdate()
    end = filters.end or as_of
    if filters.start is not None and filters.start > end:
        raise DomainError(_("Ngày bắt đầu phải trước ngày kết thúc."), code="invalid", field="start")
    raw = {str(name): str(value) for name, value in request.GET.items() if name not in VALUE_QUERY}
    for name, value in raw.items():
        if "\x00" in name or "\x00" in value:
            raise DomainError(_("Dữ liệu không hợp lệ."), code="invalid", field=name.replace("\x00", ""))
    params = indicator.check_params(raw)
    question = indicators.Question(organization_ids=(organization.pk,), start=filters.start, end=end, as_of=as_of, params=params)
    figure = indicators.compute(indicator.key, question)
    evidence = indicator.evidence(question, request.user)
    page = evidence.queryset[filters.offset : filters.offset + filters.limit]
    return {
        "indicator": indicator.key,
        "label": str(indicator.label),
        "kind": indicator.kind,
        "unit": str(indicator.unit),
        "organization_id": organization.pk,
        "organization_code": organization.code,
        "start": filters.start,
        "end": end,
        "as_of": as_of,
        "params": params,
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "records": {
            "note": str(evidence.note),
            "columns": [str(c) for c in evidence.columns],
            "total": evidence.queryset.count(),
            "limit": filters.limit,
            "offset": filters.offset,
            "rows": [[_cell(c) for c in evidence.row(obj)] for obj in page],
        },
    }


@router.post(
    "/measurements/{measurement_id}/withdraw", response=responses(MeasurementOut, write=True), summary="Rút một số liệu nhập tay"
)
def withdraw_measurement(request: HttpRequest, payload: WithdrawIn, measurement_id: int = MeasurementId) -> Any:
    """The value stays in the history, marked withdrawn with the reason; the result falls back to the one before."""
    with transaction.atomic():
        measurement = selectors.measurement_get(request.user, measurement_id)
        withdrawn = services.measurement_withdraw(actor=request.user, measurement=measurement, reason=payload.reason)
        _still_visible(request, measurement.target.resolution.term)
        return withdrawn


@router.get("/{target_id}", response=responses(TargetDetailOut), summary="Một chỉ tiêu, với kết quả tại một ngày")
def get_target(request: HttpRequest, filters: Query[AsOfQuery], target_id: int = TargetId) -> Any:
    """The result: value, status, each year's reading for a target judged each year, progress towards the goal."""
    return _detail(request, target_id, filters.as_of)


@router.patch("/{target_id}", response=responses(TargetDetailOut, write=True), summary="Sửa chỉ tiêu")
def update_target(request: HttpRequest, payload: TargetUpdateIn, target_id: int = TargetId) -> Any:
    """Refused with 409 when the target changed since ``expected_version`` was read."""
    data = _plain(payload.model_dump(exclude_unset=True, exclude={"expected_version"}))
    with transaction.atomic():
        target = selectors.target_get(request.user, target_id)
        services.target_update(actor=request.user, target=target, expected_version=payload.expected_version, data=data)
        _still_visible(request, target.resolution.term)
        return _detail(request, target.pk)


@router.get("/{target_id}/measurements", response=responses(list[MeasurementOut]), summary="Số liệu nhập tay của chỉ tiêu")
def list_measurements(request: HttpRequest, target_id: int = TargetId) -> Any:
    """Latest first, the withdrawn ones included (marked)."""
    return list(selectors.measurements_of(selectors.target_get(request.user, target_id)))


@router.post(
    "/{target_id}/measurements", response=responses(MeasurementOut, status=201, write=True), summary="Nhập kết quả chỉ tiêu"
)
def enter_measurement(request: HttpRequest, payload: MeasurementIn, target_id: int = TargetId) -> Any:
    """For a target not computed from the records: the value on a date, with the document it comes from."""
    with transaction.atomic():
        target = selectors.target_get(request.user, target_id)
        measurement: Measurement = services.measurement_enter(actor=request.user, target=target, **payload.model_dump())
        _still_visible(request, target.resolution.term)
        return 201, measurement
