"""A cell meeting on phones (390 x 844): the secretary plans it, a member checks in with the code (logging in on
the way), the secretary marks the others with one tap each, records a vote and closes the meeting with its
minutes. Screenshots: docs/screenshots/meeting-plan-phone.png, meeting-checkin-phone.png, meeting-closed-phone.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER


def test_plan_checkin_close_on_phones(new_page: Any, shots: Any) -> None:
    from django.utils import timezone

    from apps.meetings.models import Attendance, Meeting
    from apps.meetings.tests.world import build

    world = build()
    people = world.people
    now = timezone.localtime()
    start = (now - dt.timedelta(minutes=5)).replace(second=0, microsecond=0)
    end = min(start + dt.timedelta(hours=2), start.replace(hour=23, minute=59))

    secretary = new_page(phone=True)
    login(secretary, "bithu_a1")
    secretary.get_by_role("link", name="Sinh hoạt chi bộ").first.click()
    secretary.get_by_test_id("plan").click()
    form = secretary.locator("#meeting-form")
    form.get_by_label("Ngày họp").fill(f"{start.day}-{start.month}-{start.year}")
    form.get_by_label("Giờ bắt đầu").fill(f"{start:%H:%M}")
    form.get_by_label("Giờ kết thúc").fill(f"{end:%H:%M}")
    form.get_by_label("Địa điểm").fill("Phòng họp tầng 2")
    form.get_by_label("Chủ trì").select_option(label=people["pa"].full_name)
    form.get_by_label("Chương trình").fill("1. Thông báo thời sự\n2. Đánh giá nhiệm vụ tháng\n3. Phương hướng tháng tới")
    assert horizontal_overflow(secretary) <= 0
    shots(secretary, "meeting-plan-phone")
    form.get_by_test_id("save").click()
    expect(secretary.get_by_test_id("code")).to_be_visible()
    meeting = Meeting.objects.get()
    expect(secretary.get_by_test_id("code")).to_have_text(meeting.code)
    expect(secretary.locator("img.mt-qr")).to_be_visible()
    assert_clean(secretary)

    member = new_page(phone=True)
    member.goto(f"/sinh-hoat/diem-danh/{meeting.code}/")
    member.get_by_label("Tên đăng nhập").fill("dangvien_a1")
    member.get_by_label("Mật khẩu").fill("mat-khau-demo-2025")
    with member.expect_navigation():
        member.get_by_role("button", name="Đăng nhập").click()
    member.get_by_test_id("checkin").click()
    expect(member.get_by_test_id("checked-in")).to_be_visible()
    assert horizontal_overflow(member) <= 0
    assert_clean(member)
    shots(member, "meeting-checkin-phone")
    assert Attendance.objects.get(meeting=meeting).person == people["pa"]

    secretary.reload()
    row = secretary.get_by_test_id(f"person-{people['pa2'].pk}")
    row.get_by_role("button", name="Có mặt").click()
    expect(secretary.get_by_test_id(f"person-{people['pa2'].pk}").get_by_role("button", name="Có mặt")).to_have_attribute(
        "aria-pressed", "true"
    )
    row = secretary.get_by_test_id(f"person-{people['pa3'].pk}")
    row.get_by_text("Vắng có lý do…").click()
    row.get_by_label("Lý do").fill("Đi công tác")
    row.get_by_role("button", name="Ghi").click()
    expect(secretary.get_by_test_id("tally")).to_contain_text("Có mặt 2 · vắng có lý do 1")
    secretary.locator("#bieu-quyet summary").click()
    secretary.get_by_label("Nội dung biểu quyết").fill("Thông qua nghị quyết chi bộ tháng")
    secretary.locator("#id_votes_for").fill("2")
    secretary.get_by_role("button", name="Ghi").last.click()
    expect(secretary.locator(".mt-decisions")).to_contain_text("Tán thành 2")
    close = secretary.locator("#close-form")
    close.locator("#id_minutes").fill("Chi bộ họp thường kỳ, 2/3 đảng viên có mặt. Thống nhất nghị quyết tháng.")
    for box in close.locator("input[type=checkbox]").all():
        box.check()
    close.get_by_test_id("close").click()
    expect(secretary.get_by_test_id("status")).to_have_text("Đã kết thúc")
    expect(secretary.get_by_test_id("minutes")).to_contain_text("Thống nhất nghị quyết tháng")
    assert horizontal_overflow(secretary) <= 0
    assert_clean(secretary)
    shots(secretary, "meeting-closed-phone")
    meeting.refresh_from_db()
    assert meeting.is_closed and meeting.ticks.filter(done=True).count() == meeting.ticks.count() > 0
