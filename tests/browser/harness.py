"""Helpers of the browser tests: the Chromium to launch, logging in, checks every page must pass, and the
story the tests tell (built through the services, like real data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "mat-khau-demo-2025"

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || ''));
});
"""

D = dt.date
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@dataclass
class Watch:
    """What went wrong on a page: CSP violations reported to the console, console errors, page errors."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def assert_clean(page: Any) -> None:
    """No CSP violation and no script error on the page."""
    violations = page.evaluate("() => window.__cspViolations || []")
    csp_console = [m for m in page.watch.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert violations == [], f"CSP violations on {page.url}: {violations}"
    assert csp_console == [], f"CSP messages on {page.url}: {csp_console}"
    assert page.watch.errors == [], f"script errors on {page.url}: {page.watch.errors}"


def horizontal_overflow(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))


# ------------------------------------------------------------------ the story the tests tell


def build_story() -> dict[str, Any]:
    """The seed's committee in small: two bloc committees merged on 27-6-2019 (Decision 1628-QĐ/TU) into
    the Committee of Provincial Agencies and Enterprises, which was split in 2025 into a committee of the
    Party bodies and one of the provincial government. Built through the services, like real data."""
    from apps.accounts.choices import Role
    from apps.core.dates import add_months
    from apps.core.testing import make_org, make_person, make_user
    from apps.organizations import services
    from apps.organizations.choices import OrganizationKind, Sector
    from apps.organizations.services import Decision, NewOrganization

    committee = OrganizationKind.PARTY_COMMITTEE
    root = make_org("TU", name="Đảng bộ tỉnh Sóc Trăng", kind=committee, on_date=D(2000, 1, 1))
    kcq = make_org("KCQ", name="Đảng bộ Khối Các cơ quan tỉnh", kind=committee, parent=root, on_date=D(2000, 1, 1))
    kdn = make_org("KDN", name="Đảng bộ Khối Doanh nghiệp tỉnh", kind=committee, parent=root, on_date=D(2000, 1, 1))
    cells = {
        "VP": make_org("VP", name="Chi bộ Văn phòng Tỉnh ủy", parent=kcq, on_date=D(2005, 1, 1), sector=Sector.PARTY_AGENCY),
        "TC": make_org("TC", name="Chi bộ Sở Tài chính", parent=kcq, on_date=D(2005, 1, 1)),
        "XD": make_org("XD", name="Chi bộ Sở Xây dựng", parent=kcq, on_date=D(2005, 1, 1)),
        "CN": make_org("CN", name="Chi bộ Công ty Cấp nước", parent=kdn, on_date=D(2005, 1, 1), sector=Sector.STATE_ENTERPRISE),
        "XS": make_org(
            "XS", name="Chi bộ Công ty Xổ số kiến thiết", parent=kdn, on_date=D(2005, 1, 1), sector=Sector.STATE_ENTERPRISE
        ),
    }
    names = {
        "VP": [("Lý", "Bình", "Cang"), ("Trần", "Thị", "Hoa")],
        "TC": [("Nguyễn", "Văn", "An"), ("Thạch", "", "Sophal"), ("Lâm", "Thị", "Mai")],
        "XD": [("Phạm", "Minh", "Đức"), ("Sơn", "Thị", "Sa Rươne")],
        "CN": [("Kim", "", "Thol"), ("Võ", "Thanh", "Tùng")],
        "XS": [("Danh", "", "Sóc"), ("Lê", "Hoàng", "Yến"), ("Đặng", "Văn", "Ơn")],
    }
    people: dict[str, list[Any]] = {}
    for i, (code, rows) in enumerate(names.items()):
        people[code] = []
        for j, (f, m, g) in enumerate(rows):
            born = D(1960 + 3 * i + 2 * j, 1 + (5 * i + 7 * j) % 12, 1 + (11 * i + 13 * j) % 28)
            admitted = D(born.year + 22 + j, 1 + (3 * i + 5 * j) % 12, 1 + (7 * i + 3 * j) % 28)
            people[code].append(
                make_person(
                    cells[code],
                    family_name=f,
                    middle_name=m,
                    given_name=g,
                    gender="F" if m == "Thị" or g in {"Mai", "Yến", "Sa Rươne"} else "M",
                    birth_date=born,
                    admission_date=admitted,
                    full_member_date=add_months(admitted, 12 + j),
                    on_date=D(2012, 3, 1),
                )
            )
    merged = services.organization_merge(
        actor=None,
        sources=[kcq, kdn],
        into=NewOrganization(code="CCQDN", name="Đảng bộ Các cơ quan và Doanh nghiệp tỉnh", kind=committee),
        parent=root,
        on_date=D(2019, 6, 27),
        decision=Decision(symbol="1628-QĐ/TU", date=D(2019, 6, 27), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    cqd, ubnd = services.organization_split(
        actor=None,
        source=merged,
        into=[
            NewOrganization(code="CQD", name="Đảng bộ các cơ quan Đảng tỉnh", kind=committee),
            NewOrganization(code="UBND", name="Đảng bộ Ủy ban nhân dân tỉnh", kind=committee),
        ],
        on_date=D(2025, 2, 1),
        child_assignment={cells[c].id: 1 for c in ("TC", "XD", "CN", "XS")},
        decision=Decision(symbol="01-QĐ/TU", date=D(2025, 1, 31), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    return {
        "root": root,
        "kcq": kcq,
        "kdn": kdn,
        "merged": merged,
        "cqd": cqd,
        "ubnd": ubnd,
        "cells": cells,
        "people": people,
        "total": sum(len(v) for v in people.values()),
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=root),
        "secretary": make_user("bithu.taichinh", role=Role.CELL_SECRETARY, organization=cells["TC"]),
    }
