"""Writes of the meetings app: every change to a meeting, its documents, checklist, decisions and attendance.

All of them live in this one module and announce what they changed through :func:`apps.meetings.hooks.changed`
(organization and month), the hook a rollup of regularity and attendance keeps itself correct with.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, scoping
from apps.core.dates import format_date
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError, full_clean
from apps.core.text import nfc
from apps.meetings import hooks, rollups, selectors  # noqa: F401  (rollups: keeps the monthly rollup on hooks.changed)
from apps.meetings.choices import AttendanceSource, AttendanceStatus, AuditEventType, MeetingKind
from apps.meetings.models import Attendance, ChecklistItem, ChecklistTick, Guideline, Meeting, MeetingDecision, MeetingDocument
from apps.members.models import Person
from apps.organizations.models import Organization

PERM_CHANGE = selectors.PERM_CHANGE

#: the alphabet of check-in codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G look-alikes
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6

UPDATABLE = ("kind", "topic", "starts_at", "ends_at", "place", "agenda", "chair", "secretary", "guideline")


def checkin_margin() -> dt.timedelta:
    """How long before the start and after the end a member may check in (``DANGBO_CHECKIN_MARGIN_MINUTES``)."""
    return dt.timedelta(minutes=int(getattr(settings, "DANGBO_CHECKIN_MARGIN_MINUTES", 30)))


def checkin_window(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    margin = checkin_margin()
    return meeting.starts_at - margin, meeting.ends_at + margin


def _local(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} {format_date(local.date())}"


# ------------------------------------------------------------------ helpers


def _require(actor: Any, organization_id: int) -> None:
    scoping.require(actor, PERM_CHANGE, organization_id)


def _clean(instance: Any, exclude: Iterable[str] = ()) -> None:
    full_clean(instance, exclude=list(exclude))


def _not_closed(meeting: Meeting) -> None:
    if meeting.closed_at is not None:
        raise DomainError(
            _("Buổi sinh hoạt đã kết thúc; chỉ có thể sửa điểm danh (có ghi lý do sửa)."), code="closed", field="meeting"
        )


def _changed(*meetings: Meeting) -> None:
    hooks.changed((m.organization_id, m.on_date) for m in meetings)


def nfc_text(value: str) -> str:
    """NFC for text of several lines (an agenda, minutes): lines kept, spaces inside each line collapsed."""
    lines = [nfc(line) for line in (value or "").replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _on_date(starts_at: dt.datetime) -> dt.date:
    return timezone.localdate(starts_at)


def new_code() -> str:
    """A short code no open meeting uses."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Meeting.objects.filter(code=code, closed_at__isnull=True).exists():
            return code


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _check_people(organization: Organization, on_date: dt.date, **people: Person | None) -> None:
    for name, person in people.items():
        if person is not None and not selectors.is_member_on(person, organization.pk, on_date):
            raise DomainError(
                _("%(p)s không sinh hoạt ở %(o)s vào ngày %(d)s.")
                % {"p": person, "o": organization.name, "d": format_date(on_date)},
                field=name,
                code="not_member",
            )


def _snapshot(meeting: Meeting) -> dict[str, Any]:
    return audit.snapshot(meeting, [*UPDATABLE, "code", "documents_sent_on", "closed_at"])


def _remind(meeting: Meeting, reason: str) -> None:
    """After commit, a task reminds the members (e-mail and in-app) — only of a meeting still ahead."""
    if meeting.starts_at <= timezone.now():
        return
    from apps.meetings.tasks import send_meeting_reminder

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_reminder.enqueue(meeting_id, reason))


# ------------------------------------------------------------------ guidelines


@audit.service
def guideline_record(
    *, actor: Any, symbol: str, issued_on: dt.date, issuer: str, title: str, steps: Iterable[tuple[str, str]]
) -> Guideline:
    """A guideline and its ordered checklist (``steps``: (text, applies_to))."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")
    guideline = Guideline(symbol=nfc(symbol).strip(), issued_on=issued_on, issuer=nfc(issuer).strip(), title=nfc(title).strip())
    _clean(guideline)
    guideline.save()
    for i, (text, applies_to) in enumerate(steps, start=1):
        item = ChecklistItem(guideline=guideline, position=i, text=nfc(text).strip(), applies_to=applies_to)
        _clean(item, exclude=["guideline"])
        item.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.GUIDELINE_RECORDED,
        target=guideline,
        organization_id=None,
        after=audit.snapshot(guideline) | {"steps": list(guideline.items.values_list("text", flat=True))},
    )
    return guideline


def default_guideline(on_date: dt.date | None = None) -> Guideline | None:
    """The latest guideline issued on or before the date."""
    qs = Guideline.objects.all()
    if on_date is not None:
        qs = qs.filter(issued_on__lte=on_date)
    return qs.order_by("-issued_on", "-id").first()


# ------------------------------------------------------------------ planning


@audit.service
def meeting_plan(
    *,
    actor: Any,
    organization: Organization,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    kind: str = MeetingKind.REGULAR,
    topic: str = "",
    agenda: str = "",
    chair: Person | None = None,
    secretary: Person | None = None,
    guideline: Guideline | None = None,
) -> Meeting:
    """Plan a meeting of an organization; its members are reminded after commit."""
    _require(actor, organization.pk)
    on_date = _on_date(starts_at)
    if not organization.alive_on(on_date):
        raise DomainError(
            _("%(o)s không hoạt động vào ngày %(d)s.") % {"o": organization.name, "d": format_date(on_date)},
            field="starts_at",
            code="org_not_alive",
        )
    if kind == MeetingKind.THEMATIC and not nfc(topic).strip():
        raise DomainError(_("Buổi sinh hoạt chuyên đề cần có chủ đề."), field="topic", code="topic_required")
    if ends_at <= starts_at:
        raise DomainError(_("Giờ kết thúc phải sau giờ bắt đầu."), field="ends_at", code="invalid")
    _check_people(organization, on_date, chair=chair, secretary=secretary)
    meeting = Meeting(
        organization=organization,
        kind=kind,
        topic=nfc(topic).strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        on_date=on_date,
        place=nfc(place).strip(),
        agenda=nfc_text(agenda),
        chair=chair,
        secretary=secretary,
        guideline=guideline if guideline is not None else default_guideline(on_date),
        code=new_code(),
    )
    _clean(meeting, exclude=["code"])
    meeting.save()
    audit.record(
        actor=actor, event_type=AuditEventType.PLANNED, target=meeting, organization_id=organization.pk, after=_snapshot(meeting)
    )
    _changed(meeting)
    _remind(meeting, "planned")
    return meeting


@audit.service
def meeting_update(*, actor: Any, meeting: Meeting, expected_version: int, data: Mapping[str, Any]) -> Meeting:
    """Change a planned or held meeting (not a closed one); refused when someone saved it meanwhile."""
    _require(actor, meeting.organization_id)
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    if meeting.version != expected_version:
        raise StaleObjectError(
            _(
                "Buổi sinh hoạt đã được người khác sửa sau khi bạn mở biểu mẫu. Thay đổi của bạn chưa được lưu; hãy tải lại trang."
            ),
            code="stale",
        )
    _not_closed(meeting)
    before = _snapshot(meeting)
    old = Meeting(organization_id=meeting.organization_id, on_date=meeting.on_date)
    for name in UPDATABLE:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = nfc_text(value) if name == "agenda" else nfc(value)
            setattr(meeting, name, value)
    meeting.on_date = _on_date(meeting.starts_at)
    if meeting.on_date != old.on_date and meeting.attendances.exists():
        raise DomainError(
            _("Đã có điểm danh; không thể dời buổi sinh hoạt sang ngày khác."), field="starts_at", code="attendance_recorded"
        )
    if meeting.kind == MeetingKind.THEMATIC and not meeting.topic:
        raise DomainError(_("Buổi sinh hoạt chuyên đề cần có chủ đề."), field="topic", code="topic_required")
    _check_people(meeting.organization, meeting.on_date, chair=meeting.chair, secretary=meeting.secretary)
    _clean(meeting)
    after = _snapshot(meeting)
    if after == before:
        return meeting
    meeting.version += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.UPDATED,
        target=meeting,
        organization_id=meeting.organization_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
    )
    _changed(old, meeting)
    if before["starts_at"] != after["starts_at"]:
        _remind(meeting, "moved")
    return meeting


@dataclass
class DocumentIn:
    title: str
    url: str = ""
    file: UploadedFile | None = field(default=None)


@audit.service
def documents_send(
    *, actor: Any, meeting: Meeting, documents: Iterable[DocumentIn], sent_on: dt.date | None = None
) -> list[MeetingDocument]:
    """Send documents to the members before the meeting (files or links); they are told after commit."""
    _require(actor, meeting.organization_id)
    _not_closed(meeting)
    sent_on = sent_on or timezone.localdate()
    created = []
    for doc in documents:
        row = MeetingDocument(meeting=meeting, title=nfc(doc.title).strip(), url=doc.url.strip(), sent_on=sent_on)
        if doc.file is not None:
            row.file = doc.file
        _clean(row, exclude=["meeting"])
        row.save()
        created.append(row)
    if not created:
        raise DomainError(_("Chưa có tài liệu nào để gửi."), field="documents", code="empty")
    Meeting.objects.filter(pk=meeting.pk).update(
        documents_sent_on=sent_on, version=meeting.version + 1, updated_at=timezone.now()
    )
    meeting.documents_sent_on = sent_on
    meeting.version += 1
    audit.record(
        actor=actor,
        event_type=AuditEventType.DOCUMENTS_SENT,
        target=meeting,
        organization_id=meeting.organization_id,
        after={"sent_on": sent_on, "documents": [d.title for d in created]},
    )
    _remind(meeting, "documents")
    return created


# ------------------------------------------------------------------ attendance


def _check_status(status: str, reason: str) -> None:
    if status not in AttendanceStatus.values:
        raise DomainError(_("Trạng thái điểm danh không hợp lệ."), field="status", code="invalid")
    if status == AttendanceStatus.EXCUSED and not reason:
        raise DomainError(_("Vắng có lý do cần ghi lý do."), field="reason", code="reason_required")


@audit.service
def attendance_record(
    *, actor: Any, meeting: Meeting, entries: Mapping[int, tuple[str, str]], now: dt.datetime | None = None
) -> list[Attendance]:
    """The secretary's sheet for a whole meeting (or some of it): person id → (status, reason).

    Excused absences and exemptions may be recorded ahead; present and unexcused once the check-in window has
    opened. After the meeting is closed, changes go through :func:`attendance_correct`."""
    _require(actor, meeting.organization_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _not_closed(meeting)
    now = now or timezone.now()
    expected = set(selectors.expected_people(meeting).filter(pk__in=list(entries)).values_list("pk", flat=True))
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting, person_id__in=list(entries))}
    changes: list[dict[str, Any]] = []
    saved: list[Attendance] = []
    opens, _closes = checkin_window(meeting)
    for person_id, (status, reason) in entries.items():
        reason = nfc(reason or "").strip()
        _check_status(status, reason)
        if person_id not in expected:
            raise DomainError(
                _("Đảng viên không sinh hoạt ở %(o)s vào ngày %(d)s.")
                % {"o": meeting.organization.name, "d": format_date(meeting.on_date)},
                field="person",
                code="not_member",
            )
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.UNEXCUSED) and now < opens:
            raise DomainError(
                _("Chưa đến giờ sinh hoạt: chỉ ghi được vắng có lý do hoặc miễn sinh hoạt trước %(t)s.") % {"t": _local(opens)},
                field="status",
                code="too_early",
            )
        row = existing.get(person_id)
        if row is not None and row.status == status and row.reason == reason:
            saved.append(row)
            continue
        before = {"status": row.status, "reason": row.reason} if row is not None else None
        if row is None:
            row = Attendance(meeting=meeting, person_id=person_id)
        else:
            row.version += 1
            row.updated_at = now
        row.status, row.reason, row.source = status, reason, AttendanceSource.SECRETARY
        row.save()
        saved.append(row)
        changes.append({"person": person_id, "before": before, "after": {"status": status, "reason": reason}})
    if changes:
        audit.record(
            actor=actor,
            event_type=AuditEventType.ATTENDANCE_RECORDED,
            target=meeting,
            organization_id=meeting.organization_id,
            after={"changes": changes, "n": len(changes)},
        )
        _changed(meeting)
    return saved


@audit.service
def attendance_correct(*, actor: Any, meeting: Meeting, person: Person, status: str, reason: str = "", note: str) -> Attendance:
    """A late correction of a closed meeting's attendance: the audit log keeps before, after and why."""
    _require(actor, meeting.organization_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.closed_at is None:
        raise DomainError(_("Buổi sinh hoạt chưa kết thúc: hãy điểm danh trực tiếp."), field="meeting", code="not_closed")
    reason, note = nfc(reason or "").strip(), nfc(note or "").strip()
    _check_status(status, reason)
    if not note:
        raise DomainError(_("Hãy ghi lý do sửa điểm danh."), field="note", code="note_required")
    row = Attendance.objects.filter(meeting=meeting, person=person).first()
    if row is None and not selectors.is_member_on(person, meeting.organization_id, meeting.on_date):
        raise DomainError(
            _("Đảng viên không sinh hoạt ở %(o)s vào ngày %(d)s.")
            % {"o": meeting.organization.name, "d": format_date(meeting.on_date)},
            field="person",
            code="not_member",
        )
    before = audit.snapshot(row, ["status", "reason", "source"]) if row is not None else None
    if row is None:
        row = Attendance(meeting=meeting, person=person)
    elif row.status == status and row.reason == reason:
        return row
    else:
        row.version += 1
        row.updated_at = timezone.now()
    row.status, row.reason, row.source = status, reason, AttendanceSource.CORRECTION
    row.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.ATTENDANCE_CORRECTED,
        target=row,
        target_repr=f"{person} — {meeting}",
        organization_id=meeting.organization_id,
        before=before,
        after=audit.snapshot(row, ["status", "reason", "source"]),
        note=note,
    )
    _changed(meeting)
    return row


@audit.service
def attendance_checkin(*, actor: Any, code: str, meeting: Meeting | None = None, now: dt.datetime | None = None) -> Attendance:
    """A member checks in with the meeting's code, for their own record. Idempotent: checking in twice keeps
    the first time. Refused outside the window, for a wrong code, or for someone not a member of the
    organization on the meeting's date."""
    now = now or timezone.now()
    person = Person.objects.filter(user=actor).first() if getattr(actor, "is_authenticated", False) else None
    if person is None:
        raise DomainError(
            _("Tài khoản của bạn chưa được gắn với hồ sơ đảng viên nên không tự điểm danh được; hãy báo Bí thư chi bộ."),
            code="no_member_record",
        )
    code = normalize_code(code)
    if meeting is None:
        meeting = Meeting.objects.open().select_related("organization").filter(code=code).first() if code else None
    if meeting is None or meeting.code != code:
        raise DomainError(
            _("Mã điểm danh không đúng. Hãy xem lại mã trên màn hình hoặc giấy mời."), field="code", code="wrong_code"
        )
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    if meeting.closed_at is not None:
        raise DomainError(_("Buổi sinh hoạt đã kết thúc, không điểm danh được nữa."), field="code", code="closed")
    opens, closes = checkin_window(meeting)
    if not opens <= now <= closes:
        raise DomainError(
            _("Chưa đến giờ điểm danh: mở từ %(a)s đến %(b)s.") % {"a": _local(opens), "b": _local(closes)}
            if now < opens
            else _("Đã hết giờ điểm danh (đến %(b)s). Hãy báo Bí thư chi bộ để ghi điểm danh.") % {"b": _local(closes)},
            code="outside_window",
        )
    if not selectors.is_member_on(person, meeting.organization_id, meeting.on_date):
        raise DomainError(
            _("Bạn không phải đảng viên của %(o)s vào ngày %(d)s nên không điểm danh ở buổi này được.")
            % {"o": meeting.organization.name, "d": format_date(meeting.on_date)},
            code="not_member",
        )
    row = Attendance.objects.filter(meeting=meeting, person=person).first()
    if row is not None and row.status == AttendanceStatus.PRESENT:
        return row
    before = audit.snapshot(row, ["status", "reason", "source"]) if row is not None else None
    if row is None:
        row = Attendance(meeting=meeting, person=person)
    else:
        row.version += 1
        row.updated_at = now
    row.status, row.reason, row.source, row.checked_in_at = AttendanceStatus.PRESENT, "", AttendanceSource.CHECKIN, now
    row.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CHECKED_IN,
        target=row,
        target_repr=f"{person} — {meeting}",
        organization_id=meeting.organization_id,
        before=before,
        after=audit.snapshot(row, ["status", "source", "checked_in_at"]),
    )
    _changed(meeting)
    return row


# ------------------------------------------------------------------ procedure, decisions, closing


def _apply_tick(meeting: Meeting, item: ChecklistItem, done: bool, note: str) -> tuple[ChecklistTick, dict[str, Any] | None]:
    if item.guideline_id != meeting.guideline_id or not item.applies(meeting.kind):
        raise DomainError(_("Bước này không thuộc hướng dẫn của buổi sinh hoạt."), field="item", code="invalid")
    tick = ChecklistTick.objects.filter(meeting=meeting, item=item).first()
    note = nfc(note or "").strip()
    if tick is not None and tick.done == done and tick.note == note:
        return tick, None
    before = {"done": tick.done, "note": tick.note} if tick is not None else None
    if tick is None:
        tick = ChecklistTick(meeting=meeting, item=item)
    else:
        tick.version += 1
        tick.updated_at = timezone.now()
    tick.done, tick.note = done, note
    _clean(tick, exclude=["meeting", "item"])
    tick.save()
    return tick, {"item": item.position, "before": before, "after": {"done": done, "note": note}}


@audit.service
def checklist_tick(*, actor: Any, meeting: Meeting, item: ChecklistItem, done: bool, note: str = "") -> ChecklistTick:
    """Mark a step of the guideline done (or not, with a note) during the meeting."""
    _require(actor, meeting.organization_id)
    _not_closed(meeting)
    tick, change = _apply_tick(meeting, item, done, note)
    if change is not None:
        audit.record(
            actor=actor,
            event_type=AuditEventType.CHECKLIST_TICKED,
            target=meeting,
            organization_id=meeting.organization_id,
            after=change,
        )
    return tick


def _check_votes(meeting: Meeting, votes: Iterable[int]) -> None:
    total = sum(votes)
    present = selectors.present_count(meeting)
    if total > present:
        raise DomainError(
            _("Tổng số phiếu (%(t)s) nhiều hơn số đảng viên có mặt (%(p)s).") % {"t": total, "p": present},
            field="votes_for",
            code="too_many_votes",
        )


@audit.service
def decision_record(
    *, actor: Any, meeting: Meeting, text: str, votes_for: int, votes_against: int = 0, votes_abstain: int = 0
) -> MeetingDecision:
    """A matter voted on; the votes may not exceed the members present."""
    _require(actor, meeting.organization_id)
    _not_closed(meeting)
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise DomainError(_("Số phiếu không được âm."), field="votes_for", code="invalid")
    _check_votes(meeting, (votes_for, votes_against, votes_abstain))
    decision = MeetingDecision(
        meeting=meeting, text=nfc(text).strip(), votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain
    )
    _clean(decision, exclude=["meeting"])
    decision.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.DECISION_RECORDED,
        target=meeting,
        organization_id=meeting.organization_id,
        after=audit.snapshot(decision, ["text", "votes_for", "votes_against", "votes_abstain"]),
    )
    return decision


@audit.service
def meeting_close(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int,
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
    ticks: Mapping[int, tuple[bool, str]] | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Close the meeting with its minutes: every expected member's attendance recorded, the votes consistent
    with the members present, the checklist as ticked. Afterwards attendance changes are corrections."""
    _require(actor, meeting.organization_id)
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    if meeting.version != expected_version:
        raise StaleObjectError(
            _("Buổi sinh hoạt đã được người khác sửa sau khi bạn mở trang. Hãy tải lại trang rồi kết thúc lại."), code="stale"
        )
    _not_closed(meeting)
    if now < meeting.starts_at:
        raise DomainError(_("Buổi sinh hoạt chưa bắt đầu (%(t)s).") % {"t": _local(meeting.starts_at)}, code="not_started")
    minutes = nfc_text(minutes or "")
    if not minutes and minutes_file is None and not meeting.minutes_file:
        raise DomainError(
            _("Cần có biên bản (nội dung hoặc tệp) để kết thúc buổi sinh hoạt."), field="minutes", code="minutes_required"
        )
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    missing = [p for p in selectors.expected_people(meeting) if p.pk not in recorded]
    if missing:
        names = ", ".join(p.full_name for p in missing[:5]) + ("…" if len(missing) > 5 else "")
        raise DomainError(
            _("Còn %(n)s đảng viên chưa được điểm danh: %(names)s.") % {"n": len(missing), "names": names},
            field="attendance",
            code="attendance_incomplete",
        )
    for decision in meeting.decisions.all():
        _check_votes(meeting, (decision.votes_for, decision.votes_against, decision.votes_abstain))
    changes = []
    if ticks is not None:
        items = {i.pk: i for i in ChecklistItem.objects.filter(guideline=meeting.guideline)} if meeting.guideline_id else {}
        for item_id, (done, note) in ticks.items():
            item = items.get(item_id)
            if item is None:
                raise DomainError(_("Bước này không thuộc hướng dẫn của buổi sinh hoạt."), field="item", code="invalid")
            _tick, change = _apply_tick(meeting, item, done, note)
            if change is not None:
                changes.append(change)
    before = _snapshot(meeting)
    meeting.minutes = minutes or meeting.minutes
    if minutes_file is not None:
        meeting.minutes_file = minutes_file
    meeting.closed_at, meeting.closed_by = now, actor if getattr(actor, "is_authenticated", False) else None
    meeting.version += 1
    meeting.updated_at = now
    meeting.save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.CLOSED,
        target=meeting,
        organization_id=meeting.organization_id,
        before=before,
        after=_snapshot(meeting)
        | {"minutes_chars": len(meeting.minutes), "checklist": changes, "counts": selectors.counts(meeting)},
    )
    _changed(meeting)
    return meeting


# ------------------------------------------------------------------ history in bulk


@dataclass
class PastMeeting:
    """A meeting already held, as recorded in a cell's register (the demo, an import of past years)."""

    organization: Organization
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    minutes: str
    kind: str = MeetingKind.REGULAR
    topic: str = ""
    agenda: str = ""
    chair_id: int | None = None
    secretary_id: int | None = None
    # person id → (status, reason)
    attendance: dict[int, tuple[str, str]] = field(default_factory=dict)
    decisions: list[tuple[str, int, int, int]] = field(default_factory=list)


@audit.service
def meetings_record_past(*, actor: Any, meetings: list[PastMeeting], guideline: Guideline | None = None) -> int:
    """Record meetings already held and closed, with attendance and decisions, in bulk: one audit event per
    organization (what was recorded, with counts). The attendance must name members of the organization on the
    meeting's date and the votes may not exceed those present; nothing is written if any row is wrong."""
    now = timezone.now()
    for org_id in {m.organization.pk for m in meetings}:
        _require(actor, org_id)
    rows: list[Meeting] = []
    for m in meetings:
        if m.starts_at > now:
            raise DomainError(_("Buổi sinh hoạt ở tương lai không ghi như đã họp được."), field="starts_at", code="future")
        if not m.minutes:
            raise DomainError(
                _("Cần có biên bản (nội dung hoặc tệp) để kết thúc buổi sinh hoạt."), field="minutes", code="minutes_required"
            )
        present = sum(1 for s, _r in m.attendance.values() if s == AttendanceStatus.PRESENT)
        for _text, *votes in m.decisions:
            if sum(votes) > present:
                raise DomainError(
                    _("Tổng số phiếu (%(t)s) nhiều hơn số đảng viên có mặt (%(p)s).") % {"t": sum(votes), "p": present},
                    field="votes_for",
                    code="too_many_votes",
                )
        rows.append(
            Meeting(
                organization=m.organization,
                kind=m.kind,
                topic=nfc(m.topic),
                starts_at=m.starts_at,
                ends_at=m.ends_at,
                on_date=_on_date(m.starts_at),
                place=nfc(m.place),
                agenda=nfc_text(m.agenda),
                chair_id=m.chair_id,
                secretary_id=m.secretary_id,
                guideline=guideline,
                minutes=nfc_text(m.minutes),
                closed_at=m.ends_at,
                code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            )
        )
    # the expected members of each (organization, date), in one query per organization
    from apps.members.models import Membership

    wanted: dict[int, set[dt.date]] = {}
    for row in rows:
        wanted.setdefault(row.organization_id, set()).add(row.on_date)
    spans: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for org_id in wanted:
        spans[org_id] = list(Membership.objects.filter(organization_id=org_id).values_list("person_id", "valid_from", "valid_to"))
    for row, m in zip(rows, meetings, strict=True):
        members = {
            p for p, start, end in spans[row.organization_id] if start <= row.on_date and (end is None or end > row.on_date)
        }
        stray = set(m.attendance) - members
        if stray:
            raise DomainError(
                _("Đảng viên không sinh hoạt ở %(o)s vào ngày %(d)s.")
                % {"o": m.organization.name, "d": format_date(row.on_date)},
                field="attendance",
                code="not_member",
            )
        for status, reason in m.attendance.values():
            _check_status(status, reason)
    Meeting.objects.bulk_create(rows, batch_size=500)
    attendance: list[Attendance] = []
    decisions: list[MeetingDecision] = []
    ticks: list[ChecklistTick] = []
    items = list(ChecklistItem.objects.filter(guideline=guideline)) if guideline is not None else []
    for row, m in zip(rows, meetings, strict=True):
        attendance += [
            Attendance(
                meeting=row,
                person_id=pid,
                status=status,
                reason=nfc(reason),
                source=AttendanceSource.SECRETARY,
                created_at=now,
                updated_at=now,
            )
            for pid, (status, reason) in m.attendance.items()
        ]
        decisions += [
            MeetingDecision(meeting=row, text=nfc(text), votes_for=f, votes_against=a, votes_abstain=ab)
            for text, f, a, ab in m.decisions
        ]
        ticks += [ChecklistTick(meeting=row, item=i, done=True) for i in items if i.applies(row.kind)]
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    MeetingDecision.objects.bulk_create(decisions, batch_size=2000)
    ChecklistTick.objects.bulk_create(ticks, batch_size=2000)
    by_org: dict[int, list[Meeting]] = {}
    for row in rows:
        by_org.setdefault(row.organization_id, []).append(row)
    audit.record_many(
        [
            {
                "event_type": AuditEventType.PLANNED,
                "organization_id": org_id,
                "target_type": "organizations.organization",
                "target_id": org_id,
                "target_repr": group[0].organization.name,
                "after": {
                    "recorded_past_meetings": len(group),
                    "from": min(r.on_date for r in group),
                    "to": max(r.on_date for r in group),
                },
                "note": "meetings_record_past",
            }
            for org_id, group in by_org.items()
        ],
        actor=actor,
    )
    _changed(*rows)
    return len(rows)
