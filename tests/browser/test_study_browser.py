"""Resolution study in Chromium: the Propaganda Board sets up a campaign (desktop, 1280 x 900), adds a session for a
cell, the cell's attendance is marked with one tap per member on a phone (390 x 844), and the campaign's
participation rate moves from 0% to what was marked. Screenshots: docs/screenshots/study-campaign.png,
study-sheet-phone.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER


def _d(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def test_campaign_session_and_one_tap_attendance(new_page: Any, shots: Any) -> None:
    from django.utils import timezone

    from apps.accounts.choices import Role
    from apps.core.testing import make_user
    from apps.study.models import Campaign, Session, SessionAttendance
    from apps.study.tests.world import build

    world = build(with_sessions=False)
    make_user("tuyengiao", role=Role.PROPAGANDA, organization=world.orgs["R"])
    today = timezone.localdate()

    board = new_page()
    login(board, "tuyengiao")
    board.goto("/hoc-tap/tao-dot/")
    form = board.locator("#study-form")
    form.get_by_label("Tổ chức triển khai").select_option(value=str(world.orgs["R"].pk))
    form.get_by_label("Tên đợt học tập").fill("Học tập, quán triệt Nghị quyết số 18-NQ/TW")
    form.get_by_label("Số, ký hiệu văn bản").fill("18-NQ/TW")
    form.get_by_label("Ngày ban hành").fill("25-10-2017")
    form.get_by_label("Cơ quan ban hành").fill("Ban Chấp hành Trung ương")
    form.get_by_label("Từ ngày").fill(_d(today - dt.timedelta(days=7)))
    form.get_by_label("Đến ngày").fill(_d(today + dt.timedelta(days=30)))
    form.get_by_test_id("save").click()
    expect(board.locator("h1")).to_have_text("Học tập, quán triệt Nghị quyết số 18-NQ/TW")
    campaign = Campaign.objects.get(document_symbol="18-NQ/TW")
    overall = board.locator(".st-overall")
    expect(overall).to_contain_text("0/8")
    assert_clean(board)

    board.get_by_role("link", name="Thêm buổi học tập").click()
    assert board.url.endswith(f"/hoc-tap/dot/{campaign.pk}/them-buoi/")
    form = board.locator("#study-form")
    form.get_by_label("Tổ chức học tập").select_option(value=str(world.orgs["A1"].pk))
    form.get_by_label("Ngày học tập").fill(_d(today))
    form.get_by_label("Địa điểm").fill("Hội trường Sở Tài chính")
    form.get_by_test_id("save").click()
    expect(board.locator("h1")).to_contain_text("Điểm danh buổi học tập")
    session = Session.objects.get(campaign=campaign)
    assert_clean(board)

    # the cell's sheet on a phone: one tap per member, the line turns without a page load
    phone = new_page(phone=True)
    login(phone, "tuyengiao")
    phone.goto(f"/hoc-tap/buoi/{session.pk}/")
    expect(phone.get_by_test_id("tally")).to_have_text("Có mặt 0 · Vắng 0 · Chưa điểm danh 4")
    people = world.people
    for key in ("an", "binh", "chi"):
        line = phone.locator(f"#p{people[key].pk}")
        line.get_by_role("button", name="Có mặt").click()
        expect(phone.locator(f"#p{people[key].pk}").get_by_role("button", name="Có mặt")).to_have_attribute(
            "aria-pressed", "true"
        )
    line = phone.locator(f"#p{people['dung'].pk}")
    line.get_by_label("Lý do vắng").fill("Đi công tác")
    line.get_by_role("button", name="Vắng").click()
    expect(phone.locator(f"#p{people['dung'].pk}")).to_have_class("st-line st-absent")
    expect(phone.get_by_test_id("tally")).to_have_text("Có mặt 3 · Vắng 1 · Chưa điểm danh 0")  # swapped with the line
    assert horizontal_overflow(phone) <= 0
    assert_clean(phone)
    shots(phone, "study-sheet-phone")
    marks = dict(SessionAttendance.objects.filter(session=session).values_list("person_id", "present"))
    assert marks == {people["an"].pk: True, people["binh"].pk: True, people["chi"].pk: True, people["dung"].pk: False}

    # the rate moved: 3 of the 8 members have studied
    board.goto(f"/hoc-tap/dot/{campaign.pk}/")
    expect(board.locator(".st-overall")).to_contain_text("37,50%")
    expect(board.locator(".st-overall")).to_contain_text("3/8")
    expect(board.locator(".st-sessions")).to_contain_text("3 / 1")
    assert horizontal_overflow(board) <= 0
    assert_clean(board)
    shots(board, "study-campaign")
