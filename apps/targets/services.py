"""Writes of the targets app: terms, congresses, resolutions, targets and the values entered by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, indicators, scoping
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError, full_clean
from apps.core.scoping import can
from apps.core.text import nfc
from apps.organizations.models import Organization
from apps.targets.choices import AuditEventType, Comparator, TargetKind, TargetPeriod
from apps.targets.models import Congress, Measurement, Resolution, Target, Term

PERM_CHANGE = "targets.change"
PERM_VIEW = "targets.view"

TARGET_FIELDS = (
    "number",
    "statement",
    "group",
    "kind",
    "unit",
    "baseline",
    "comparator",
    "goal",
    "goal_date",
    "period",
    "weight",
    "indicator",
    "indicator_params",
    "note",
)


def _require(actor: Any, organization_id: int) -> None:
    scoping.require(actor, PERM_CHANGE, organization_id)


def _clean(instance: Any, exclude: Iterable[str] = ()) -> None:
    full_clean(instance, exclude=list(exclude))


def _stale() -> StaleObjectError:
    return StaleObjectError(
        _(
            "Bản ghi đã được người khác sửa sau khi bạn mở biểu mẫu. Thay đổi của bạn chưa được lưu; hãy tải lại trang và nhập lại."
        ),
        code="stale",
    )


@audit.service
def term_create(
    *,
    actor: Any,
    organization: Organization,
    label: str,
    start_date: dt.date,
    end_date: dt.date,
    note: str = "",
    covers: Iterable[Organization] = (),
) -> Term:
    _require(actor, organization.pk)
    term = Term(organization=organization, label=nfc(label).strip(), start_date=start_date, end_date=end_date, note=nfc(note))
    _clean(term)
    term.save()
    chosen = list(covers)
    for org in chosen:
        _require(actor, org.pk)
    term.covers.set(chosen)
    audit.record(
        actor=actor,
        event_type=AuditEventType.TERM_CREATED,
        target=term,
        organization_id=organization.pk,
        after=audit.snapshot(term, ["label", "start_date", "end_date", "note"]) | {"covers": [o.code for o in chosen]},
    )
    return term


@audit.service
def congress_record(
    *,
    actor: Any,
    term: Term,
    ordinal: int,
    opened_on: dt.date,
    closed_on: dt.date,
    held_by: Organization | None = None,
    place: str = "",
    delegates_summoned: int | None = None,
    delegates_present: int | None = None,
    note: str = "",
) -> Congress:
    _require(actor, term.organization_id)
    congress = Congress(
        term=term,
        held_by=held_by or term.organization,
        ordinal=ordinal,
        opened_on=opened_on,
        closed_on=closed_on,
        place=nfc(place),
        delegates_summoned=delegates_summoned,
        delegates_present=delegates_present,
        note=nfc(note),
    )
    _clean(congress)
    congress.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CONGRESS_RECORDED,
        target=congress,
        organization_id=term.organization_id,
        after=audit.snapshot(congress, ["ordinal", "opened_on", "closed_on", "place", "delegates_summoned", "delegates_present"]),
    )
    return congress


@audit.service
def resolution_record(
    *,
    actor: Any,
    term: Term,
    symbol: str,
    issued_on: dt.date,
    issuer: str,
    title: str,
    text: str = "",
) -> Resolution:
    _require(actor, term.organization_id)
    resolution = Resolution(
        term=term, symbol=nfc(symbol).strip(), issued_on=issued_on, issuer=nfc(issuer), title=nfc(title), text=nfc(text)
    )
    _clean(resolution, exclude=["file"])
    resolution.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.RESOLUTION_RECORDED,
        target=resolution,
        organization_id=term.organization_id,
        after=audit.snapshot(resolution, ["symbol", "issued_on", "issuer", "title"]),
    )
    return resolution


def _check_target(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rules a single target must follow; answers the cleaned fields."""
    out = dict(data)
    for key in ("statement", "unit", "note"):
        if key in out and isinstance(out[key], str):
            out[key] = nfc(out[key]).strip()
    for key in ("goal", "baseline", "weight"):
        value = out.get(key)
        if value is not None and not isinstance(value, Decimal):
            try:
                out[key] = Decimal(str(value))
            except InvalidOperation:
                raise DomainError(_("Giá trị không phải là số."), code="invalid", field=key) from None
    kind, comparator = out.get("kind"), out.get("comparator", Comparator.AT_LEAST)
    if kind == TargetKind.MILESTONE and comparator != Comparator.BY_DATE:
        raise DomainError(_("Chỉ tiêu dạng mốc hoàn thành phải có hạn hoàn thành."), code="invalid", field="comparator")
    if comparator == Comparator.BY_DATE and not out.get("goal_date"):
        raise DomainError(_("Cần hạn hoàn thành."), code="required", field="goal_date")
    if comparator != Comparator.BY_DATE and out.get("goal") is None:
        raise DomainError(_("Cần giá trị mục tiêu."), code="required", field="goal")
    if kind == TargetKind.RATE and out.get("goal") is not None and not (0 <= out["goal"] <= 100):
        raise DomainError(_("Tỉ lệ phải từ 0 đến 100%."), code="invalid", field="goal")
    if out.get("indicator"):
        indicator = indicators.get(out["indicator"])
        out["indicator_params"] = indicator.check_params(out.get("indicator_params") or {})
        if kind == TargetKind.MILESTONE:
            raise DomainError(
                _("Chỉ tiêu dạng mốc được ghi nhận bằng tay, không tính từ chỉ số."), code="invalid", field="indicator"
            )
        if indicator.kind == indicators.IndicatorKind.RATE and kind != TargetKind.RATE:
            raise DomainError(_("Chỉ số này cho ra tỉ lệ; loại chỉ tiêu phải là tỉ lệ."), code="invalid", field="kind")
    else:
        out["indicator_params"] = {}
    if out.get("period") == TargetPeriod.EACH_YEAR and kind == TargetKind.MILESTONE:
        raise DomainError(_("Chỉ tiêu dạng mốc không tính hằng năm."), code="invalid", field="period")
    return out


@audit.service
def target_create(*, actor: Any, resolution: Resolution, covers: Iterable[Organization] = (), **data: Any) -> Target:
    _require(actor, resolution.term.organization_id)
    unknown = set(data) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown target fields: {sorted(unknown)}")
    cleaned = _check_target(data)
    if "number" not in cleaned:
        cleaned["number"] = (resolution.targets.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if Target.objects.filter(resolution=resolution, number=cleaned["number"]).exists():
        raise DomainError(_("Số thứ tự chỉ tiêu đã có trong nghị quyết."), code="duplicate", field="number")
    target = Target(resolution=resolution, **cleaned)
    _clean(target)
    target.save()
    chosen = list(covers)
    for org in chosen:
        _require(actor, org.pk)
    target.covers.set(chosen)
    audit.record(
        actor=actor,
        event_type=AuditEventType.TARGET_CREATED,
        target=target,
        organization_id=resolution.term.organization_id,
        after=audit.snapshot(target, TARGET_FIELDS) | {"covers": [o.code for o in chosen]},
    )
    return target


@audit.service
def target_update(*, actor: Any, target: Target, expected_version: int, data: Mapping[str, Any]) -> Target:
    term = target.resolution.term
    _require(actor, term.organization_id)
    locked = Target.objects.select_for_update().get(pk=target.pk)
    if locked.version != expected_version:
        raise _stale()
    unknown = set(data) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown target fields: {sorted(unknown)}")
    before = audit.snapshot(locked, TARGET_FIELDS)
    merged = _check_target({f: getattr(locked, f) for f in TARGET_FIELDS} | dict(data))
    if Target.objects.filter(resolution_id=locked.resolution_id, number=merged["number"]).exclude(pk=locked.pk).exists():
        raise DomainError(_("Số thứ tự chỉ tiêu đã có trong nghị quyết."), code="duplicate", field="number")
    for key in TARGET_FIELDS:
        setattr(locked, key, merged[key])
    locked.version += 1
    locked.updated_at = timezone.now()
    _clean(locked)
    locked.save()
    after = audit.snapshot(locked, TARGET_FIELDS)
    if audit.diff(before, after):
        audit.record(
            actor=actor,
            event_type=AuditEventType.TARGET_UPDATED,
            target=locked,
            organization_id=term.organization_id,
            before=before,
            after=after,
        )
    return locked


@audit.service
def measurement_enter(
    *,
    actor: Any,
    target: Target,
    on_date: dt.date,
    evidence: str,
    value: Decimal | int | str | None = None,
    done_on: dt.date | None = None,
    year: int | None = None,
    evidence_symbol: str = "",
    evidence_file: Any = None,
) -> Measurement:
    """Record a value entered by hand, with the date it holds on and its evidence. Earlier values stay in the
    history; the latest one on or before the day asked is the one a report uses."""
    term = target.resolution.term
    _require(actor, term.organization_id)
    if target.indicator:
        raise DomainError(_("Chỉ tiêu này được tính tự động từ dữ liệu; không nhập tay kết quả."), code="computed", field="value")
    evidence = nfc(evidence or "").strip()
    if not evidence:
        raise DomainError(_("Cần ghi căn cứ của số liệu (văn bản, báo cáo)."), code="required", field="evidence")
    if value is not None and not isinstance(value, Decimal):
        try:
            value = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise DomainError(_("Giá trị không phải là số."), code="invalid", field="value") from None
    if target.kind == TargetKind.MILESTONE:
        if value is not None:
            raise DomainError(_("Chỉ tiêu dạng mốc chỉ ghi ngày hoàn thành."), code="invalid", field="value")
        if done_on is not None and done_on > on_date:
            raise DomainError(_("Ngày hoàn thành không thể sau ngày của số liệu."), code="invalid", field="done_on")
    elif value is None:
        raise DomainError(_("Cần giá trị."), code="required", field="value")
    if target.kind == TargetKind.RATE and value is not None and not (0 <= value <= 100):
        raise DomainError(_("Tỉ lệ phải từ 0 đến 100%."), code="invalid", field="value")
    if target.period == TargetPeriod.EACH_YEAR:
        if year is None:
            year = on_date.year
        if year not in term.years():
            raise DomainError(
                _("Năm %(year)s không thuộc nhiệm kỳ %(term)s.") % {"year": year, "term": term.label},
                code="invalid",
                field="year",
            )
    else:
        year = None
    if on_date < term.start_date:
        raise DomainError(_("Ngày của số liệu trước khi nhiệm kỳ bắt đầu."), code="invalid", field="on_date")
    measurement = Measurement(
        target=target,
        on_date=on_date,
        year=year,
        value=value,
        done_on=done_on,
        evidence=evidence,
        evidence_symbol=nfc(evidence_symbol).strip(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
        entered_by_label=audit._actor_label(actor),
    )
    if evidence_file is not None:
        measurement.evidence_file = evidence_file
    _clean(measurement, exclude=["evidence_file", "entered_by"])
    measurement.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.MEASUREMENT_ENTERED,
        target=target,
        organization_id=term.organization_id,
        after=audit.snapshot(measurement, ["on_date", "year", "value", "done_on", "evidence", "evidence_symbol"])
        | {"measurement": measurement.pk},
    )
    return measurement


@audit.service
def measurement_withdraw(*, actor: Any, measurement: Measurement, reason: str) -> Measurement:
    """Withdraw a value entered by mistake. It stays in the history, marked, with the reason."""
    term = measurement.target.resolution.term
    _require(actor, term.organization_id)
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do rút số liệu."), code="required", field="reason")
    locked = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if locked.withdrawn_at is not None:
        raise DomainError(_("Số liệu này đã được rút."), code="invalid")
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.version += 1
    locked.save(update_fields=["withdrawn_at", "withdrawn_reason", "version"])
    audit.record(
        actor=actor,
        event_type=AuditEventType.MEASUREMENT_WITHDRAWN,
        target=locked.target,
        organization_id=term.organization_id,
        before={"measurement": locked.pk, "value": locked.value, "done_on": locked.done_on},
        after={"withdrawn_reason": reason},
    )
    return locked


@audit.service
def term_report_exported(*, actor: Any, term: Term, file_format: str, as_of: dt.date) -> None:
    """Record that the term report left the system as a file (or, from the command, as JSON): who took it, in
    which format, as of which date. ``actor`` is the user, or a label such as "manage.py term_report"."""
    if actor is not None and not isinstance(actor, str) and not can(actor, PERM_VIEW, term.organization_id):
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")
    audit.record(
        actor=actor,
        event_type=AuditEventType.TERM_REPORT_EXPORTED,
        target=term,
        organization_id=term.organization_id,
        after={"format": file_format, "as_of": as_of},
    )
