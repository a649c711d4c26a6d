"""The document registry in a browser (desktop): the office finds the merger decision by typing without
diacritics, opens it (status, links both ways, the reorganization that cites it), follows a decision on the
organization page that is not yet registered to the register form, prefilled from the citation, and registers it.
Screenshots: docs/screenshots/document-list.png, document-detail.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER
D = dt.date


def test_find_a_document_see_who_cites_it_and_register_a_cited_one(new_page: Any, shots: Any) -> None:
    from apps.accounts.choices import Role
    from apps.core.testing import make_user
    from apps.documents import services
    from apps.documents.choices import LinkKind
    from apps.documents.models import Document
    from apps.documents.tests.world import build
    from apps.organizations import services as org_services

    world = build()
    merger = world.docs["merger"]
    later = services.document_register(
        actor=None,
        organization=world.orgs["R"],
        symbol="2268-QĐ/TU",
        issued_on=D(2025, 1, 31),
        issuing_body="Ban Thường vụ Tỉnh ủy Sóc Trăng",
        title="Kết thúc hoạt động Đảng bộ; thành lập hai Đảng bộ mới",
        access="public",
    )
    services.document_link(actor=None, source=later, target=merger, kind=LinkKind.CITES)
    services.document_link(actor=None, source=merger, target=world.docs["directive"], kind=LinkKind.IMPLEMENTS)
    org_services.organization_rename(
        actor=None,
        organization=world.orgs["A1"],
        new_name="Chi bộ Kế toán - Tài vụ",
        on_date=D(2019, 7, 1),
        decision=org_services.Decision(
            "1628-QĐ/TU",
            D(2019, 6, 27),
            "Ban Thường vụ Tỉnh ủy Sóc Trăng",
            "Đổi tên chi bộ sau khi hợp nhất hai Đảng bộ Khối (thực hiện Chỉ thị 33-CT/TW ngày 18-3-2019 của Ban Bí thư)",
        ),
    )
    org_services.organization_rename(
        actor=None,
        organization=world.orgs["A1"],
        new_name="Chi bộ Kế toán",
        on_date=D(2021, 3, 1),
        decision=org_services.Decision("45-QĐ/ĐU", D(2021, 2, 22), "Ban Thường vụ Đảng ủy Khối"),
    )
    services.citations_reindex(actor=None)
    make_user("vanthu", role=Role.OFFICE_CLERK, organization=world.orgs["R"])

    page = new_page()
    login(page, "vanthu")
    page.get_by_role("link", name="Văn bản").first.click()
    page.get_by_label("Số, ký hiệu hoặc trích yếu").fill("hop nhat dang bo khoi")
    results = page.locator("#results")
    expect(results).to_contain_text("1628-QĐ/TU")
    expect(results).not_to_contain_text("33-CT/TW")
    assert horizontal_overflow(page) <= 0
    shots(page, "document-list")
    results.get_by_role("link", name="Quyết định 1628-QĐ/TU").click()

    expect(page.get_by_test_id("status")).to_have_text("Còn hiệu lực")
    links = page.get_by_test_id("links")
    expect(links).to_contain_text("hướng dẫn, thực hiện")
    expect(links).to_contain_text("được dẫn chiếu bởi")
    expect(links.get_by_role("link", name="Quyết định 2268-QĐ/TU")).to_be_visible()
    cited = page.get_by_test_id("cited-by")
    expect(cited).to_contain_text("Sắp xếp tổ chức")
    expect(cited).to_contain_text("1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy Sóc Trăng")
    assert horizontal_overflow(page) <= 0
    assert_clean(page)
    shots(page, "document-detail")

    # the organization page links the registered decision and offers to register the one that is not
    cited.get_by_role("link").first.click()
    history = page.locator("a.cite", has_text="1628-QĐ/TU")
    expect(history).to_have_attribute("href", f"/van-ban/{merger.pk}/")
    page.locator("a.cite-new", has_text="45-QĐ/ĐU").click()
    form = page.locator("#document-form")
    expect(form.get_by_label("Số, ký hiệu")).to_have_value("45-QĐ/ĐU")
    expect(form.get_by_label("Ngày ban hành")).to_have_value("22-2-2021")
    expect(form.get_by_label("Cơ quan ban hành")).to_have_value("Ban Thường vụ Đảng ủy Khối")
    form.get_by_label("Trích yếu").fill("Đổi tên Chi bộ Kế toán - Tài vụ")
    form.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định 45-QĐ/ĐU")
    expect(page.get_by_test_id("cited-by")).to_contain_text("45-QĐ/ĐU")
    assert Document.objects.get(symbol="45-QĐ/ĐU").organization == world.orgs["R"]
    assert_clean(page)
