"""Logging in, the dated tree (before the 2019 merger, after it, today after the 2025 split), the strict
CSP, and the pages at phone size."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from apps.core.dates import parse_date
from apps.members import counts
from tests.browser.harness import BROWSER, D, assert_clean, horizontal_overflow, login

pytestmark = BROWSER


def codes_in_tree(page: Any) -> set[str]:
    return set(page.locator('[data-testid="tree"] li[data-code]').evaluate_all("els => els.map(e => e.dataset.code)"))


def count_of(page: Any, code: str) -> int:
    text = page.locator(f'li[data-code="{code}"] .count').first.inner_text()
    return int(re.sub(r"\D", "", text))


def show_tree_on(page: Any, typed: str) -> None:
    """Type a date as documents write it; wait until the tree of that date has been swapped in."""
    day = parse_date(typed)
    assert day is not None
    page.get_by_label("Xem tại ngày").fill(typed)
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("#tree .asof")).to_contain_text(f"Ngày {day.day}/{day.month}/{day.year}:")


def test_login_wrong_password_then_right(page, story):
    page.goto("/to-chuc/")
    assert "/tai-khoan/dang-nhap/" in page.url, "an anonymous visitor is sent to the login page"
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.locator(".errorlist").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    login(page, "vanphong")
    assert page.url.endswith("/to-chuc/")
    assert page.locator("h1").inner_text() == "Cây tổ chức đảng"
    assert_clean(page)


def test_tree_before_the_merger_after_it_and_today(page, story, shots):
    login(page, "vanphong")
    root, total = story["root"], story["total"]

    show_tree_on(page, "1-1-2019")
    assert codes_in_tree(page) == {"TU", "KCQ", "KDN", "VP", "TC", "XD", "CN", "XS"}
    assert page.locator('li[data-code="KCQ"] a').first.inner_text() == "Đảng bộ Khối Các cơ quan tỉnh"
    assert count_of(page, "KCQ") == counts.subtree_count(story["kcq"].id, D(2019, 1, 1))
    assert count_of(page, "TU") == total
    assert "1/1/2019" in page.locator("#tree .asof").inner_text()

    show_tree_on(page, "1/1/2021")
    assert codes_in_tree(page) == {"TU", "CCQDN", "VP", "TC", "XD", "CN", "XS"}
    assert count_of(page, "CCQDN") == total
    assert page.locator('li[data-code="CCQDN"] > details > summary a').inner_text() == "Đảng bộ Các cơ quan và Doanh nghiệp tỉnh"

    today = timezone.localdate()
    page.get_by_role("link", name="Hôm nay").click()
    expect(page.locator("#tree .asof")).to_contain_text(f"Ngày {today.day}/{today.month}/{today.year}:")
    assert codes_in_tree(page) == {"TU", "CQD", "UBND", "VP", "TC", "XD", "CN", "XS"}
    assert count_of(page, "UBND") == counts.subtree_count(story["ubnd"].id, today)
    assert count_of(page, "CQD") + count_of(page, "UBND") == count_of(page, "TU") == total
    assert f"{today.day}/{today.month}/{today.year}" in page.locator("#tree .asof").inner_text()
    assert_clean(page)
    shots(page, "tree-desktop")

    # the organization page of the ended committee tells its whole life
    page.goto(f"/to-chuc/{story['merged'].id}/")
    history = page.locator("section", has_text="Lịch sử tổ chức").inner_text()
    assert "1628-QĐ/TU" in history and "27-6-2019" in history
    assert "Đảng bộ Ủy ban nhân dân tỉnh" in history
    assert page.get_by_text("đã kết thúc 1/2/2025").is_visible()
    assert root.id  # the root stays the root throughout


def test_csp_header_and_no_violation_while_using_htmx(page, story, live_server):
    response = page.goto("/tai-khoan/dang-nhap/")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    login(page, "vanphong")
    assert page.evaluate("() => typeof window.htmx") == "object", "htmx loaded under the policy"
    # an HTMX swap: the tree changes in place, the page is not reloaded
    page.evaluate("() => { window.__sameDocument = true; }")
    show_tree_on(page, "1-1-2019")
    assert page.evaluate("() => window.__sameDocument === true")
    for path in (
        f"/to-chuc/{story['cells']['TC'].id}/",
        f"/dang-vien/{story['people']['TC'][0].id}/",
        f"/dang-vien/{story['people']['TC'][0].id}/sua/",
        f"/to-chuc/hop-nhat/?nguon={story['cells']['CN'].id}",
        f"/to-chuc/{story['cells']['TC'].id}/chia-tach/",
        "/to-chuc/sap-xep-hang-loat/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers
        assert_clean(page)


def test_pages_fit_a_phone(new_page, story, shots):
    page = new_page(phone=True)
    login(page, "vanphong")
    person = story["people"]["TC"][1]
    pages = {
        "tree-phone": "/to-chuc/",
        "organization-phone": f"/to-chuc/{story['cells']['TC'].id}/",
        "member-phone": f"/dang-vien/{person.id}/",
        "member-edit-phone": f"/dang-vien/{person.id}/sua/",
        "merge-phone": f"/to-chuc/hop-nhat/?nguon={story['cells']['CN'].id}",
        "split-phone": f"/to-chuc/{story['ubnd'].id}/chia-tach/",
        "bulk-phone": "/to-chuc/sap-xep-hang-loat/",
        "transfer-phone": f"/dang-vien/{person.id}/chuyen-sinh-hoat/",
    }
    for name, path in pages.items():
        page.goto(path)
        assert horizontal_overflow(page) <= 0, f"{path} scrolls sideways at 390 px"
        # every button and form control is a comfortable touch target
        small = page.locator(
            "main .btn, main button, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select"
        ).evaluate_all(
            "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))"
        )
        assert small == [], f"small touch targets on {path}: {small}"
        assert_clean(page)
        if name in {"tree-phone"}:
            shots(page, name)


def test_deeper_levels_load_when_a_node_is_opened(page, story):
    from apps.core.testing import make_org
    from apps.organizations.choices import OrganizationKind

    make_org(
        "TO1",
        name="Tổ đảng Phòng Tổng hợp",
        parent=story["cells"]["VP"],
        kind=OrganizationKind.ATTACHED_CELL,
        on_date=D(2010, 1, 1),
    )
    login(page, "vanphong")
    page.goto("/to-chuc/")
    assert page.locator('li[data-code="TO1"]').count() == 0  # three levels down: not sent with the page
    page.locator('li[data-code="VP"] > details > summary .twisty').click()
    expect(page.locator('li[data-code="TO1"]')).to_have_count(1)
    assert page.locator('li[data-code="VP"] li[data-code="TO1"] a').inner_text() == "Tổ đảng Phòng Tổng hợp"
    assert_clean(page)
