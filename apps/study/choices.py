from django.db import models
from django.utils.translation import gettext_lazy as _


class ReporterRole(models.TextChoices):
    REPORTER = "reporter", _("Báo cáo viên")
    PROPAGANDIST = "propagandist", _("Tuyên truyền viên")


class AuditEventType(models.TextChoices):
    CAMPAIGN_CREATED = "study.campaign_created", _("Tạo đợt học tập nghị quyết")
    SESSION_PLANNED = "study.session_planned", _("Lên lịch buổi học tập")
    ATTENDANCE_RECORDED = "study.attendance_recorded", _("Ghi điểm danh buổi học tập")
    ATTENDANCE_CORRECTED = "study.attendance_corrected", _("Sửa điểm danh buổi học tập")
    REPORTER_ADDED = "study.reporter_added", _("Thêm báo cáo viên, tuyên truyền viên")
    REPORTER_ENDED = "study.reporter_ended", _("Thôi làm báo cáo viên, tuyên truyền viên")
