"""Writes to members' records. Each public function is a service: one transaction, audited.

Memberships are dated intervals; a transfer closes one and opens the next. Nothing is deleted: a record
ends with a reason. Every membership change also adjusts the member-count rollup (see counts.py) and, when it
brings a member onto or off the committee's roll, the member-flow rollup (see flows.py), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, rules, scoping
from apps.core.dates import format_date, months_between
from apps.core.errors import DomainError, StaleObjectError
from apps.core.text import fold, full_name, nfc, person_sort_key
from apps.members import counts, flows
from apps.members.choices import (
    LEAVING_REASONS,
    AuditEventType,
    EndReason,
    MembershipKind,
    PostKind,
    StartReason,
)
from apps.members.models import Membership, Person, PostHolding
from apps.members.validation import check_person
from apps.organizations.models import Organization

PERM_CHANGE = "members.change"

PERSON_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "hometown",
    "citizen_id",
    "phone",
    "email",
    "education_level",
    "theory_level",
    "admission_date",
    "full_member_date",
    "card_number",
)
TEXT_FIELDS = {
    "family_name",
    "middle_name",
    "given_name",
    "ethnicity",
    "religion",
    "hometown",
    "citizen_id",
    "phone",
    "email",
    "card_number",
}


def _require(actor: Any, organization_id: int) -> None:
    scoping.require(actor, PERM_CHANGE, organization_id)


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PERSON_FIELDS:
            raise DomainError(_("Trường không hợp lệ: %(f)s") % {"f": key}, field=key, code="unknown_field")
        if key in TEXT_FIELDS:
            value = nfc(value or "")
        out[key] = value
    return out


def _raise_problems(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field, code="invalid", params={"problems": problems})


def _check_unique(data: dict[str, Any], exclude_id: int | None = None) -> None:
    for field, label in (("citizen_id", _("Số CCCD")), ("card_number", _("Số thẻ đảng viên"))):
        value = data.get(field)
        if value:
            qs = Person.objects.filter(**{field: value})
            if exclude_id:
                qs = qs.exclude(id=exclude_id)
            if qs.exists():
                raise DomainError(
                    _("%(label)s “%(v)s” đã có trong hệ thống.") % {"label": label, "v": value}, field=field, code="duplicate"
                )


def _person_snapshot(person: Person) -> dict[str, Any]:
    return audit.snapshot(person, [*PERSON_FIELDS, "organization"])


def _set_derived(person: Person) -> None:
    person.name_folded = fold(full_name(person.family_name, person.middle_name, person.given_name))
    person.sort_key = person_sort_key(person.family_name, person.middle_name, person.given_name)


def _open(person: Person, organization: Organization, on_date: dt.date, reason: str, **extra: Any) -> Membership:
    m = Membership(person=person, organization=organization, valid_from=on_date, start_reason=reason, **extra)
    m.full_clean(validate_unique=False, validate_constraints=False)
    m.save()
    counts.apply(counts.contributions(organization.id, on_date, None))
    flows.apply(flows.of_start(organization.id, on_date, reason))
    return m


def _close(m: Membership, on_date: dt.date, reason: str) -> None:
    if on_date < m.valid_from:
        raise DomainError(
            _("Ngày %(d)s sớm hơn ngày bắt đầu sinh hoạt hiện tại (%(s)s).")
            % {"d": format_date(on_date), "s": format_date(m.valid_from)},
            field="on_date",
            code="before_start",
        )
    change: Counter[tuple[int, dt.date]] = Counter()
    change.update(counts.contributions(m.organization_id, m.valid_from, on_date))
    change.subtract(counts.contributions(m.organization_id, m.valid_from, None))
    m.valid_to = on_date
    m.end_reason = reason
    m.version += 1
    m.save(update_fields=["valid_to", "end_reason", "version"])
    counts.apply(change)
    flows.apply(flows.of_end(m.organization_id, m.valid_from, on_date, reason))


def current_membership(person: Person) -> Membership | None:
    return Membership.objects.filter(person=person, valid_to__isnull=True).select_related("organization").first()


@audit.service
def member_admit(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    on_date: dt.date | None = None,
    reason: str = StartReason.ADMITTED,
    decision_symbol: str = "",
    decision_date: dt.date | None = None,
) -> Person:
    """Create a member's record in ``organization``: by admission, by transfer from outside, or by import."""
    _require(actor, organization.id)
    data = _clean_data(data)
    _raise_problems(check_person(data))
    _check_unique(data)
    start = on_date or data["admission_date"]
    if organization.ended_on is not None or not organization.alive_on(start):
        raise DomainError(
            _("Tổ chức “%(o)s” không hoạt động vào ngày %(d)s.") % {"o": organization.name, "d": format_date(start)},
            field="on_date",
            code="org_not_alive",
        )
    if start > timezone.localdate():
        raise DomainError(_("Ngày bắt đầu sinh hoạt ở tương lai."), field="on_date", code="future_date")
    if start < data["admission_date"]:
        raise DomainError(_("Ngày bắt đầu sinh hoạt sớm hơn ngày vào Đảng."), field="on_date", code="before_admission")
    person = Person(organization=organization, **data)
    _set_derived(person)
    person.full_clean(validate_constraints=False)
    person.save()
    _open(person, organization, start, reason, decision_symbol=nfc(decision_symbol), decision_date=decision_date)
    audit.record(
        actor=actor,
        event_type=AuditEventType.CREATED,
        target=person,
        organization_id=organization.id,
        after=_person_snapshot(person) | {"start_reason": reason, "on_date": start},
    )
    return person


@audit.service
def member_update(*, actor: Any, person: Person, expected_version: int, data: dict[str, Any]) -> Person:
    """Correct a member's facts. Refused when the record changed since the form was opened."""
    _require(actor, person.organization_id)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.version != expected_version:
        raise StaleObjectError(
            _(
                "Hồ sơ đã được người khác sửa sau khi bạn mở biểu mẫu. Thay đổi của bạn chưa được lưu; hãy tải lại trang và nhập lại."
            ),
            code="stale",
        )
    data = _clean_data(data)
    before = _person_snapshot(locked)
    merged = {f: getattr(locked, f) for f in PERSON_FIELDS} | data
    _raise_problems(check_person(merged))
    _check_unique(merged, exclude_id=locked.id)
    for key, value in data.items():
        setattr(locked, key, value)
    _set_derived(locked)
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.full_clean(validate_constraints=False)
    locked.save()
    after = _person_snapshot(locked)
    if audit.diff(before, after):
        audit.record(
            actor=actor,
            event_type=AuditEventType.UPDATED,
            target=locked,
            organization_id=locked.organization_id,
            before=before,
            after=after,
        )
    return locked


@audit.service
def member_transfer(
    *,
    actor: Any,
    person: Person,
    to_organization: Organization,
    on_date: dt.date,
    kind: str = MembershipKind.PERMANENT,
    decision_symbol: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Move a member to another organization of the system, permanently or temporarily."""
    _require(actor, person.organization_id)
    _require(actor, to_organization.id)
    current = current_membership(person)
    if current is None:
        raise DomainError(_("Đảng viên hiện không sinh hoạt ở tổ chức nào."), field="person", code="not_current")
    if current.organization_id == to_organization.id:
        raise DomainError(_("Đảng viên đã sinh hoạt tại tổ chức này."), field="to_organization", code="same_org")
    if not to_organization.alive_on(on_date):
        raise DomainError(
            _("Tổ chức nhận không hoạt động vào ngày %(d)s.") % {"d": format_date(on_date)},
            field="to_organization",
            code="org_not_alive",
        )
    if on_date > timezone.localdate():
        raise DomainError(_("Ngày chuyển ở tương lai."), field="on_date", code="future_date")
    before = _person_snapshot(person)
    temporary = kind == MembershipKind.TEMPORARY
    returning = current.kind == MembershipKind.TEMPORARY and current.home_organization_id == to_organization.id
    end_reason = EndReason.TEMPORARY if temporary else (EndReason.RETURNED if returning else EndReason.TRANSFERRED)
    start_reason = StartReason.TEMPORARY if temporary else (StartReason.RETURNED if returning else StartReason.TRANSFERRED)
    _close(current, on_date, end_reason)
    home = None
    if temporary:
        home = current.home_organization if current.kind == MembershipKind.TEMPORARY else current.organization
    new = _open(
        person,
        to_organization,
        on_date,
        start_reason,
        kind=kind,
        home_organization=home,
        decision_symbol=nfc(decision_symbol),
        decision_date=decision_date,
        note=nfc(note),
    )
    # A temporary transfer leaves the record with the home organization; the host sees the member through the
    # open temporary membership (PersonQuerySet.own_rows).
    person.organization = home if home is not None else to_organization
    person.version += 1
    person.save(update_fields=["organization", "version"])
    audit.record(
        actor=actor,
        event_type=AuditEventType.TRANSFERRED,
        target=person,
        organization_id=to_organization.id,
        before=before | {"membership": current.organization.code},
        after=_person_snapshot(person) | {"membership": to_organization.code, "kind": kind, "on_date": on_date},
        note=nfc(decision_symbol),
    )
    # the sending organization keeps a trace of the departure in its own log
    audit.record(
        actor=actor,
        event_type=AuditEventType.TRANSFERRED,
        target=person,
        organization_id=current.organization_id,
        before={"membership": current.organization.code},
        after={"membership": to_organization.code, "on_date": on_date},
        note=nfc(decision_symbol),
    )
    return new


@audit.service
def member_end(
    *,
    actor: Any,
    person: Person,
    on_date: dt.date,
    reason: str,
    decision_symbol: str = "",
    decision_date: dt.date | None = None,
    destination: str = "",
) -> Membership:
    """End a member's activity in the committee (transferred out, deceased, struck off, expelled, resigned)."""
    _require(actor, person.organization_id)
    if reason not in LEAVING_REASONS:
        raise DomainError(_("Lý do kết thúc không hợp lệ."), field="reason", code="invalid_reason")
    current = current_membership(person)
    if current is None:
        raise DomainError(_("Đảng viên hiện không sinh hoạt ở tổ chức nào."), field="person", code="not_current")
    if on_date > timezone.localdate():
        raise DomainError(_("Ngày kết thúc ở tương lai."), field="on_date", code="future_date")
    _close(current, on_date, reason)
    current.decision_symbol = current.decision_symbol or nfc(decision_symbol)
    current.destination = nfc(destination)
    if decision_date and not current.decision_date:
        current.decision_date = decision_date
    current.save(update_fields=["decision_symbol", "destination", "decision_date"])
    audit.record(
        actor=actor,
        event_type=AuditEventType.ENDED,
        target=person,
        organization_id=person.organization_id,
        before={"membership": current.organization.code},
        after={"end_reason": reason, "on_date": on_date, "decision": nfc(decision_symbol), "destination": nfc(destination)},
    )
    return current


@audit.service
def member_readmit(
    *,
    actor: Any,
    person: Person,
    organization: Organization,
    on_date: dt.date,
    reason: str = StartReason.TRANSFERRED_IN,
    decision_symbol: str = "",
) -> Membership:
    """Open a new membership for someone whose record ended (a transfer back in, a readmission)."""
    _require(actor, person.organization_id)
    _require(actor, organization.id)
    if current_membership(person) is not None:
        raise DomainError(_("Đảng viên đang sinh hoạt; hãy dùng chuyển sinh hoạt."), field="person", code="still_current")
    last = Membership.objects.filter(person=person).order_by("-valid_from", "-id").first()
    if last is not None and last.valid_to is not None and on_date < last.valid_to:
        raise DomainError(_("Ngày bắt đầu sớm hơn ngày kết thúc lần sinh hoạt trước."), field="on_date", code="overlap")
    left = last is not None and last.valid_to is not None and last.end_reason in LEAVING_REASONS
    if reason == StartReason.READMITTED and left and last is not None and last.valid_to is not None:
        wait = rules.rule("admission.readmission_min_months", on_date)
        if months_between(last.valid_to, on_date) < int(wait.value):
            raise DomainError(
                _("Kết nạp lại sớm nhất %(m)s tháng sau khi ra khỏi Đảng (%(d)s; %(reg)s).")
                % {"m": wait.value, "d": format_date(last.valid_to), "reg": wait.regulation},
                field="on_date",
                code="readmission_too_early",
            )
    m = _open(person, organization, on_date, reason, decision_symbol=nfc(decision_symbol))
    before = _person_snapshot(person)
    person.organization = organization
    person.version += 1
    person.save(update_fields=["organization", "version"])
    audit.record(
        actor=actor,
        event_type=AuditEventType.ADMITTED,
        target=person,
        organization_id=organization.id,
        before=before,
        after=_person_snapshot(person) | {"on_date": on_date, "reason": reason},
    )
    return m


@audit.service
def post_assign(
    *,
    actor: Any,
    organization: Organization,
    person: Person,
    post: str,
    valid_from: dt.date,
    term_label: str = "",
    decision_symbol: str = "",
) -> PostHolding:
    _require(actor, organization.id)
    if post not in PostKind.values:
        raise DomainError(_("Chức vụ không hợp lệ."), field="post", code="invalid_post")
    if (
        post == PostKind.SECRETARY
        and PostHolding.objects.filter(organization=organization, post=post, valid_to__isnull=True).exists()
    ):
        raise DomainError(_("Tổ chức đã có Bí thư đương nhiệm; hãy cho thôi chức trước."), field="post", code="secretary_exists")
    holding = PostHolding(
        organization=organization,
        person=person,
        post=post,
        valid_from=valid_from,
        term_label=nfc(term_label),
        decision_symbol=nfc(decision_symbol),
    )
    holding.full_clean(validate_constraints=False)
    holding.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.POST_ASSIGNED,
        target=holding,
        organization_id=organization.id,
        after=audit.snapshot(holding),
    )
    return holding


@audit.service
def post_end(*, actor: Any, holding: PostHolding, on_date: dt.date) -> PostHolding:
    _require(actor, holding.organization_id)
    if on_date <= holding.valid_from:
        raise DomainError(_("Ngày thôi giữ chức vụ phải sau ngày bắt đầu."), field="valid_to", code="bad_interval")
    before = audit.snapshot(holding)
    holding.valid_to = on_date
    holding.version += 1
    holding.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.POST_ENDED,
        target=holding,
        organization_id=holding.organization_id,
        before=before,
        after=audit.snapshot(holding),
    )
    return holding
