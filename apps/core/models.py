from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.audit import WriteOutsideServiceError, in_service


class AuditedModel(models.Model):
    """Base for every domain row: written only by services, with a version for stale-form checks."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not in_service():
            raise WriteOutsideServiceError(f"{type(self).__name__} saved outside a service")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if not in_service():
            raise WriteOutsideServiceError(f"{type(self).__name__} deleted outside a service")
        return super().delete(*args, **kwargs)


class AuditEvent(models.Model):
    """One change: who, when, what, before and after, and the request that made it."""

    occurred_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("người thực hiện"), max_length=150)
    event_type = models.CharField(_("loại sự kiện"), max_length=64)
    # The organization the change belongs to, for scoping the audit log like everything else.
    organization_id = models.BigIntegerField(_("tổ chức"), null=True, blank=True, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    source = models.CharField(max_length=16, default="web")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"], name="audit_target_idx"),
            # a plain index: the LIKE index Django adds for db_index on a text column serves no query here
            models.Index(fields=["event_type"], name="audit_event_type_idx"),
        ]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event_type} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not in_service():
            raise WriteOutsideServiceError("AuditEvent written outside a service")
        if self.pk is not None:
            raise WriteOutsideServiceError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise WriteOutsideServiceError("audit events are never deleted")

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(label, before, after) for each field that changed, with the model's field names and choice labels."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        keys = sorted(set(before) | set(after))
        fields = _model_fields(self.target_type)
        out = []
        for k in keys:
            old, new = before.get(k), after.get(k)
            if old == new:
                continue
            field = fields.get(k)
            if field is None:
                out.append((k, old, new))
                continue
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
            out.append((str(field.verbose_name), choices.get(old, old), choices.get(new, new)))
        return out


def _model_fields(target_type: str) -> dict[str, Any]:
    from django.apps import apps

    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return {}
    return {f.name: f for f in model._meta.concrete_fields}


class RuleValue(models.Model):
    """A rule of the Party's regulations, as data: judged by the value in force on a case's date.

    ``key`` names the rule (``admission.min_age_months``), ``value`` holds it as JSON, and ``regulation``
    cites where it comes from (``232-QĐ/TW``). A revision adds a row with a later ``effective_from``.
    Values marked ``verify`` ship as documented, editable defaults.
    """

    key = models.CharField(_("quy tắc"), max_length=80)
    value = models.JSONField(_("giá trị"))
    regulation = models.CharField(_("văn bản quy định"), max_length=64)
    effective_from = models.DateField(_("hiệu lực từ"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    verify = models.BooleanField(_("cần kiểm tra lại"), default=False)

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="rule_key_date_unique")]

    def __str__(self) -> str:
        return f"{self.key}={self.value} ({self.regulation}, {self.effective_from})"


class ImportJob(models.Model):
    """One file import: who sent what, how far it got, and its report. The page polls it while it runs.

    Not a domain row: the import's changes and their audit trail are written by the import service; this
    row only tracks the work (small files run at once, large ones as a background task).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xử lý")
        VALIDATING = "validating", _("Đang kiểm tra")
        WRITING = "writing", _("Đang ghi dữ liệu")
        SUCCEEDED = "succeeded", _("Đã nhập xong")
        REJECTED = "rejected", _("Có lỗi, chưa nhập gì")
        FAILED = "failed", _("Gặp sự cố, chưa nhập gì")

    FINISHED = frozenset({Status.SUCCEEDED, Status.REJECTED, Status.FAILED})

    kind = models.CharField(_("loại dữ liệu"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The organization the import was aimed at (the default for rows without a code), for scoping.
    organization_id = models.BigIntegerField(_("tổ chức"), null=True, blank=True)
    # Relative to MEDIA_ROOT; the file is removed once the job has finished.
    file_path = models.CharField(_("tệp"), max_length=500, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    created_rows = models.PositiveIntegerField(_("số bản ghi đã tạo"), default=0)
    report = models.JSONField(_("báo cáo"), default=dict, blank=True)
    request_id = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_idx")]
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("các lượt nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
