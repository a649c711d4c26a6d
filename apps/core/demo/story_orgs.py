"""The organizations of the demo and the dated events that reshape them.

The facts of the source article are kept: the two bloc committees merged into the Party Committee of
Provincial Agencies and Enterprises on 27-6-2019 by Decision 1628-QĐ/TU of the provincial Standing Committee,
two Party organizations founded in private enterprises (Directive 33-CT/TW of 18-3-2019), the 8th Congress
for the 2020-2025 term. The 2025 events follow what happened to such committees across the country (ended
and split in two in early 2025, departments merged on 1-3-2025, Sóc Trăng merged into Cần Thơ on
1-7-2025); their decision numbers, and every founding date before 2019, are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from apps.organizations.choices import OrganizationKind, Sector

D = dt.date
K = OrganizationKind
S = Sector

ROOT = "TU-ST"
AGENCIES_BLOC = "KCQ-ST"
ENTERPRISES_BLOC = "KDN-ST"
MERGED = "CCQDN-ST"
PARTY_BODIES = "DBCQD-ST"
PEOPLES_COMMITTEE = "DBUBND-ST"
CAN_THO = "TU-CT"

MERGER_DAY = D(2019, 6, 27)
CONGRESS_DAY = D(2020, 7, 31)  # the 8th Congress opened on 29-7-2020; its elections are dated at its close
SPLIT_DAY = D(2025, 2, 1)
DEPARTMENTS_DAY = D(2025, 3, 1)
CAN_THO_DAY = D(2025, 7, 1)


@dataclass
class Cell:
    """An organization that exists from the start of the story (or from ``founded``), with the number of
    members it has over its life; a committee lists its attached cells."""

    code: str
    name: str
    sector: str
    size: int = 0
    founded: dt.date | None = None
    cells: list[Cell] = field(default_factory=list)
    kind: str = ""


def _committee(code: str, name: str, sector: str, cells: list[tuple[str, int]], founded: dt.date | None = None) -> Cell:
    return Cell(
        code,
        name,
        sector,
        founded=founded,
        kind=K.GRASSROOTS_COMMITTEE,
        cells=[Cell(f"{code}-{i}", f"Chi bộ {n}", sector, size, kind=K.ATTACHED_CELL) for i, (n, size) in enumerate(cells, 1)],
    )


def _cell(code: str, name: str, sector: str, size: int, founded: dt.date | None = None) -> Cell:
    return Cell(code, name, sector, size, founded=founded, kind=K.GRASSROOTS_CELL)


AGENCIES_FOUNDED = D(1992, 7, 1)
ENTERPRISES_FOUNDED = D(2007, 3, 1)

AGENCIES = [
    _cell("CB-VPKCQ", "Chi bộ Cơ quan Đảng ủy Khối Các cơ quan tỉnh", S.PARTY_AGENCY, 14),
    _committee(
        "DB-VPTU",
        "Đảng bộ Văn phòng Tỉnh ủy",
        S.PARTY_AGENCY,
        [("Phòng Tổng hợp", 22), ("Phòng Hành chính - Lưu trữ", 18), ("Phòng Quản trị - Tài vụ", 20)],
    ),
    _cell("CB-BTCTU", "Chi bộ Ban Tổ chức Tỉnh ủy", S.PARTY_AGENCY, 32),
    _cell("CB-UBKTTU", "Chi bộ Ủy ban Kiểm tra Tỉnh ủy", S.PARTY_AGENCY, 26),
    _cell("CB-BTGTU", "Chi bộ Ban Tuyên giáo Tỉnh ủy", S.PARTY_AGENCY, 26),
    _cell("CB-BDVTU", "Chi bộ Ban Dân vận Tỉnh ủy", S.PARTY_AGENCY, 20),
    _cell("CB-BNCTU", "Chi bộ Ban Nội chính Tỉnh ủy", S.PARTY_AGENCY, 18, founded=D(2008, 4, 1)),
    _committee(
        "DB-TCT",
        "Đảng bộ Trường Chính trị tỉnh",
        S.PARTY_AGENCY,
        [("Khoa Lý luận cơ sở", 16), ("Khoa Xây dựng Đảng", 15), ("Phòng Tổ chức - Hành chính", 14)],
    ),
    _cell("CB-BAO", "Chi bộ Báo Sóc Trăng", S.PARTY_AGENCY, 30),
    _cell("CB-MTTQ", "Chi bộ Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", S.PARTY_AGENCY, 22),
    _cell("CB-TINHDOAN", "Chi bộ Tỉnh đoàn", S.PARTY_AGENCY, 24),
    _cell("CB-HLHPN", "Chi bộ Hội Liên hiệp Phụ nữ tỉnh", S.PARTY_AGENCY, 18),
    _cell("CB-HND", "Chi bộ Hội Nông dân tỉnh", S.PARTY_AGENCY, 18),
    _cell("CB-LDLD", "Chi bộ Liên đoàn Lao động tỉnh", S.PARTY_AGENCY, 20),
    _cell("CB-HCCB", "Chi bộ Hội Cựu chiến binh tỉnh", S.PARTY_AGENCY, 14),
    _cell("CB-VPHDND", "Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", S.STATE_AGENCY, 25),
    _committee(
        "DB-VPUB",
        "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
        S.STATE_AGENCY,
        [("Phòng Tổng hợp", 22), ("Phòng Kinh tế", 20), ("Phòng Hành chính - Tổ chức", 18)],
    ),
    _committee(
        "DB-SGDDT",
        "Đảng bộ Sở Giáo dục và Đào tạo",
        S.STATE_AGENCY,
        [("Văn phòng Sở", 24), ("Phòng Giáo dục Trung học", 22), ("Phòng Giáo dục Tiểu học", 20)],
    ),
    _committee(
        "DB-SYT", "Đảng bộ Sở Y tế", S.STATE_AGENCY, [("Văn phòng Sở", 22), ("Phòng Nghiệp vụ Y", 18), ("Thanh tra Sở", 14)]
    ),
    _committee(
        "DB-BVDK",
        "Đảng bộ Bệnh viện Đa khoa tỉnh",
        S.PUBLIC_SERVICE_UNIT,
        [("Khoa Nội", 45), ("Khoa Ngoại", 45), ("Khoa Sản", 35), ("Khoa Nhi", 35), ("Phòng Hành chính - Quản trị", 40)],
    ),
    _committee(
        "DB-SNN",
        "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn",
        S.STATE_AGENCY,
        [("Văn phòng Sở", 28), ("Chi cục Thủy lợi", 24), ("Chi cục Trồng trọt và Bảo vệ thực vật", 26), ("Chi cục Kiểm lâm", 22)],
    ),
    _cell("CB-STNMT", "Chi bộ Sở Tài nguyên và Môi trường", S.STATE_AGENCY, 42),
    _cell("CB-STC", "Chi bộ Sở Tài chính", S.STATE_AGENCY, 38),
    _cell("CB-SKHDT", "Chi bộ Sở Kế hoạch và Đầu tư", S.STATE_AGENCY, 34),
    _cell("CB-SCT", "Chi bộ Sở Công Thương", S.STATE_AGENCY, 34),
    _cell("CB-SXD", "Chi bộ Sở Xây dựng", S.STATE_AGENCY, 30),
    _committee(
        "DB-SGTVT",
        "Đảng bộ Sở Giao thông vận tải",
        S.STATE_AGENCY,
        [("Văn phòng Sở", 22), ("Thanh tra Sở", 20), ("Ban Quản lý dự án", 18)],
    ),
    _cell("CB-STP", "Chi bộ Sở Tư pháp", S.STATE_AGENCY, 28),
    _cell("CB-SNV", "Chi bộ Sở Nội vụ", S.STATE_AGENCY, 34),
    _cell("CB-SLDTBXH", "Chi bộ Sở Lao động - Thương binh và Xã hội", S.STATE_AGENCY, 38),
    _committee(
        "DB-SVHTTDL",
        "Đảng bộ Sở Văn hóa, Thể thao và Du lịch",
        S.STATE_AGENCY,
        [("Văn phòng Sở", 20), ("Trung tâm Văn hóa tỉnh", 18), ("Bảo tàng tỉnh", 14)],
    ),
    _cell("CB-SKHCN", "Chi bộ Sở Khoa học và Công nghệ", S.STATE_AGENCY, 26),
    _cell("CB-STTTT", "Chi bộ Sở Thông tin và Truyền thông", S.STATE_AGENCY, 22, founded=D(2008, 8, 1)),
    _cell("CB-TTRA", "Chi bộ Thanh tra tỉnh", S.STATE_AGENCY, 28),
    _cell("CB-BDT", "Chi bộ Ban Dân tộc tỉnh", S.STATE_AGENCY, 22),
    _cell("CB-DPTTH", "Chi bộ Đài Phát thanh và Truyền hình tỉnh", S.PUBLIC_SERVICE_UNIT, 40),
    _committee(
        "DB-CDCD",
        "Đảng bộ Trường Cao đẳng Cộng đồng Sóc Trăng",
        S.PUBLIC_SERVICE_UNIT,
        [("Khoa Sư phạm", 22), ("Khoa Kinh tế - Kỹ thuật", 22), ("Phòng Đào tạo", 16)],
        founded=D(2002, 9, 1),
    ),
    _cell("CB-TTYTDP", "Chi bộ Trung tâm Y tế dự phòng tỉnh", S.PUBLIC_SERVICE_UNIT, 20),
    _cell("CB-TTHIV", "Chi bộ Trung tâm Phòng, chống HIV/AIDS tỉnh", S.PUBLIC_SERVICE_UNIT, 12, founded=D(2005, 6, 1)),
]

ENTERPRISES = [
    _cell("CB-VPKDN", "Chi bộ Cơ quan Đảng ủy Khối Doanh nghiệp tỉnh", S.PARTY_AGENCY, 10),
    _committee(
        "DB-DIENLUC",
        "Đảng bộ Công ty Điện lực Sóc Trăng",
        S.STATE_ENTERPRISE,
        [("Văn phòng Công ty", 26), ("Phòng Kỹ thuật", 24), ("Điện lực thành phố Sóc Trăng", 30), ("Điện lực Mỹ Xuyên", 24)],
    ),
    _committee(
        "DB-CAPNUOC",
        "Đảng bộ Công ty Cổ phần Cấp nước Sóc Trăng",
        S.STATE_ENTERPRISE,
        [("Văn phòng Công ty", 20), ("Xí nghiệp Cấp nước", 22), ("Xí nghiệp Xây lắp", 16)],
    ),
    _cell("CB-XSKT", "Chi bộ Công ty TNHH một thành viên Xổ số kiến thiết Sóc Trăng", S.STATE_ENTERPRISE, 26),
    _committee(
        "DB-AGRIBANK",
        "Đảng bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
        S.STATE_ENTERPRISE,
        [
            ("Hội sở tỉnh", 30),
            ("Chi nhánh thành phố Sóc Trăng", 24),
            ("Chi nhánh huyện Mỹ Xuyên", 20),
            ("Chi nhánh huyện Kế Sách", 20),
        ],
    ),
    _cell("CB-VCB", "Chi bộ Ngân hàng Thương mại cổ phần Ngoại thương chi nhánh Sóc Trăng", S.STATE_ENTERPRISE, 28),
    _cell("CB-VTB", "Chi bộ Ngân hàng Thương mại cổ phần Công thương chi nhánh Sóc Trăng", S.STATE_ENTERPRISE, 26),
    _cell("CB-BIDV", "Chi bộ Ngân hàng Thương mại cổ phần Đầu tư và Phát triển chi nhánh Sóc Trăng", S.STATE_ENTERPRISE, 28),
    _committee(
        "DB-VNPT",
        "Đảng bộ Viễn thông Sóc Trăng",
        S.STATE_ENTERPRISE,
        [("Văn phòng", 22), ("Trung tâm Kinh doanh", 26), ("Trung tâm Điều hành thông tin", 20)],
    ),
    _cell("CB-BUUDIEN", "Chi bộ Bưu điện tỉnh", S.STATE_ENTERPRISE, 32),
    _cell("CB-CTDT", "Chi bộ Công ty Cổ phần Công trình đô thị Sóc Trăng", S.STATE_ENTERPRISE, 20),
    _cell("CB-QDTPT", "Chi bộ Quỹ Đầu tư phát triển tỉnh", S.STATE_ENTERPRISE, 12, founded=D(2010, 5, 1)),
]

# Directive 33-CT/TW (18-3-2019) on Party organizations in private enterprises: two founded in the term.
PRIVATE = [
    (_cell("CB-DNTN-PLA", "Chi bộ Công ty TNHH Thủy sản Phước Lộc An", S.PRIVATE_ENTERPRISE, 5), D(2019, 11, 15), "118-QĐ/ĐU"),
    (_cell("CB-DNTN-TMX", "Chi bộ Công ty TNHH Lúa gạo Thạnh Mỹ Xanh", S.PRIVATE_ENTERPRISE, 4), D(2020, 5, 20), "162-QĐ/ĐU"),
]

# Which of the merged committee's organizations went to the Party bodies' committee in 2025 (the rest went to
# the People's Committee's): Party agencies, mass organizations, the People's Council office.
TO_PARTY_BODIES = {c.code for c in AGENCIES + ENTERPRISES if c.sector == S.PARTY_AGENCY} | {"CB-VPHDND", "CB-VPCCQDN"}

ISSUER_PROVINCE = "Ban Thường vụ Tỉnh ủy Sóc Trăng"
ISSUER_AGENCIES = "Ban Thường vụ Đảng ủy Khối Các cơ quan tỉnh"
ISSUER_MERGED = "Ban Thường vụ Đảng ủy Các cơ quan và Doanh nghiệp tỉnh"
ISSUER_PEOPLES = "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh"
