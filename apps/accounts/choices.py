from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE_CLERK = "office_clerk", _("Văn phòng Đảng ủy")
    ORGANIZATION_BOARD = "organization_board", _("Ban Tổ chức")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    PROPAGANDA = "propaganda", _("Ban Tuyên giáo")
    CELL_SECRETARY = "cell_secretary", _("Bí thư chi bộ")
    LEADER = "leader", _("Lãnh đạo (Ban Thường vụ)")
    MEMBER = "member", _("Đảng viên")
    EDITOR = "editor", _("Biên tập viên")
    EDITOR_IN_CHIEF = "editor_in_chief", _("Tổng biên tập")


class AuditEventType(models.TextChoices):
    ROLE_GRANTED = "role.granted", _("Giao vai trò")
    ROLE_ENDED = "role.ended", _("Kết thúc vai trò")
    TOKEN_CREATED = "token.created", _("Tạo khóa API")
    TOKEN_REVOKED = "token.revoked", _("Thu hồi khóa API")
