"""Writes of the study app: campaigns, their sessions, attendance sheets and corrections, the reporters' roster.

Every service checks ``study.change`` on the organization it writes for and records its audit event in the same
transaction. The attendance services also rewrite the derived study credits of the members they touched
(``credits.refresh``), so participation figures follow a correction made months later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, scoping
from apps.core.dates import format_date
from apps.core.errors import DomainError, StaleObjectError, full_clean
from apps.core.text import nfc
from apps.members.models import Membership, Person
from apps.organizations.models import Organization, TreePath
from apps.study import credits
from apps.study.choices import AuditEventType, ReporterRole
from apps.study.models import Campaign, Reporter, Session, SessionAttendance

PERM_CHANGE = "study.change"
PERM_VIEW = "study.view"


def _require(actor: Any, organization_id: int) -> None:
    scoping.require(actor, PERM_CHANGE, organization_id)


def _clean(instance: Any, exclude: tuple[str, ...] = ()) -> None:
    """Model validation; ``exclude`` names foreign keys given as instances (no query to check they exist)."""
    full_clean(instance, exclude=list(exclude))


def _stale() -> StaleObjectError:
    return StaleObjectError(
        _("Bản ghi đã được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; hãy tải lại trang."),
        code="stale",
    )


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def within(ancestor_id: int, descendant_id: int, day: dt.date) -> bool:
    """Whether ``descendant`` lay in the subtree of ``ancestor`` (itself included) on ``day``."""
    return TreePath.objects.filter(ancestor_id=ancestor_id, descendant_id=descendant_id).filter(_valid_on(day)).exists()


def members_on(organization_id: int, day: dt.date) -> set[int]:
    """The members of the organization's subtree (as it stood) on ``day``."""
    subtree = TreePath.objects.filter(ancestor_id=organization_id).filter(_valid_on(day)).values("descendant_id")
    return set(
        Membership.objects.open_on(day).filter(organization_id__in=subtree).values_list("person_id", flat=True)  # type: ignore[attr-defined]
    )


# ---------------------------------------------------------------- campaigns and sessions


@audit.service
def campaign_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    document_symbol: str,
    start_date: dt.date,
    end_date: dt.date,
    document_date: dt.date | None = None,
    document_issuer: str = "",
    document_title: str = "",
    note: str = "",
) -> Campaign:
    _require(actor, organization.pk)
    campaign = Campaign(
        organization=organization,
        title=nfc(title).strip(),
        document_symbol=nfc(document_symbol).strip(),
        document_date=document_date,
        document_issuer=nfc(document_issuer).strip(),
        document_title=nfc(document_title).strip(),
        start_date=start_date,
        end_date=end_date,
        note=nfc(note),
    )
    _clean(campaign, ("organization",))
    if not organization.alive_on(start_date):
        raise DomainError(
            _("Tổ chức không hoạt động vào ngày %(d)s.") % {"d": format_date(start_date)},
            field="start_date",
            code="org_not_alive",
        )
    campaign.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CAMPAIGN_CREATED,
        target=campaign,
        organization_id=organization.pk,
        after=audit.snapshot(campaign),
    )
    return campaign


def _check_session(
    campaign: Campaign, organization: Organization, held_on: dt.date, reporter: Reporter | None, makeup_for: Session | None
) -> None:
    if not campaign.start_date <= held_on <= campaign.end_date:
        raise DomainError(
            _("Ngày học tập phải trong thời gian của đợt (%(s)s – %(e)s).")
            % {"s": format_date(campaign.start_date), "e": format_date(campaign.end_date)},
            field="held_on",
            code="outside_campaign",
        )
    above = set(
        TreePath.objects.filter(descendant_id=organization.pk).filter(_valid_on(held_on)).values_list("ancestor_id", flat=True)
    )
    if campaign.organization_id not in above:
        raise DomainError(
            _("%(o)s không thuộc phạm vi của đợt học tập vào ngày %(d)s.") % {"o": organization.name, "d": format_date(held_on)},
            field="organization",
            code="outside_subtree",
        )
    if makeup_for is not None:
        if makeup_for.campaign_id != campaign.pk:
            raise DomainError(_("Buổi học bù phải cùng đợt học tập."), field="makeup_for", code="other_campaign")
        if makeup_for.held_on > held_on:
            raise DomainError(_("Buổi học bù phải sau buổi học chính."), field="makeup_for", code="makeup_before")
    if reporter is not None:
        if not (reporter.valid_from <= held_on and (reporter.valid_to is None or reporter.valid_to > held_on)):
            raise DomainError(
                _("Báo cáo viên không làm nhiệm vụ vào ngày %(d)s.") % {"d": format_date(held_on)},
                field="reporter",
                code="reporter_inactive",
            )
        if reporter.organization_id not in above:
            raise DomainError(
                _("Báo cáo viên phải thuộc tổ chức tổ chức buổi học hoặc cấp trên của tổ chức đó."),
                field="reporter",
                code="reporter_elsewhere",
            )


@audit.service
def session_plan(
    *,
    actor: Any,
    campaign: Campaign,
    organization: Organization,
    held_on: dt.date,
    place: str = "",
    reporter: Reporter | None = None,
    makeup_for: Session | None = None,
    note: str = "",
) -> Session:
    """Plan (or record) a session of the campaign held by an organization of its subtree."""
    _require(actor, organization.pk)
    _check_session(campaign, organization, held_on, reporter, makeup_for)
    session = Session(
        campaign=campaign,
        organization=organization,
        held_on=held_on,
        place=nfc(place).strip(),
        reporter=reporter,
        makeup_for=makeup_for,
        note=nfc(note),
    )
    _clean(session, ("campaign", "organization", "reporter", "makeup_for"))
    session.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.SESSION_PLANNED,
        target=session,
        organization_id=organization.pk,
        after=audit.snapshot(session),
    )
    return session


# ---------------------------------------------------------------- attendance


@dataclass(frozen=True)
class Mark:
    """One line of an attendance sheet."""

    person_id: int
    present: bool
    absence_reason: str = ""


@dataclass
class SheetResult:
    present: int
    absent: int
    created: int
    changed: int
    unchanged: int


def _mark_of(row: Any) -> Mark:
    if isinstance(row, Mark):
        return row
    if isinstance(row, dict):
        who: Any = row.get("person_id", row.get("person"))
        pid = who.pk if isinstance(who, Person) else int(who)
        return Mark(pid, bool(row["present"]), str(row.get("absence_reason", "") or ""))
    person, present, *rest = row
    return Mark(person.pk if isinstance(person, Person) else int(person), bool(present), str(rest[0]) if rest else "")


@audit.service
def attendance_record(*, actor: Any, session: Session, marks: Iterable[Any]) -> SheetResult:
    """Record a session's attendance sheet in one go: each line is a member present or absent (with a reason).
    Lines for members already marked correct their row. One audit event holds the counts and the before and after
    of every corrected row. Members outside the holding organization's subtree on the day are refused."""
    _require(actor, session.organization_id)
    lines: dict[int, Mark] = {}
    for row in marks:
        mark = _mark_of(row)
        reason = nfc(mark.absence_reason).strip()
        if mark.present:
            reason = ""
        lines[mark.person_id] = Mark(mark.person_id, mark.present, reason[:300])
    if not lines:
        raise DomainError(_("Danh sách điểm danh trống."), field="marks", code="empty")
    if session.held_on > timezone.localdate():
        raise DomainError(_("Chưa đến ngày học tập, chưa thể điểm danh."), field="marks", code="future_session")
    allowed = members_on(session.organization_id, session.held_on)
    outside = sorted(set(lines) - allowed)
    if outside:
        names = ", ".join(p.full_name for p in Person.objects.filter(pk__in=outside[:5]))
        raise DomainError(
            _("Không phải đảng viên của %(o)s vào ngày %(d)s: %(n)s.")
            % {"o": session.organization.name, "d": format_date(session.held_on), "n": names},
            field="marks",
            code="not_member",
        )
    existing = {a.person_id: a for a in SessionAttendance.objects.filter(session=session, person_id__in=list(lines))}
    new, changed, corrections = [], [], []
    for pid, mark in lines.items():
        row = existing.get(pid)
        if row is None:
            new.append(
                SessionAttendance(session=session, person_id=pid, present=mark.present, absence_reason=mark.absence_reason)
            )
        elif (row.present, row.absence_reason) != (mark.present, mark.absence_reason):
            before = {"person": pid, "present": row.present, "absence_reason": row.absence_reason}
            row.present, row.absence_reason, row.version = mark.present, mark.absence_reason, row.version + 1
            corrections.append((before, {"person": pid, "present": row.present, "absence_reason": row.absence_reason}))
            changed.append(row)
    SessionAttendance.objects.bulk_create(new, batch_size=2000)
    SessionAttendance.objects.bulk_update(changed, ["present", "absence_reason", "version"], batch_size=1000)
    withdrawn = [a.person_id for a in changed if not a.present]
    if withdrawn:
        credits.refresh(session.campaign_id, [a.person_id for a in new] + [a.person_id for a in changed])
    else:  # only presences added: a member's first session is this one or an earlier one
        credits.credit(session.campaign_id, [a.person_id for a in [*new, *changed] if a.present], session.held_on)
    present = sum(1 for m in lines.values() if m.present)
    result = SheetResult(present, len(lines) - present, len(new), len(changed), len(lines) - len(new) - len(changed))
    audit.record(
        actor=actor,
        event_type=AuditEventType.ATTENDANCE_RECORDED,
        target=session,
        organization_id=session.organization_id,
        before={"corrected": [b for b, _a in corrections]} if corrections else None,
        after={
            "present": result.present,
            "absent": result.absent,
            "created": result.created,
            "changed": result.changed,
            "corrected": [a for _b, a in corrections],
        },
    )
    return result


@audit.service
def attendance_correct(
    *,
    actor: Any,
    attendance: SessionAttendance,
    present: bool,
    absence_reason: str = "",
    expected_version: int | None = None,
) -> SessionAttendance:
    """Correct one member's mark on a session (a late correction by the secretary), audited with before and after."""
    row = SessionAttendance.objects.select_for_update().select_related("session").get(pk=attendance.pk)
    _require(actor, row.session.organization_id)
    if expected_version is not None and row.version != expected_version:
        raise _stale()
    reason = "" if present else nfc(absence_reason).strip()[:300]
    before = {"present": row.present, "absence_reason": row.absence_reason}
    if (row.present, row.absence_reason) == (present, reason):
        return row
    row.present, row.absence_reason, row.version = present, reason, row.version + 1
    row.updated_at = timezone.now()
    row.save(update_fields=["present", "absence_reason", "version", "updated_at"])
    credits.refresh(row.session.campaign_id, [row.person_id])
    audit.record(
        actor=actor,
        event_type=AuditEventType.ATTENDANCE_CORRECTED,
        target=row,
        target_repr=f"{row.session} · {row.person_id}",
        organization_id=row.session.organization_id,
        before=before | {"person": row.person_id},
        after={"present": row.present, "absence_reason": row.absence_reason, "person": row.person_id},
    )
    attendance.present, attendance.absence_reason, attendance.version = row.present, row.absence_reason, row.version
    return row


# ---------------------------------------------------------------- reporters


@audit.service
def reporter_add(
    *,
    actor: Any,
    person: Person,
    role: str,
    organization: Organization,
    valid_from: dt.date,
    decision_symbol: str = "",
    note: str = "",
) -> Reporter:
    _require(actor, organization.pk)
    if role not in ReporterRole.values:
        raise DomainError(_("Vai trò không hợp lệ."), field="role", code="invalid")
    reporter = Reporter(
        person=person,
        role=role,
        organization=organization,
        valid_from=valid_from,
        decision_symbol=nfc(decision_symbol).strip(),
        note=nfc(note),
    )
    _clean(reporter, ("person", "organization"))
    reporter.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.REPORTER_ADDED,
        target=reporter,
        organization_id=organization.pk,
        after=audit.snapshot(reporter),
    )
    return reporter


@audit.service
def reporter_end(*, actor: Any, reporter: Reporter, valid_to: dt.date, expected_version: int | None = None) -> Reporter:
    row = Reporter.objects.select_for_update().select_related("person").get(pk=reporter.pk)
    _require(actor, row.organization_id)
    if expected_version is not None and row.version != expected_version:
        raise _stale()
    if row.valid_to is not None:
        raise DomainError(_("Đã thôi từ ngày %(d)s.") % {"d": format_date(row.valid_to)}, field="valid_to", code="already_ended")
    if valid_to <= row.valid_from:
        raise DomainError(_("Ngày thôi phải sau ngày bắt đầu."), field="valid_to", code="invalid")
    led_after = Session.objects.filter(reporter=row, held_on__gte=valid_to).order_by("held_on").first()
    if led_after is not None:
        raise DomainError(
            _("Báo cáo viên đã được phân công buổi học ngày %(d)s.") % {"d": format_date(led_after.held_on)},
            field="valid_to",
            code="has_sessions",
        )
    before = audit.snapshot(row, ["valid_to"])
    row.valid_to, row.version = valid_to, row.version + 1
    row.save(update_fields=["valid_to", "version"])
    audit.record(
        actor=actor,
        event_type=AuditEventType.REPORTER_ENDED,
        target=row,
        organization_id=row.organization_id,
        before=before,
        after=audit.snapshot(row, ["valid_to"]),
    )
    return row
