from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")


class MeetingStatus(models.TextChoices):
    """Derived from the meeting's dates and its closing, never stored."""

    PLANNED = "planned", _("Sắp họp")
    HELD = "held", _("Đã họp, chưa kết thúc biên bản")
    CLOSED = "closed", _("Đã kết thúc")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không lý do")
    EXEMPT = "exempt", _("Miễn sinh hoạt")


class AttendanceSource(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư, thư ký ghi")
    CHECKIN = "checkin", _("Tự điểm danh")
    CORRECTION = "correction", _("Sửa sau khi kết thúc")


class ChecklistApplies(models.TextChoices):
    ALL = "all", _("Mọi buổi sinh hoạt")
    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")


class AuditEventType(models.TextChoices):
    PLANNED = "meeting.planned", _("Lên lịch sinh hoạt")
    UPDATED = "meeting.updated", _("Sửa buổi sinh hoạt")
    DOCUMENTS_SENT = "meeting.documents_sent", _("Gửi tài liệu sinh hoạt")
    ATTENDANCE_RECORDED = "meeting.attendance_recorded", _("Điểm danh")
    ATTENDANCE_CORRECTED = "meeting.attendance_corrected", _("Sửa điểm danh sau khi kết thúc")
    CHECKED_IN = "meeting.checked_in", _("Tự điểm danh")
    CHECKLIST_TICKED = "meeting.checklist_ticked", _("Đánh dấu bước sinh hoạt")
    DECISION_RECORDED = "meeting.decision_recorded", _("Ghi biểu quyết")
    CLOSED = "meeting.closed", _("Kết thúc buổi sinh hoạt")
    GUIDELINE_RECORDED = "meeting.guideline_recorded", _("Ghi hướng dẫn sinh hoạt")
