"""The organizations' ratings in Chromium (1280 x 900): the committee's Board decides the levels of the grassroots
organizations it rates; over the cap the decision is refused above the table naming the rule, the choices kept, and
accepted once corrected. Screenshot: docs/screenshots/ratings-organizations.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER
D = dt.date


def test_organization_decisions_refused_over_the_cap_then_recorded(new_page: Any, shots: Any) -> None:
    from apps.ratings import services
    from apps.ratings.models import OrganizationReview
    from apps.ratings.tests.world import build

    world = build()
    period = world.periods[2025]
    a, c = world.org("A"), world.org("C")
    services.organization_self_assess(
        actor=None, period=period, organization=a, level="excellent", score=92, on_date=D(2025, 12, 5)
    )
    services.organization_self_assess(actor=None, period=period, organization=c, level="good", score=84, on_date=D(2025, 12, 6))

    page = new_page()
    login(page, "board")
    page.goto(f"/danh-gia/dot/{period.pk}/")
    page.get_by_test_id("org-entry").click()
    expect(page.get_by_test_id("organizations").locator("tbody tr")).to_have_count(2)
    page.locator(f"#d-{a.pk}").select_option("excellent")
    page.locator(f"#d-{c.pk}").select_option("good")
    page.get_by_label("Ngày quyết định").fill("15-1-2026")
    page.get_by_label("Số, ký hiệu quyết định").fill("12-QĐ/ĐU")
    page.get_by_test_id("decide").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_contain_text("Quy định 366-QĐ/TW")
    expect(refusal).to_contain_text("vượt 20%")
    expect(page.locator(f"#d-{a.pk}")).to_have_value("excellent")  # kept for correcting
    assert not OrganizationReview.objects.exclude(decided_level="").exists()
    assert horizontal_overflow(page) <= 0
    assert_clean(page)
    shots(page, "ratings-organizations")

    page.locator(f"#d-{a.pk}").select_option("good")
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("summary")).to_contain_text("Hoàn thành tốt nhiệm vụ 2")
    expect(page.get_by_test_id("refusal")).to_have_count(0)
    assert dict(OrganizationReview.objects.values_list("organization_id", "decided_level")) == {a.pk: "good", c.pk: "good"}
    assert_clean(page)
