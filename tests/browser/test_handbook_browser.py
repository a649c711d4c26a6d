"""The member's handbook on a phone (390 x 844): a member logs in, opens the Sổ tay from the menu, the service
worker registers and saves the next meeting with its documents; with the phone offline the meeting's text
document still opens (from the saved copy) and a page never saved shows the offline page. Screenshots:
docs/screenshots/handbook-phone.png, handbook-meeting-phone.png."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER

SAVED = """async (url) => {
  const cache = await caches.open("handbook-pages");
  return !!(await cache.match(url));
}"""


def test_handbook_on_a_phone_and_offline(new_page: Any, shots: Any, settings: Any, tmp_path: Any) -> None:
    from django.urls import reverse

    from apps.handbook.tests.world import build
    from apps.meetings.models import MeetingDocument

    settings.MEDIA_ROOT = tmp_path
    world = build()
    meeting = world.next_meeting
    text_doc = MeetingDocument.objects.filter(meeting=meeting, file__endswith=".txt").get()
    meeting_url = reverse("handbook:meeting", args=[meeting.pk])
    doc_url = reverse("handbook:document", args=[meeting.pk, text_doc.pk])

    page = new_page(phone=True)
    login(page, "dangvien_a1")
    page.get_by_test_id("handbook").click()
    expect(page.get_by_test_id("organization")).to_contain_text("Chi bộ Kế toán")
    expect(page.get_by_test_id("next-meeting")).to_contain_text("Dự thảo nghị quyết")
    expect(page.get_by_test_id("attendance")).to_contain_text("Có mặt 2/3 buổi")
    expect(page.get_by_test_id("study")).to_contain_text("Học bù")

    # the service worker registers with the handbook's scope and saves the next meeting and its documents
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope.endswith("/so-tay/")
    page.wait_for_function(SAVED, arg=doc_url, timeout=20_000)
    assert page.evaluate(SAVED, meeting_url)

    # large type and tap targets, one column, nothing wider than the screen
    assert float(page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")) >= 18
    heights = page.evaluate(
        "() => [...document.querySelectorAll('main a.btn, main a.more, main .links a')].map(a => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 48, heights
    assert horizontal_overflow(page) <= 0
    assert_clean(page)
    shots(page, "handbook-phone")

    page.goto(meeting_url)
    expect(page.get_by_test_id("documents")).to_contain_text("Báo cáo tháng")
    assert horizontal_overflow(page) <= 0
    assert_clean(page)
    shots(page, "handbook-meeting-phone")

    # offline: the saved document opens, the note says the phone is offline; a page never saved says so
    page.context.set_offline(True)
    page.goto(doc_url)
    expect(page.get_by_test_id("document-text")).to_contain_text("Một là, tiếp tục thực hiện tốt nhiệm vụ chuyên môn.")
    expect(page.locator("[data-offline-note]")).to_be_visible()
    page.goto(reverse("handbook:meetings") + "?nam=1999")
    expect(page.get_by_test_id("offline")).to_be_visible()
    page.context.set_offline(False)
    page.goto(doc_url)
    expect(page.locator("[data-offline-note]")).to_be_hidden()

    # logging out from the handbook forgets the saved pages (a shared phone)
    page.goto(reverse("handbook:home"))
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    assert page.evaluate("async () => (await caches.keys()).filter(k => k.startsWith('handbook-pages'))") == []
