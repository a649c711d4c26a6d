"""The demo's document registry: the documents the story cites, registered, linked, and the citation index built.

* the central documents a committee works from (public): Resolution 18-NQ/TW on streamlining, Directive 33-CT/TW on
  Party organizations in private enterprises, Guideline 36-HD/VPTW on the layout of Party documents, and the
  regulations the brief names with the ones they replaced or amended (07-QĐi/TW → 69-QĐ/TW, amended by 264-QĐ/TW;
  24-QĐ/TW → 232-QĐ/TW; 124-QĐ/TW → 366-QĐ/TW; 22-QĐ/TW → 296-QĐ/TW), and the resolutions and directives the
  study campaigns covered;
* the province's (public): the merger decision 1628-QĐ/TU of 27-6-2019, the 2025 decision 2268-QĐ/TU, Guideline
  08-HD/BTCTU of 7-8-2018 on cell meetings, Project 08-ĐA/TU (its date left unknown, as the story does not give it);
* the committees' own (internal): the congress resolutions 01-NQ/ĐH of each term and the decisions founding the two
  cells in private enterprises (118-QĐ/ĐU, 162-QĐ/ĐU), which implement Directive 33-CT/TW.

Some decisions the story cites stay unregistered (312-QĐ/ĐUK, 45-QĐ/ĐU ...), so their citations show the "register
it" link to the office. Then the index is rebuilt from every citing source (``documents.services.citations_reindex``).
The summaries are the project's own words; dates of the illustrative local documents follow the story.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.core.demo.story_orgs import AGENCIES_BLOC, ENTERPRISES_BLOC, MERGED, PARTY_BODIES
from apps.documents import services as documents
from apps.documents.choices import Access, LinkKind
from apps.documents.models import Document
from apps.organizations.models import Organization

D = dt.date
PUBLIC, INTERNAL = Access.PUBLIC, Access.INTERNAL
CC = "Ban Chấp hành Trung ương Đảng"
POLITBURO = "Bộ Chính trị"
SECRETARIAT = "Ban Bí thư"
PROVINCE = "Ban Thường vụ Tỉnh ủy Sóc Trăng"

# (key, registry, symbol, kind ("" = read from the symbol), date, issuing body, title, access, summary)
DOCUMENTS: list[tuple[str, str, str, str, dt.date | None, str, str, str, str]] = [
    ("18-NQ", MERGED, "18-NQ/TW", "", D(2017, 10, 25), CC,
     "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
     PUBLIC, "Nghị quyết Hội nghị Trung ương 6 khóa XII về sắp xếp tổ chức bộ máy."),
    ("33-CT", MERGED, "33-CT/TW", "", D(2019, 3, 18), SECRETARIAT,
     "Về tăng cường xây dựng tổ chức đảng trong các đơn vị kinh tế tư nhân", PUBLIC,
     "Giao các cấp ủy đẩy mạnh thành lập tổ chức đảng và phát triển đảng viên trong doanh nghiệp tư nhân."),
    ("36-HD", MERGED, "36-HD/VPTW", "", D(2018, 4, 3), "Văn phòng Trung ương Đảng",
     "Hướng dẫn thể thức và kỹ thuật trình bày văn bản của Đảng", PUBLIC,
     "Số và ký hiệu văn bản theo dạng số-loại/cơ quan ban hành, ví dụ 1628-QĐ/TU."),
    ("07-QĐi", MERGED, "07-QĐi/TW", "", D(2018, 8, 28), POLITBURO,
     "Quy định xử lý kỷ luật tổ chức đảng vi phạm", PUBLIC, ""),
    ("69-QĐ", MERGED, "69-QĐ/TW", "QĐi", D(2022, 7, 6), POLITBURO,
     "Quy định về kỷ luật tổ chức đảng, đảng viên vi phạm", PUBLIC,
     "Hình thức kỷ luật tổ chức đảng: khiển trách, cảnh cáo, giải tán; đảng viên: khiển trách, cảnh cáo, cách chức, khai trừ."),
    ("264-QĐ", MERGED, "264-QĐ/TW", "QĐi", D(2025, 2, 6), POLITBURO,
     "Sửa đổi, bổ sung một số điều của Quy định số 69-QĐ/TW ngày 6-7-2022 của Bộ Chính trị về kỷ luật tổ chức đảng, "
     "đảng viên vi phạm", PUBLIC, ""),
    ("24-QĐ", MERGED, "24-QĐ/TW", "QĐi", D(2021, 7, 30), CC, "Quy định thi hành Điều lệ Đảng", PUBLIC, ""),
    ("232-QĐ", MERGED, "232-QĐ/TW", "QĐi", D(2025, 1, 20), CC, "Quy định thi hành Điều lệ Đảng", PUBLIC,
     "Thay thế Quy định số 24-QĐ/TW ngày 30-7-2021; kết nạp người từ đủ 18 đến 60 tuổi."),
    ("124-QĐ", MERGED, "124-QĐ/TW", "QĐi", D(2023, 10, 4), POLITBURO,
     "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị",
     PUBLIC, ""),
    ("366-QĐ", MERGED, "366-QĐ/TW", "QĐi", D(2025, 8, 30), POLITBURO,
     "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị", PUBLIC,
     "Bốn mức xếp loại trên thang điểm 100."),
    ("22-QĐ", MERGED, "22-QĐ/TW", "QĐi", D(2021, 7, 28), CC,
     "Quy định về công tác kiểm tra, giám sát và kỷ luật của Đảng", PUBLIC, ""),
    ("296-QĐ", MERGED, "296-QĐ/TW", "QĐi", D(2025, 5, 30), CC,
     "Quy định về công tác kiểm tra, giám sát và kỷ luật của Đảng", PUBLIC, ""),
    ("05-CT", MERGED, "05-CT/TW", "", D(2016, 5, 15), POLITBURO,
     "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", PUBLIC, ""),
    ("04-NQ", MERGED, "04-NQ/TW", "", D(2016, 10, 30), CC,
     "Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống",
     PUBLIC, ""),
    ("21-KL", MERGED, "21-KL/TW", "", D(2021, 10, 25), CC,
     "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị", PUBLIC, ""),
    ("27-NQ", MERGED, "27-NQ/TW", "", D(2022, 11, 9), CC,
     "Về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam trong giai đoạn mới", PUBLIC, ""),
    ("41-NQ", MERGED, "41-NQ/TW", "", D(2023, 10, 10), POLITBURO,
     "Về xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam trong thời kỳ mới", PUBLIC, ""),
    ("144-QĐ", MERGED, "144-QĐ/TW", "QĐi", D(2024, 5, 9), POLITBURO,
     "Quy định chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới", PUBLIC, ""),
    # the province
    ("08-ĐA", MERGED, "08-ĐA/TU", "", None, "Tỉnh ủy Sóc Trăng",
     "Đề án sắp xếp tổ chức bộ máy của hệ thống chính trị tỉnh tinh gọn, hoạt động hiệu lực, hiệu quả", PUBLIC,
     "Thực hiện Nghị quyết số 18-NQ/TW ngày 25-10-2017 của Ban Chấp hành Trung ương Đảng."),
    ("1628-QĐ", MERGED, "1628-QĐ/TU", "", D(2019, 6, 27), PROVINCE,
     "Về việc hợp nhất Đảng bộ Khối Các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh thành Đảng bộ Các cơ quan và "
     "Doanh nghiệp tỉnh", PUBLIC,
     "Thực hiện Đề án 08-ĐA/TU; Đảng bộ mới tiếp nhận các tổ chức cơ sở đảng và đảng viên của hai Đảng bộ Khối."),
    ("2268-QĐ", PARTY_BODIES, "2268-QĐ/TU", "", D(2025, 1, 31), PROVINCE,
     "Kết thúc hoạt động Đảng bộ Các cơ quan và Doanh nghiệp tỉnh; thành lập Đảng bộ các cơ quan Đảng tỉnh và Đảng bộ "
     "Ủy ban nhân dân tỉnh", PUBLIC, ""),
    ("08-HD", MERGED, "08-HD/BTCTU", "", D(2018, 8, 7), "Ban Tổ chức Tỉnh ủy Sóc Trăng",
     "Hướng dẫn nội dung, quy trình sinh hoạt chi bộ", PUBLIC,
     "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần, sinh hoạt chuyên đề ít nhất mỗi quý một lần."),
    # the committees' own
    ("NQĐH-2015-CQ", AGENCIES_BLOC, "01-NQ/ĐH", "", D(2015, 6, 12),
     "Đại hội đại biểu Đảng bộ Khối Các cơ quan tỉnh lần thứ VII",
     "Nghị quyết Đại hội đại biểu Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2015-2020", INTERNAL, ""),
    ("NQĐH-2015-DN", ENTERPRISES_BLOC, "01-NQ/ĐH", "", D(2015, 6, 19),
     "Đại hội đại biểu Đảng bộ Khối Doanh nghiệp tỉnh lần thứ IV",
     "Nghị quyết Đại hội đại biểu Đảng bộ Khối Doanh nghiệp tỉnh lần thứ IV, nhiệm kỳ 2015-2020", INTERNAL, ""),
    ("NQĐH-2020", MERGED, "01-NQ/ĐH", "", D(2020, 7, 31),
     "Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII",
     "Nghị quyết Đại hội đại biểu Đảng bộ lần thứ VIII, nhiệm kỳ 2020-2025", INTERNAL,
     "Mười chỉ tiêu của nhiệm kỳ; thành lập 3 tổ chức đảng trong doanh nghiệp tư nhân theo Chỉ thị 33-CT/TW."),
    ("NQĐH-2025", PARTY_BODIES, "01-NQ/ĐH", "", D(2025, 9, 16), "Đại hội đại biểu Đảng bộ các cơ quan Đảng lần thứ I",
     "Nghị quyết Đại hội đại biểu Đảng bộ lần thứ I, nhiệm kỳ 2025-2030", INTERNAL, ""),
    ("118-QĐ", MERGED, "118-QĐ/ĐU", "", D(2019, 11, 15), "Ban Thường vụ Đảng ủy Các cơ quan và Doanh nghiệp tỉnh",
     "Thành lập Chi bộ Công ty TNHH Thủy sản Phước Lộc An", INTERNAL, ""),
    ("162-QĐ", MERGED, "162-QĐ/ĐU", "", D(2020, 5, 20), "Ban Thường vụ Đảng ủy Các cơ quan và Doanh nghiệp tỉnh",
     "Thành lập Chi bộ Công ty TNHH Lúa gạo Thạnh Mỹ Xanh", INTERNAL, ""),
]  # fmt: skip

# (source, kind, target, effective from)
LINKS: list[tuple[str, str, str, dt.date | None]] = [
    ("69-QĐ", LinkKind.REPLACES, "07-QĐi", D(2022, 7, 6)),
    ("264-QĐ", LinkKind.AMENDS, "69-QĐ", D(2025, 2, 6)),
    ("232-QĐ", LinkKind.REPLACES, "24-QĐ", D(2025, 1, 20)),
    ("366-QĐ", LinkKind.REPLACES, "124-QĐ", D(2025, 8, 30)),
    ("296-QĐ", LinkKind.REPLACES, "22-QĐ", D(2025, 5, 30)),
    ("08-ĐA", LinkKind.IMPLEMENTS, "18-NQ", None),
    ("1628-QĐ", LinkKind.IMPLEMENTS, "08-ĐA", None),
    ("118-QĐ", LinkKind.IMPLEMENTS, "33-CT", None),
    ("162-QĐ", LinkKind.IMPLEMENTS, "33-CT", None),
    ("NQĐH-2020", LinkKind.CITES, "33-CT", None),
    ("2268-QĐ", LinkKind.CITES, "1628-QĐ", None),
]


def build_documents(orgs: dict[str, Organization]) -> int:
    """Register the documents, link them and build the citation index; answers the number of documents."""
    made: dict[str, Document] = {}
    for key, registry, symbol, kind, day, body, title, access, summary in DOCUMENTS:
        extra: dict[str, Any] = {"type_code": kind} if kind else {}
        made[key] = documents.document_register(
            actor=None,
            organization=orgs[registry],
            symbol=symbol,
            issued_on=day,
            issuing_body=body,
            title=title,
            summary=summary,
            access=access,
            **extra,
        )
    for source, kind, target, day in LINKS:
        documents.document_link(actor=None, source=made[source], target=made[target], kind=kind, effective_on=day)
    documents.citations_reindex(actor="demo_data")
    return len(made)
