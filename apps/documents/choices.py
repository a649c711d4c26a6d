"""Choices of the documents app: the kinds of documents (Party, after Hướng dẫn 36-HD/VPTW, and State), who may
read a registry entry, the links between documents and the audit events."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.documents.citations import TYPE_NAMES


class DocumentSystem(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản của Nhà nước")


class DocumentType(models.TextChoices):
    """The kind of a document. The value is the code its symbol carries (Hướng dẫn 36-HD/VPTW for the Party),
    except where the Party and the State write one code for two kinds: Thông tư (``TT`` in a State symbol, like the
    Party's Thông tri) is ``TTư``, and a law (no code in ``12/2017/QH14``) is ``Luật``. A Quy định (``QĐi``) may
    carry ``QĐ`` in older symbols (366-QĐ/TW)."""

    # Party
    NGHI_QUYET = "NQ", _("Nghị quyết")
    QUYET_DINH = "QĐ", _("Quyết định")
    QUY_DINH = "QĐi", _("Quy định")
    CHI_THI = "CT", _("Chỉ thị")
    KET_LUAN = "KL", _("Kết luận")
    HUONG_DAN = "HD", _("Hướng dẫn")
    DE_AN = "ĐA", _("Đề án")
    KE_HOACH = "KH", _("Kế hoạch")
    CHUONG_TRINH = "CTr", _("Chương trình")
    QUY_CHE = "QC", _("Quy chế")
    THONG_TRI = "TT", _("Thông tri")
    THONG_BAO = "TB", _("Thông báo")
    BAO_CAO = "BC", _("Báo cáo")
    TO_TRINH = "TTr", _("Tờ trình")
    CONG_VAN = "CV", _("Công văn")
    CONG_DIEN = "CĐ", _("Công điện")
    PHUONG_AN = "PA", _("Phương án")
    BIEN_BAN = "BB", _("Biên bản")
    # State
    LUAT = "Luật", _("Luật")
    PHAP_LENH = "PL", _("Pháp lệnh")
    NGHI_DINH = "NĐ", _("Nghị định")
    THONG_TU = "TTư", _("Thông tư")
    THONG_TU_LIEN_TICH = "TTLT", _("Thông tư liên tịch")
    NGHI_QUYET_LIEN_TICH = "NQLT", _("Nghị quyết liên tịch")


#: each kind's name as the citation parser writes it (``Citation.type``), in Vietnamese whatever the language: the
#: parser's own table, but for the two kinds the registry codes apart (``TTư``, ``Luật``)
KIND_NAMES: dict[str, str] = {kind: TYPE_NAMES[kind] for kind in DocumentType.values if kind in TYPE_NAMES} | {
    DocumentType.THONG_TU.value: "Thông tư",
    DocumentType.LUAT.value: "Luật",
}
#: the kind a parsed citation names (the State's Nghị quyết, Quyết định ... share the Party's kinds)
KIND_BY_NAME: dict[str, str] = {name: kind for kind, name in KIND_NAMES.items()}

#: kinds only the State issues (Nghị quyết, Quyết định, Chỉ thị ... are both the Party's and the State's)
STATE_ONLY = frozenset(
    {
        DocumentType.LUAT,
        DocumentType.PHAP_LENH,
        DocumentType.NGHI_DINH,
        DocumentType.THONG_TU,
        DocumentType.THONG_TU_LIEN_TICH,
        DocumentType.NGHI_QUYET_LIEN_TICH,
    }
)


class Access(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ")


class LinkKind(models.TextChoices):
    """What the ``source`` document does to the ``target`` one; the inverse is shown on the target."""

    AMENDS = "amends", _("sửa đổi, bổ sung")
    REPLACES = "replaces", _("thay thế")
    IMPLEMENTS = "implements", _("hướng dẫn, thực hiện")
    CITES = "cites", _("căn cứ, dẫn chiếu")


#: how the link reads from the target's side
INVERSE_LABELS: dict[str, Any] = {
    LinkKind.AMENDS: _("được sửa đổi, bổ sung bởi"),
    LinkKind.REPLACES: _("bị thay thế bởi"),
    LinkKind.IMPLEMENTS: _("được hướng dẫn, thực hiện bởi"),
    LinkKind.CITES: _("được dẫn chiếu bởi"),
}


class Status(models.TextChoices):
    """Derived from the links and the dates (``selectors.status_of``); never stored."""

    IN_FORCE = "in_force", _("Còn hiệu lực")
    AMENDED = "amended", _("Còn hiệu lực, đã được sửa đổi, bổ sung")
    REPLACED = "replaced", _("Đã bị thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


class AuditEventType(models.TextChoices):
    REGISTERED = "documents.registered", _("Đăng ký văn bản")
    UPDATED = "documents.updated", _("Sửa thông tin văn bản")
    FILE_ATTACHED = "documents.file_attached", _("Đính kèm tệp văn bản")
    LINKED = "documents.linked", _("Liên kết văn bản")
    UNLINKED = "documents.unlinked", _("Bỏ liên kết văn bản")
    CITATIONS_INDEXED = "documents.citations_indexed", _("Cập nhật chỉ mục trích dẫn")
    CITATIONS_REINDEXED = "documents.citations_reindexed", _("Dựng lại chỉ mục trích dẫn")
