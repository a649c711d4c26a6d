"""The Standing Committee's dashboard in a browser: a leader opens it from the menu on a date, reads the figures,
walks one figure down to the organizations below and to the records behind it, and enters a value by hand.
Screenshots: docs/screenshots/dashboard.png (desktop) and dashboard-phone.png (390 x 844)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, D, assert_clean, horizontal_overflow, login

pytestmark = BROWSER

DAY = "30-6-2023"


def add_terms(story: dict[str, Any]) -> dict[str, Any]:
    """The committee's 2020-2025 term (ended early by the split of 2025) with computed and hand-entered targets,
    and new members admitted in its first years. Built through the services, like real data."""
    from apps.accounts.choices import Role
    from apps.core.testing import make_person, make_user
    from apps.targets import services
    from apps.targets.choices import Comparator, TargetGroup, TargetKind, TargetPeriod

    cells = story["cells"]
    admissions = [
        ("TC", D(2020, 11, 3), ("Huỳnh", "Thị", "Ngọc")),
        ("TC", D(2021, 5, 19), ("Trương", "Văn", "Lợi")),
        ("CN", D(2021, 9, 2), ("Châu", "", "Sa Ry")),
        ("XS", D(2022, 3, 8), ("Quách", "Minh", "Tâm")),
        ("VP", D(2022, 10, 14), ("Tô", "Thị", "Diễm")),
    ]
    for i, (code, day, (family, middle, given)) in enumerate(admissions):
        make_person(
            cells[code],
            family_name=family,
            middle_name=middle,
            given_name=given,
            gender="F" if middle == "Thị" else "M",
            birth_date=D(1990 + i, 2 + i, 3 + 2 * i),
            admission_date=day,
            on_date=day,
        )
    merged = story["merged"]
    term = services.term_create(
        actor=None, organization=merged, label="2020-2025", start_date=D(2020, 7, 29), end_date=D(2025, 2, 1)
    )
    services.congress_record(
        actor=None,
        term=term,
        ordinal=8,
        opened_on=D(2020, 7, 29),
        closed_on=D(2020, 7, 30),
        place="Hội trường Tỉnh ủy Sóc Trăng",
        delegates_summoned=250,
        delegates_present=247,
    )
    resolution = services.resolution_record(
        actor=None,
        term=term,
        symbol="01-NQ/ĐH",
        issued_on=D(2020, 7, 30),
        issuer="Đại hội đại biểu lần thứ VIII",
        title="Nghị quyết Đại hội Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII, nhiệm kỳ 2020-2025",
    )
    common: dict[str, Any] = {"actor": None, "resolution": resolution}
    admitted = services.target_create(
        **common,
        statement="Kết nạp ít nhất 12 đảng viên mới trong nhiệm kỳ",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        goal=Decimal(12),
        period=TargetPeriod.CUMULATIVE,
        indicator="members.admitted",
    )
    services.target_create(
        **common,
        statement="Số đảng viên toàn Đảng bộ đạt ít nhất 16 người",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        goal=Decimal(16),
        baseline=Decimal(12),
        indicator="members.count",
    )
    services.target_create(
        **common,
        statement="Không quá 2 đảng viên bị xóa tên hoặc khai trừ",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        comparator=Comparator.AT_MOST,
        goal=Decimal(2),
        period=TargetPeriod.CUMULATIVE,
        indicator="members.lost",
        indicator_params={"reason": "struck_off"},
    )
    meetings = services.target_create(
        **common,
        statement="Hằng năm có ít nhất 90% chi bộ sinh hoạt thường kỳ đúng quy định",
        kind=TargetKind.RATE,
        goal=Decimal(90),
        period=TargetPeriod.EACH_YEAR,
    )
    private = services.target_create(
        **common,
        statement="Thành lập 3 tổ chức đảng trong doanh nghiệp ngoài khu vực nhà nước",
        kind=TargetKind.COUNT,
        unit="tổ chức",
        goal=Decimal(3),
        group=TargetGroup.POLITICAL_TASKS,
    )
    services.target_create(
        **common,
        statement="Hoàn thành số hóa hồ sơ đảng viên trước năm 2024",
        kind=TargetKind.MILESTONE,
        comparator=Comparator.BY_DATE,
        goal_date=D(2023, 12, 31),
    )
    services.target_create(
        **common,
        statement="Có ít nhất 95% cơ quan, đơn vị đạt chuẩn văn hóa",
        kind=TargetKind.RATE,
        goal=Decimal(95),
        group=TargetGroup.MASS_ORGANIZATIONS,
    )
    for year, value in ((2020, 100), (2021, 96), (2022, 88)):
        services.measurement_enter(
            actor=None,
            target=meetings,
            on_date=D(year + 1, 1, 15),
            year=year,
            value=Decimal(value),
            evidence=f"Báo cáo tổng kết công tác xây dựng Đảng năm {year}",
            evidence_symbol=f"{10 + year - 2020}-BC/ĐU",
        )
    services.measurement_enter(
        actor=None,
        target=private,
        on_date=D(2022, 12, 20),
        value=Decimal(1),
        evidence="Báo cáo sơ kết Chỉ thị 33-CT/TW",
        evidence_symbol="112-BC/ĐU",
    )
    make_user("lanhdao", role=Role.LEADER, organization=story["root"])
    return {"term": term, "admitted": admitted, "private": private}


def test_leader_reads_the_dashboard_walks_a_figure_down_and_enters_a_value(new_page, story, shots):
    extra = add_terms(story)
    page = new_page()
    login(page, "lanhdao")
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    page.get_by_label("Tính đến ngày").fill(DAY)
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(re.compile(r"ngay=30-6-2023"))
    expect(page.locator("h1")).to_contain_text("Đảng bộ Các cơ quan và Doanh nghiệp tỉnh")
    summary = page.get_by_test_id("summary-line").inner_text()
    assert summary.startswith("Tính đến ngày 30/6/2023:") and "/7 chỉ tiêu đã đạt và vượt" in summary
    assert page.get_by_test_id("target-card").count() == 7
    attention = page.get_by_test_id("attention").inner_text()
    assert "Hằng năm có ít nhất 90% chi bộ" in attention, "2022 fell short: not achieved"
    assert_clean(page)
    shots(page, "dashboard")

    # the admissions target, by the organizations below (loaded into the card, the address follows)
    card = page.locator(f"#chi-tieu-{extra['admitted'].pk}")
    expect(card.get_by_test_id("result")).to_have_text("5 đảng viên")
    card.get_by_test_id("open-drill").click()
    drill = card.get_by_test_id("drill")
    drill.wait_for()
    assert f"chi_tieu={extra['admitted'].pk}" in page.url
    rows = drill.locator("tbody tr")
    values = {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).get_by_test_id("drill-value").inner_text()
        for i in range(rows.count())
    }
    assert values == {
        "Chi bộ Công ty Cấp nước": "1 đảng viên",
        "Chi bộ Công ty Xổ số kiến thiết": "1 đảng viên",
        "Chi bộ Sở Tài chính": "2 đảng viên",
        "Chi bộ Sở Xây dựng": "0 đảng viên",
        "Chi bộ Văn phòng Tỉnh ủy": "1 đảng viên",
    }
    assert drill.get_by_test_id("drill-total").inner_text() == "5 đảng viên"
    assert_clean(page)

    # the finance cell's figure, down to the members it counts
    drill.locator("tr", has_text="Chi bộ Sở Tài chính").get_by_test_id("drill-value").click()
    page.wait_for_url(re.compile(r"/can-cu/"))
    evidence = page.get_by_test_id("evidence-rows").inner_text()
    assert "Huỳnh Thị Ngọc" in evidence and "Trương Văn Lợi" in evidence
    assert "Quách Minh Tâm" not in evidence, "another cell's admission is not in this cell's rows"
    assert "Chi bộ Sở Tài chính" in page.locator(".part-of").inner_text()
    assert_clean(page)

    # a value entered by hand, with its evidence
    page.goto(f"/nhiem-ky/chi-tieu/{extra['private'].pk}/")
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Số liệu tính đến ngày").fill("30-6-2023")
    form.get_by_label("Giá trị (tổ chức)").fill("2")
    form.get_by_role("textbox", name="Căn cứ").fill("Báo cáo sơ kết 3 năm thực hiện Chỉ thị 33-CT/TW")
    form.get_by_label("Số, ký hiệu văn bản").fill("140-BC/ĐU")
    form.get_by_test_id("save-measurement").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi số liệu")
    history = page.get_by_test_id("measurements").inner_text()
    assert "140-BC/ĐU" in history and "lanhdao" in history
    from apps.targets.models import Measurement

    latest = Measurement.objects.filter(target=extra["private"]).latest("id")
    assert (latest.value, latest.on_date, latest.evidence_symbol) == (Decimal(2), D(2023, 6, 30), "140-BC/ĐU")
    assert_clean(page)


def test_a_refused_value_shows_its_reason_at_the_field(new_page, story):
    extra = add_terms(story)
    page = new_page()
    login(page, "lanhdao")
    page.goto(f"/nhiem-ky/chi-tieu/{extra['private'].pk}/")
    form = page.get_by_test_id("entry-form")
    form.get_by_label("Số liệu tính đến ngày").fill("1-1-2019")
    form.get_by_label("Giá trị (tổ chức)").fill("2")
    form.get_by_role("textbox", name="Căn cứ").fill("Báo cáo")
    form.get_by_test_id("save-measurement").click()
    error = page.locator("#field-on_date .errorlist")
    expect(error).to_contain_text("trước khi nhiệm kỳ bắt đầu")
    assert page.get_by_role("textbox", name="Căn cứ").input_value() == "Báo cáo", "the input is kept"
    assert_clean(page)


def test_dashboard_on_a_phone(new_page, story, shots):
    add_terms(story)
    page = new_page(phone=True)
    login(page, "lanhdao")
    page.goto(f"/nhiem-ky/bang-dieu-khien/?ngay={DAY}")
    assert page.get_by_test_id("target-card").count() == 7
    assert horizontal_overflow(page) <= 0, "nothing wider than the phone"
    small = page.locator("main .btn, main button, main input:not([type=hidden]), main select").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))"
    )
    assert small == [], f"small touch targets: {small}"
    # the drill-down opened on the phone fits too
    card = page.get_by_test_id("target-card").first
    card.get_by_test_id("open-drill").click()
    card.get_by_test_id("drill").wait_for()
    assert horizontal_overflow(page) <= 0
    assert_clean(page)
    # the first screen below the menu: what the committee reads first
    page.goto(f"/nhiem-ky/bang-dieu-khien/?ngay={DAY}")
    page.evaluate("() => window.scrollTo(0, document.querySelector('main').getBoundingClientRect().top + window.scrollY)")
    shots(page, "dashboard-phone", full_page=False)


def test_setting_a_target_with_an_indicator_and_its_parameters(new_page, story):
    """Choosing an indicator brings its parameter fields into the form (no script of our own: htmx)."""
    extra = add_terms(story)
    resolution = extra["term"].resolutions.get()
    page = new_page()
    login(page, "lanhdao")
    page.goto(f"/nhiem-ky/nghi-quyet/{resolution.pk}/them-chi-tieu/")
    page.get_by_label("Nội dung chỉ tiêu").fill("Thành lập mới ít nhất 2 tổ chức đảng trong doanh nghiệp tư nhân")
    page.get_by_label("Đơn vị tính").fill("tổ chức")
    page.get_by_label("Mục tiêu", exact=True).fill("2")
    page.get_by_label("Kỳ tính").select_option("cumulative")
    assert page.locator('[name="param_sector"]').count() == 0
    page.get_by_label("Chỉ số tính tự động").select_option("organizations.founded")
    sector = page.locator('select[name="param_sector"]')
    sector.wait_for()
    sector.select_option("private_enterprise")
    page.get_by_test_id("save").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm chỉ tiêu 8")
    from apps.targets.models import Target

    target = Target.objects.get(resolution=resolution, number=8)
    assert target.indicator == "organizations.founded"
    assert target.indicator_params.get("sector") == "private_enterprise"
    assert "organizations.founded" in page.locator("main").inner_text()
    assert_clean(page)
