"""The organization picker on a real page: at province scale a search box, results by HTMX, one tap to pick."""

from __future__ import annotations

import re

import pytest

from apps.organizations import picker
from apps.organizations.models import ParentLink
from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER


@pytest.fixture
def many(monkeypatch: pytest.MonkeyPatch) -> None:
    # the story has a dozen organizations; the picker takes over from the select above this many
    monkeypatch.setattr(picker, "SELECT_MAX", 1)


def fill_found(page, code: str, name: str) -> None:
    page.get_by_label("Mã tổ chức").fill(code)
    page.get_by_label("Tên tổ chức").fill(name)
    page.get_by_label("Loại tổ chức").select_option(label="Chi bộ trực thuộc")
    page.get_by_label("Số, ký hiệu quyết định").fill("30-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("1/9/2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Đảng ủy")
    page.get_by_label("Ngày hiệu lực").fill("1-9-2025")


def test_type_part_of_a_name_without_diacritics_pick_and_found(new_page, story, shots, many):
    page = new_page(phone=True)
    login(page, "vanphong")
    page.goto("/to-chuc/thanh-lap/")
    assert page.locator('select[name="parent"]').count() == 0
    box = page.get_by_label("Trực thuộc")
    box.fill("dang bo")
    results = page.locator("#id_parent_results")
    choice = results.get_by_label(re.compile("Đảng bộ Ủy ban nhân dân tỉnh"))
    choice.wait_for()
    # the three committees, none of the cells
    assert results.locator("input[type=radio]").count() == 3
    assert "Chi bộ" not in results.inner_text()
    choice.check()
    fill_found(page, "SNV", "Chi bộ Sở Nội vụ")
    page.get_by_label("Trực thuộc").scroll_into_view_if_needed()
    assert horizontal_overflow(page) == 0
    assert_clean(page)
    shots(page, "organization-picker", full_page=False)

    page.get_by_role("button", name="Thành lập").click()
    page.wait_for_url(re.compile(r"/to-chuc/\d+/$"))
    assert ParentLink.objects.get(child__code="SNV").parent == story["ubnd"]
    assert_clean(page)


def test_a_search_of_one_subtree_never_offers_another(new_page, story, many):
    from apps.accounts.choices import Role
    from apps.core.testing import make_user

    make_user("khoi.coquan", role=Role.OFFICE_CLERK, organization=story["cqd"])  # its committee and one cell
    page = new_page()
    login(page, "khoi.coquan")
    page.goto("/to-chuc/thanh-lap/")
    assert page.locator('select[name="parent"]').count() == 0
    page.get_by_label("Trực thuộc").fill("chi bo")
    page.locator("#id_parent_results").locator("label").first.wait_for()
    offered = page.locator("#id_parent_results").inner_text()
    assert "Văn phòng Tỉnh ủy" in offered
    assert "Tài chính" not in offered and "Cấp nước" not in offered


def test_without_javascript_the_typed_code_is_accepted(new_page, story, many):
    page = new_page(javascript=False)
    login(page, "vanphong")
    page.goto("/to-chuc/thanh-lap/")
    page.get_by_label("Trực thuộc").fill("ubnd")
    fill_found(page, "SGD", "Chi bộ Sở Giáo dục")
    page.get_by_role("button", name="Thành lập").click()
    page.wait_for_url(re.compile(r"/to-chuc/\d+/$"))
    assert ParentLink.objects.get(child__code="SGD").parent == story["ubnd"]
