"""A merge through the pages, as a clerk does it: from the organization page, pick, preview, apply."""

from __future__ import annotations

import re

from django.utils import timezone

from apps.core.models import AuditEvent
from apps.members import counts
from apps.organizations.models import Organization
from tests.browser.harness import BROWSER, D, assert_clean, login

pytestmark = BROWSER


def test_merge_two_cells_with_preview_then_apply(page, story, shots):
    cn = story["cells"]["CN"]
    expected_members = len(story["people"]["CN"]) + len(story["people"]["XS"])
    login(page, "vanphong")
    page.goto(f"/to-chuc/{cn.id}/")
    page.get_by_test_id("org-actions").get_by_role("link", name="Hợp nhất").click()
    page.wait_for_url(re.compile(r"/to-chuc/hop-nhat/"))

    # the page lists the cells under the same committee, the one we came from already ticked
    sources = page.locator("#field-sources")
    assert sources.get_by_label("Chi bộ Công ty Cấp nước (CN)").is_checked()
    assert sources.get_by_label("Chi bộ Sở Tài chính (TC)").count() == 1
    sources.get_by_label("Chi bộ Công ty Xổ số kiến thiết (XS)").check()
    page.get_by_label("Một tổ chức mới").check()
    page.get_by_label("Mã tổ chức").fill("DNNN")
    page.get_by_label("Tên tổ chức").fill("Chi bộ các Công ty nhà nước")
    page.get_by_label("Loại tổ chức").select_option(label="Chi bộ trực thuộc")
    assert page.get_by_label("Tổ chức mới trực thuộc").input_value() == str(story["ubnd"].id)
    page.get_by_label("Số, ký hiệu quyết định").fill("112-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("10/8/2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Đảng ủy")
    page.get_by_label("Ngày hiệu lực").fill("15-8-2025")

    events_before = AuditEvent.objects.count()
    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_test_id("preview").click()
    preview = page.locator("#preview")
    preview.wait_for()
    assert preview.get_by_test_id("preview-ended").inner_text() == "2"
    assert preview.get_by_test_id("preview-founded").inner_text() == "1"
    assert preview.get_by_test_id("preview-members").inner_text() == str(expected_members)
    assert "Chi bộ Công ty Xổ số kiến thiết kết thúc, kế tục bởi Chi bộ các Công ty nhà nước" in preview.inner_text()
    assert page.evaluate("() => window.__sameDocument === true"), "the preview came as an HTMX fragment"
    assert not Organization.objects.filter(code="DNNN").exists(), "a preview writes nothing"
    assert AuditEvent.objects.count() == events_before
    assert_clean(page)
    shots(page, "merge-preview")

    page.get_by_test_id("apply").click()
    page.wait_for_url(re.compile(r"/to-chuc/\d+/$"))
    target = Organization.objects.get(code="DNNN")
    assert page.url.endswith(f"/to-chuc/{target.id}/")
    assert page.locator("h1").inner_text().startswith("Chi bộ các Công ty nhà nước")
    assert "Đã hợp nhất 2 tổ chức" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("member-count").inner_text() == str(expected_members)
    assert counts.subtree_count(target.id, timezone.localdate()) == expected_members
    # the tree of the day before still shows the two cells
    page.goto("/to-chuc/?ngay=14-8-2025")
    assert page.locator('li[data-code="CN"]').count() == 1 and page.locator('li[data-code="DNNN"]').count() == 0
    page.goto("/to-chuc/")
    assert page.locator('li[data-code="CN"]').count() == 0 and page.locator('li[data-code="DNNN"]').count() == 1
    assert D(2025, 8, 15) == target.founded_on
    assert_clean(page)


def test_organization_page_and_a_refusal_shown_at_its_field(page, story, shots):
    login(page, "vanphong")
    page.goto(f"/to-chuc/{story['ubnd'].id}/")
    assert page.get_by_test_id("org-actions").is_visible()
    shots(page, "organization")
    # dissolving a committee that still has cells: the refusal sits next to the field it names
    page.get_by_test_id("org-actions").get_by_role("link", name="Giải thể").click()
    page.get_by_label("Số, ký hiệu quyết định").fill("5-QĐ/TU")
    page.get_by_label("Ngày quyết định").fill("1-3-2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Tỉnh ủy")
    page.get_by_label("Ngày hiệu lực").fill("31/2/2025")
    page.get_by_role("button", name="Giải thể").click()
    page.locator("#field-effective_on .errorlist").wait_for()
    assert "Ngày không hợp lệ" in page.locator("#field-effective_on .errorlist").inner_text()
    page.get_by_label("Ngày hiệu lực").fill("1-3-2025")
    page.get_by_role("button", name="Giải thể").click()
    page.locator("#field-children_to .errorlist").wait_for()
    assert "tổ chức trực thuộc" in page.locator("#field-children_to .errorlist").inner_text()
    story["ubnd"].refresh_from_db()
    assert story["ubnd"].ended_on is None
    assert_clean(page)


def test_without_javascript_the_forms_still_work(new_page, story):
    page = new_page(javascript=False)
    login(page, "vanphong")
    xd = story["cells"]["XD"]
    page.goto(f"/to-chuc/{xd.id}/doi-ten/")
    page.get_by_label("Tên mới").fill("Chi bộ Sở Xây dựng và Quy hoạch")
    page.get_by_label("Số, ký hiệu quyết định").fill("20-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("1/9/2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Đảng ủy")
    page.get_by_label("Ngày hiệu lực").fill("1-9-2025")
    page.get_by_role("button", name="Đổi tên").click()
    page.wait_for_url(re.compile(rf"/to-chuc/{xd.id}/$"))
    assert page.locator("h1").inner_text().startswith("Chi bộ Sở Xây dựng và Quy hoạch")
    page.goto(f"/to-chuc/{xd.id}/?ngay=31-8-2025")
    assert page.locator("h1").inner_text().startswith("Chi bộ Sở Xây dựng"), "the old name on the day before"
    assert "Quy hoạch" not in page.locator("h1").inner_text()

    # the bulk page: preview then apply as two plain form posts
    page.goto("/to-chuc/sap-xep-hang-loat/")
    page.get_by_label("Danh sách thao tác").fill("chuyen XD -> CQD")
    page.get_by_label("Số, ký hiệu quyết định").fill("21-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("2/9/2025")
    page.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Đảng ủy")
    page.get_by_label("Ngày hiệu lực").fill("2-9-2025")
    page.get_by_test_id("preview").click()
    page.locator("#preview").wait_for()
    assert page.get_by_test_id("preview-moved").inner_text() == "1"
    assert page.get_by_label("Danh sách thao tác").input_value() == "chuyển XD -> CQD"
    page.get_by_test_id("apply").click()
    page.wait_for_url(re.compile(r"/to-chuc/$"))
    assert page.locator('li[data-code="CQD"] li[data-code="XD"]').count() == 1
