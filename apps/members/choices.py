from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class MembershipKind(models.TextChoices):
    PERMANENT = "permanent", _("Sinh hoạt chính thức")
    TEMPORARY = "temporary", _("Sinh hoạt tạm thời")


class StartReason(models.TextChoices):
    ADMITTED = "admitted", _("Kết nạp")
    TRANSFERRED_IN = "transferred_in", _("Chuyển đến từ ngoài đảng bộ")
    TRANSFERRED = "transferred", _("Chuyển sinh hoạt trong đảng bộ")
    TEMPORARY = "temporary", _("Chuyển sinh hoạt tạm thời")
    RETURNED = "returned", _("Trở về sau sinh hoạt tạm thời")
    REORGANIZED = "reorganized", _("Theo sắp xếp tổ chức")
    READMITTED = "readmitted", _("Kết nạp lại")
    IMPORTED = "imported", _("Nhập từ dữ liệu cũ")


class EndReason(models.TextChoices):
    TRANSFERRED = "transferred", _("Chuyển sinh hoạt trong đảng bộ")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển sinh hoạt ra ngoài đảng bộ")
    TEMPORARY = "temporary", _("Chuyển sinh hoạt tạm thời")
    RETURNED = "returned", _("Kết thúc sinh hoạt tạm thời")
    REORGANIZED = "reorganized", _("Theo sắp xếp tổ chức")
    DECEASED = "deceased", _("Từ trần")
    STRUCK_OFF = "struck_off", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    RESIGNED = "resigned", _("Xin ra khỏi Đảng")


# Reasons that leave the Party committee's roll (the record stays, with its end).
LEAVING_REASONS = {
    EndReason.TRANSFERRED_OUT,
    EndReason.DECEASED,
    EndReason.STRUCK_OFF,
    EndReason.EXPELLED,
    EndReason.RESIGNED,
}


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    FULL = "full", _("Chính thức")
    LEFT = "left", _("Đã ra khỏi danh sách")


class PostKind(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    EXECUTIVE_MEMBER = "executive_member", _("Ủy viên Ban Chấp hành")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
    INSPECTION_MEMBER = "inspection_member", _("Ủy viên Ủy ban Kiểm tra")


class EducationLevel(models.TextChoices):
    NONE = "", _("Chưa khai")
    SECONDARY = "secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class TheoryLevel(models.TextChoices):
    NONE = "", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class AuditEventType(models.TextChoices):
    CREATED = "member.created", _("Tạo hồ sơ đảng viên")
    UPDATED = "member.updated", _("Sửa hồ sơ đảng viên")
    ADMITTED = "member.admitted", _("Kết nạp, tiếp nhận")
    TRANSFERRED = "member.transferred", _("Chuyển sinh hoạt")
    ENDED = "member.ended", _("Ra khỏi danh sách")
    IMPORTED = "member.imported", _("Nhập từ tệp")
    EXPORTED = "member.exported", _("Xuất danh sách ra tệp")
    USER_LINKED = "member.user_linked", _("Gắn tài khoản đăng nhập")
    POST_ASSIGNED = "post.assigned", _("Giao chức vụ")
    POST_ENDED = "post.ended", _("Thôi chức vụ")
