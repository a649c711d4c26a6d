"""A small committee for the documents tests, built through the services::

    R (committee) ── A (grassroots committee) ── A1 (cell)
                  └─ B (grassroots committee)

R's registry holds the merger decision 1628-QĐ/TU of 27-6-2019 (public) and Directive 33-CT/TW (public); A's an
internal plan 12-KH/ĐU; B's an internal plan 12-KH/ĐU of another date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apps.core.testing import make_org
from apps.documents import services
from apps.documents.models import Document
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

D = dt.date


@dataclass
class World:
    orgs: dict[str, Organization]
    docs: dict[str, Document]


def build() -> World:
    r = make_org("R", name="Đảng bộ Khối", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    a1 = make_org("A1", name="Chi bộ Kế toán", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2000, 1, 1))
    b = make_org("B", name="Đảng bộ Sở Y tế", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=r, on_date=D(2000, 1, 1))
    docs = {
        "merger": services.document_register(
            actor=None,
            organization=r,
            symbol="1628-QĐ/TU",
            issued_on=D(2019, 6, 27),
            issuing_body="Ban Thường vụ Tỉnh ủy Sóc Trăng",
            title="Về việc hợp nhất Đảng bộ Khối Các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh",
            access="public",
        ),
        "directive": services.document_register(
            actor=None,
            organization=r,
            symbol="33-CT/TW",
            issued_on=D(2019, 3, 18),
            issuing_body="Ban Bí thư",
            title="Về tăng cường xây dựng tổ chức đảng trong các đơn vị kinh tế tư nhân",
            access="public",
        ),
        "plan_a": services.document_register(
            actor=None,
            organization=a,
            symbol="12-KH/ĐU",
            issued_on=D(2021, 3, 1),
            issuing_body="Đảng ủy Sở Tài chính",
            title="Kế hoạch kiểm tra, giám sát năm 2021",
        ),
        "plan_b": services.document_register(
            actor=None,
            organization=b,
            symbol="12-KH/ĐU",
            issued_on=D(2021, 4, 2),
            issuing_body="Đảng ủy Sở Y tế",
            title="Kế hoạch học tập nghị quyết năm 2021",
        ),
    }
    return World({"R": r, "A": a, "A1": a1, "B": b}, docs)
