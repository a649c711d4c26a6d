"""The demo users: who they are, their passwords (demo only) and what each one can see."""

from __future__ import annotations

from dataclasses import dataclass

from apps.accounts.choices import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    full_name: str
    role: str | None  # None for the superuser
    organization_code: str | None
    sees: str  # Vietnamese
    sees_en: str  # English gloss
    superuser: bool = False
    # the member record linked to the account: a cell's Secretary, or a member of that cell
    person: str | None = None  # "secretary" | "member"


# Codes of the demo organizations the roles are granted on (see apps.core.demo.story).
ROOT_TODAY = "TU-CT"
PARTY_BODIES = "DBCQD-ST"
PEOPLES_COMMITTEE = "DBUBND-ST"
DEMO_CELL = "CB-STP"

USERS = [
    DemoUser(
        "quantri",
        "quantri-demo-2025",
        "Quản trị hệ thống",
        None,
        None,
        "Toàn bộ dữ liệu, mọi chức năng.",
        "Everything, every function.",
        superuser=True,
    ),
    DemoUser(
        "vanphong",
        "vanphong-demo-2025",
        "Nguyễn Thị Thu Trang",
        Role.OFFICE_CLERK,
        PARTY_BODIES,
        "Văn phòng Đảng ủy các cơ quan Đảng tỉnh: tổ chức và đảng viên của Đảng bộ, cả lịch sử Đảng bộ Các cơ quan và "
        "Doanh nghiệp tỉnh và hai Đảng bộ Khối trước đó; được sửa.",
        "Committee office of the Party bodies' committee: its organizations and members, with the history of the "
        "Agencies and Enterprises committee and the two bloc committees before it; may change them.",
    ),
    DemoUser(
        "bantochuc",
        "bantochuc-demo-2025",
        "Trần Minh Khoa",
        Role.ORGANIZATION_BOARD,
        PEOPLES_COMMITTEE,
        "Ban Tổ chức Đảng ủy Ủy ban nhân dân tỉnh: tổ chức và đảng viên trong các sở, đơn vị sự nghiệp, doanh nghiệp; "
        "được sửa, chuyển sinh hoạt, nhập tệp.",
        "Organization board of the People's Committee's Party committee: organizations and members in departments, "
        "public service units and enterprises; may change, transfer, import.",
    ),
    DemoUser(
        "lanhdao",
        "lanhdao-demo-2025",
        "Lê Hoàng Nam",
        Role.LEADER,
        ROOT_TODAY,
        "Lãnh đạo (Ban Thường vụ): xem toàn bộ cây tổ chức (Đảng bộ thành phố Cần Thơ) và lịch sử, đặt chỉ tiêu; không sửa tổ chức, đảng viên.",
        "Leader, read only: the whole tree (Cần Thơ city committee) and its history, no changes.",
    ),
    DemoUser(
        "kiemtra",
        "kiemtra-demo-2025",
        "Phạm Văn Lợi",
        Role.INSPECTION,
        PARTY_BODIES,
        "Ủy ban Kiểm tra Đảng ủy các cơ quan Đảng tỉnh: xem tổ chức, đảng viên và nhật ký thay đổi.",
        "Inspection committee of the Party bodies' committee: organizations, members and the change log, read only.",
    ),
    DemoUser(
        "tuyengiao",
        "tuyengiao-demo-2025",
        "Võ Thị Ngọc Hân",
        Role.PROPAGANDA,
        PARTY_BODIES,
        "Ban Tuyên giáo Đảng ủy các cơ quan Đảng tỉnh: xem tổ chức và đảng viên.",
        "Propaganda board of the Party bodies' committee: organizations and members, read only.",
    ),
    DemoUser(
        "bientap",
        "bientap-demo-2025",
        "Huỳnh Thị Kim Ngân",
        Role.EDITOR,
        PARTY_BODIES,
        "Biên tập viên cổng thông tin: viết bài, tải ảnh, gửi duyệt, duyệt bình luận bạn đọc; không được đăng bài.",
        "Portal editor: writes articles, uploads images, submits them, moderates readers' comments; cannot publish.",
    ),
    DemoUser(
        "tongbientap",
        "tongbientap-demo-2025",
        "Trương Quốc Thái",
        Role.EDITOR_IN_CHIEF,
        PARTY_BODIES,
        "Tổng biên tập cổng thông tin: duyệt đăng, hẹn giờ đăng, trả bài, gỡ bài, quản lý chuyên mục, duyệt bình luận.",
        "Portal editor-in-chief: publishes now or at a set time, returns and withdraws articles, manages categories.",
    ),
    DemoUser(
        "bithu",
        "bithu-demo-2025",
        "",
        Role.CELL_SECRETARY,
        DEMO_CELL,
        "Bí thư Chi bộ Sở Tư pháp: đảng viên của chi bộ mình, được sửa hồ sơ; gắn với hồ sơ đảng viên của mình.",
        "Secretary of the Justice Department cell: the cell's members, may change their records; linked to their own "
        "member record.",
        person="secretary",
    ),
    DemoUser(
        "dangvien",
        "dangvien-demo-2025",
        "",
        Role.MEMBER,
        DEMO_CELL,
        "Đảng viên Chi bộ Sở Tư pháp: chi bộ của mình và hồ sơ của chính mình.",
        "Member of the Justice Department cell: their own cell and their own record.",
        person="member",
    ),
]
