from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    COUNT = "count", _("Số lượng")
    RATE = "rate", _("Tỉ lệ")
    AMOUNT = "amount", _("Giá trị")
    MILESTONE = "milestone", _("Mốc hoàn thành")


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("ít nhất")
    AT_MOST = "at_most", _("không quá")
    EXACTLY = "exactly", _("đúng")
    BY_DATE = "by_date", _("hoàn thành trước ngày")


class TargetPeriod(models.TextChoices):
    WHOLE_TERM = "whole_term", _("Cả nhiệm kỳ")
    EACH_YEAR = "each_year", _("Hằng năm")
    CUMULATIVE = "cumulative", _("Cộng dồn trong nhiệm kỳ")


class TargetGroup(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Xây dựng Đảng")
    POLITICAL_TASKS = "political_tasks", _("Nhiệm vụ chính trị")
    MASS_ORGANIZATIONS = "mass_organizations", _("Công tác dân vận, đoàn thể")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    EXCEEDED = "exceeded", _("Vượt")
    ACHIEVED = "achieved", _("Đạt")
    NOT_ACHIEVED = "not_achieved", _("Không đạt")
    ON_TRACK = "on_track", _("Đang thực hiện, đúng tiến độ")
    OFF_TRACK = "off_track", _("Đang thực hiện, chậm tiến độ")
    NO_DATA = "no_data", _("Chưa có số liệu")


MET = {Status.EXCEEDED, Status.ACHIEVED}
IN_PROGRESS = {Status.ON_TRACK, Status.OFF_TRACK}


class AuditEventType(models.TextChoices):
    TERM_CREATED = "term.created", _("Tạo nhiệm kỳ")
    TERM_UPDATED = "term.updated", _("Sửa nhiệm kỳ")
    CONGRESS_RECORDED = "congress.recorded", _("Ghi đại hội")
    RESOLUTION_RECORDED = "resolution.recorded", _("Ghi nghị quyết")
    TARGET_CREATED = "target.created", _("Tạo chỉ tiêu")
    TARGET_UPDATED = "target.updated", _("Sửa chỉ tiêu")
    MEASUREMENT_ENTERED = "target.measured", _("Nhập kết quả chỉ tiêu")
    MEASUREMENT_WITHDRAWN = "target.measurement_withdrawn", _("Rút kết quả chỉ tiêu")
    TERM_REPORT_EXPORTED = "term.report_exported", _("Xuất báo cáo nhiệm kỳ")
