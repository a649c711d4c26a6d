"""Cell meetings (sinh hoạt chi bộ): the meeting, its documents, the procedure checklist of a guideline, the
decisions voted on, and each member's attendance.

Every row is written by :mod:`apps.meetings.services` (one module, so the per-organization, per-month rollups
another part maintains can hook there). A meeting's status is derived: planned before its start, held after
it, closed once ``closed_at`` is set (the minutes are then final and attendance changes are corrections).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.meetings.choices import AttendanceSource, AttendanceStatus, ChecklistApplies, MeetingKind, MeetingStatus
from apps.meetings.querysets import AttendanceQuerySet, MeetingPartQuerySet, MeetingQuerySet
from apps.members.models import Person
from apps.organizations.models import Organization


class Guideline(AuditedModel):
    """A guideline on how a cell meeting is run (e.g. 08-HD/BTCTU of 7-8-2018): its ordered checklist."""

    symbol = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    title = models.CharField(_("trích yếu"), max_length=500)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("hướng dẫn sinh hoạt")
        verbose_name_plural = _("hướng dẫn sinh hoạt")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "issued_on"],
                name="guideline_symbol_date_unique",
                violation_error_message=_("Hướng dẫn này đã có."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.issued_on:%d/%m/%Y})"


class ChecklistItem(AuditedModel):
    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("nội dung"), max_length=300)
    applies_to = models.CharField(_("áp dụng cho"), max_length=16, choices=ChecklistApplies.choices, default=ChecklistApplies.ALL)

    class Meta:
        ordering = ["guideline", "position"]
        constraints = [models.UniqueConstraint(fields=["guideline", "position"], name="checklist_item_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    def applies(self, kind: str) -> bool:
        return self.applies_to in (ChecklistApplies.ALL, kind)


class Meeting(AuditedModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    topic = models.CharField(_("chủ đề"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    # The local date of ``starts_at`` (Asia/Ho_Chi_Minh): whose members are expected, and the month it counts for.
    on_date = models.DateField(_("ngày họp"), editable=False)
    place = models.CharField(_("địa điểm"), max_length=255)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ trì")
    )
    secretary = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("thư ký")
    )
    agenda = models.TextField(_("chương trình"), blank=True)
    guideline = models.ForeignKey(Guideline, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    documents_sent_on = models.DateField(_("ngày gửi tài liệu"), null=True, blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    minutes_file = models.FileField(_("tệp biên bản"), upload_to="meetings/minutes/%Y/", blank=True)
    closed_at = models.DateTimeField(_("kết thúc biên bản lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("mã điểm danh"), max_length=6)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        indexes = [
            models.Index(fields=["organization", "on_date"], name="meeting_org_date_idx"),
            models.Index(fields=["on_date"], name="meeting_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(closed_at__isnull=True),
                name="meeting_open_code_unique",
                violation_error_message=_("Mã điểm danh đang được dùng."),
            ),
        ]

    def __str__(self) -> str:
        label = self.topic or self.get_kind_display()
        return f"{label} — {self.organization.name if self.organization_id else ''} {self.on_date:%d/%m/%Y}"

    def status_at(self, now: dt.datetime | None = None) -> str:
        if self.closed_at is not None:
            return MeetingStatus.CLOSED
        now = now or timezone.now()
        return MeetingStatus.PLANNED if now < self.starts_at else MeetingStatus.HELD

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return str(MeetingStatus(self.status).label)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def month(self) -> dt.date:
        return self.on_date.replace(day=1)


class MeetingDocument(AuditedModel):
    """A document sent to the members before the meeting: a file or a link."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to="meetings/documents/%Y/", blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    sent_on = models.DateField(_("ngày gửi"))

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="meeting_document_file_or_url",
                violation_error_message=_("Tài liệu cần có tệp hoặc đường dẫn."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class MeetingDecision(AuditedModel):
    """A matter voted on: the text and the votes (for + against + abstaining ≤ members present)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.CharField(_("nội dung biểu quyết"), max_length=1000)
    votes_for = models.PositiveIntegerField(_("tán thành"))
    votes_against = models.PositiveIntegerField(_("không tán thành"), default=0)
    votes_abstain = models.PositiveIntegerField(_("không biểu quyết"), default=0)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def votes_total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


class ChecklistTick(AuditedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    done = models.BooleanField(_("đã thực hiện"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "item__position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="checklist_tick_unique")]


class Attendance(AuditedModel):
    """One member's attendance at one meeting: the secretary's sheet, a check-in, or a later correction."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("điểm danh"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(_("tự điểm danh lúc"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=AttendanceSource.choices, default=AttendanceSource.SECRETARY)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "person__sort_key"]
        indexes = [models.Index(fields=["person", "meeting"], name="attendance_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique",
                violation_error_message=_("Đảng viên đã được điểm danh trong buổi này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class Notification(models.Model):
    """An in-app notice for a user (a reminder of a meeting, documents sent). Not a domain record: written by
    the reminder task, marked read by its owner."""

    # The member told; ``user`` is their login (none: the row only records that the e-mail went out).
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    # What the notice is about, so a reminder delivered twice (a task retried, the periodic run) is written once.
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notification_person_key_unique")]

    def __str__(self) -> str:
        return self.text


class MeetingCounts(models.Model):
    """What a meetings rollup row counts for one organization (``rollups.FIELDS``): closed regular and thematic
    meetings held, and their attendance."""

    # db_index=False: the unique (organization, month or year) index serves lookups by organization.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    regular_held = models.PositiveIntegerField(default=0)
    thematic_held = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    excused = models.PositiveIntegerField(default=0)
    unexcused = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MeetingMonthRollup(MeetingCounts):
    """Derived rollup: one organization's closed meetings and their attendance in one month.

    Kept by :mod:`apps.meetings.rollups` in the transaction of every service that changes a meeting or its
    attendance (through :mod:`apps.meetings.hooks`); a meeting counts in its own organization and the month of
    its date, once closed (held, minutes final). ``expected`` = present + excused + unexcused (members exempt
    from party activities are counted apart and not expected). Regularity and attendance of any subtree read
    these rows joined to the dated closure, never the attendance rows.
    """

    month = models.DateField()  # first day of the month

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="meeting_rollup_unique")]
        indexes = [models.Index(fields=["month", "organization"], name="meeting_rollup_month_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%m/%Y}"


class MeetingYearRollup(MeetingCounts):
    """Derived rollup: one organization's year, summed from its :class:`MeetingMonthRollup` rows, with a 12-bit
    mask of the months it met (bit 0 = January) and of the months it held a thematic meeting.

    Refreshed with the monthly rows it sums (same transaction). A subtree's year then reads one row per
    organization that lay in the subtree the whole year, and the monthly rows of the few that did not.
    """

    year = models.PositiveSmallIntegerField()
    met_mask = models.PositiveIntegerField(default=0)
    thematic_mask = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="meeting_year_rollup_unique")]
        indexes = [models.Index(fields=["year", "organization"], name="meeting_year_rollup_year_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"
