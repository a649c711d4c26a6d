"""Resolution study: campaigns across a subtree, their sessions, who attended, and the roster of reporters.

Whether a member has studied a campaign is derived, never typed: present at any of its sessions (regular or
make-up) on or before the date asked. :class:`StudyCredit` keeps, per campaign and member, the date of the first
session the member attended, rewritten by the attendance services in the same transaction, so a participation
figure reads one small indexed set per campaign instead of every attendance row (see ``selectors.py``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditedModel
from apps.members.models import Person
from apps.organizations.models import Organization
from apps.study.choices import ReporterRole
from apps.study.querysets import CampaignQuerySet, ReporterQuerySet, SessionAttendanceQuerySet, SessionQuerySet


class Campaign(AuditedModel):
    """A campaign to study one document (a resolution, a directive) across the subtree of ``organization``."""

    title = models.CharField(_("tên đợt học tập"), max_length=300)
    document_symbol = models.CharField(_("số, ký hiệu văn bản"), max_length=64)
    document_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    document_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    document_title = models.CharField(_("trích yếu văn bản"), max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="study_campaigns", verbose_name=_("tổ chức triển khai")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "-id"]
        verbose_name = _("đợt học tập nghị quyết")
        verbose_name_plural = _("đợt học tập nghị quyết")
        indexes = [
            models.Index(fields=["end_date"], name="study_campaign_end_idx"),
            models.Index(fields=["organization", "end_date"], name="study_campaign_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="study_campaign_dates",
                violation_error_message=_("Ngày kết thúc đợt học tập phải từ ngày bắt đầu trở đi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_symbol}: {self.title}"


class Reporter(AuditedModel):
    """A reporter (báo cáo viên) or propagandist (tuyên truyền viên) of an organization, from when to when. The
    sessions they led are read from the sessions."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="study_roles", verbose_name=_("đảng viên"))
    role = models.CharField(_("vai trò"), max_length=16, choices=ReporterRole.choices)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("tổ chức"))
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_symbol = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = ReporterQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "role", "valid_from", "id"]
        verbose_name = _("báo cáo viên, tuyên truyền viên")
        verbose_name_plural = _("báo cáo viên, tuyên truyền viên")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="study_reporter_interval",
                violation_error_message=_("Ngày thôi phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["person", "organization", "role"],
                condition=Q(valid_to__isnull=True),
                name="study_reporter_one_open",
                violation_error_message=_("Đảng viên đang giữ vai trò này ở tổ chức này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"


class Session(AuditedModel):
    """One session of a campaign, held by an organization of its subtree; a make-up session (``makeup_for``) is
    for those who missed an earlier one."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("đợt học tập"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("tổ chức"))
    held_on = models.DateField(_("ngày học tập"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    reporter = models.ForeignKey(
        Reporter, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("báo cáo viên")
    )
    makeup_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="makeups", verbose_name=_("học bù cho buổi")
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("buổi học tập")
        verbose_name_plural = _("buổi học tập")
        indexes = [
            models.Index(fields=["campaign", "held_on"], name="study_session_campaign_idx"),
            models.Index(fields=["organization", "held_on"], name="study_session_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.document_symbol} · {self.held_on:%d/%m/%Y}"

    @property
    def is_makeup(self) -> bool:
        return self.makeup_for_id is not None


class SessionAttendance(AuditedModel):
    """Whether a member attended a session; an absence carries its reason."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="study_attendance")
    present = models.BooleanField(_("có mặt"))
    absence_reason = models.CharField(_("lý do vắng"), max_length=300, blank=True)

    objects = SessionAttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "person__sort_key", "id"]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        indexes = [models.Index(fields=["person", "session"], name="study_attendance_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="study_attendance_unique",
                violation_error_message=_("Đảng viên đã có trong danh sách điểm danh buổi này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.session_id}: {'+' if self.present else '-'}"


class StudyCredit(models.Model):
    """Derived: the member studied the campaign on ``studied_on`` (the first session they attended). Written only
    by the attendance services (``credits.py``), in the same transaction as the attendance; checked by
    ``credits.verify()``."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    studied_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="study_credit_unique")]
        indexes = [models.Index(fields=["campaign", "studied_on", "person"], name="study_credit_date_idx")]
