from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "committee", _("Đảng bộ cấp trên cơ sở")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
    SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
    ATTACHED_CELL = "attached_cell", _("Chi bộ trực thuộc")


GRASSROOTS_KINDS = {OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL}
CELL_KINDS = {OrganizationKind.GRASSROOTS_CELL, OrganizationKind.ATTACHED_CELL}


class Sector(models.TextChoices):
    STATE_AGENCY = "state_agency", _("Cơ quan hành chính nhà nước")
    PARTY_AGENCY = "party_agency", _("Cơ quan Đảng, đoàn thể")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài khu vực nhà nước")
    OTHER = "other", _("Khác")


class ReorganizationKind(models.TextChoices):
    FOUND = "found", _("Thành lập")
    RENAME = "rename", _("Đổi tên")
    MOVE = "move", _("Chuyển trực thuộc")
    MERGE = "merge", _("Hợp nhất / sáp nhập")
    SPLIT = "split", _("Chia tách")
    DISSOLVE = "dissolve", _("Giải thể")
    BULK = "bulk", _("Sắp xếp hàng loạt")


class AuditEventType(models.TextChoices):
    FOUNDED = "organization.founded", _("Thành lập tổ chức")
    UPDATED = "organization.updated", _("Sửa thông tin tổ chức")
    RENAMED = "organization.renamed", _("Đổi tên tổ chức")
    MOVED = "organization.moved", _("Chuyển trực thuộc")
    MERGED = "organization.merged", _("Hợp nhất tổ chức")
    SPLIT = "organization.split", _("Chia tách tổ chức")
    DISSOLVED = "organization.dissolved", _("Giải thể tổ chức")
