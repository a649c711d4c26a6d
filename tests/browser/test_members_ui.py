"""A member's record: two people editing it at once, and a cell secretary who sees only their cell."""

from __future__ import annotations

import re

from apps.members.models import Person
from tests.browser.harness import BROWSER, assert_clean, login

pytestmark = BROWSER


def test_stale_form_is_refused_in_the_second_browser(new_page, story, shots):
    person = story["people"]["TC"][0]
    clerk = new_page()
    secretary = new_page()
    login(clerk, "vanphong")
    login(secretary, "bithu.taichinh")
    url = f"/dang-vien/{person.id}/sua/"
    clerk.goto(url)
    secretary.goto(url)

    clerk.get_by_label("Điện thoại").fill("0912 345 678")
    clerk.get_by_test_id("save").click()
    clerk.wait_for_url(re.compile(rf"/dang-vien/{person.id}/$"))
    assert "Đã lưu hồ sơ" in clerk.locator(".messages").inner_text()

    secretary.get_by_label("Quê quán").fill("Vĩnh Châu, Sóc Trăng")
    secretary.get_by_test_id("save").click()
    alert = secretary.locator("#member-form .msg.error")
    alert.wait_for()
    assert "Thay đổi của bạn chưa được lưu" in alert.inner_text()
    assert secretary.get_by_label("Quê quán").input_value() == "Vĩnh Châu, Sóc Trăng", "the input is kept"
    assert "0912 345 678" in secretary.get_by_test_id("conflicts").inner_text()
    assert secretary.get_by_label("Điện thoại").input_value() == "0912 345 678", "the clerk's change is carried in"
    stored = Person.objects.get(pk=person.pk)
    assert (stored.phone, stored.hometown) == ("0912 345 678", ""), "nothing of the stale form was applied"
    assert_clean(secretary)
    shots(secretary, "member-stale")

    # saving again applies the secretary's change without undoing the clerk's
    secretary.get_by_test_id("save").click()
    secretary.wait_for_url(re.compile(rf"/dang-vien/{person.id}/$"))
    stored.refresh_from_db()
    assert (stored.phone, stored.hometown) == ("0912 345 678", "Vĩnh Châu, Sóc Trăng")
    shots(secretary, "member")
    assert_clean(secretary)


def test_cell_secretary_sees_only_their_cell(page, story):
    login(page, "bithu.taichinh")
    own_cell, other_cell = story["cells"]["TC"], story["cells"]["XD"]
    own, other = story["people"]["TC"][0], story["people"]["XD"][0]
    assert page.goto(f"/to-chuc/{own_cell.id}/").status == 200
    assert page.goto(f"/dang-vien/{own.id}/").status == 200
    for path in (
        f"/to-chuc/{other_cell.id}/",
        f"/dang-vien/{other.id}/",
        f"/dang-vien/{other.id}/sua/",
        f"/to-chuc/{own_cell.id}/doi-ten/",
        "/to-chuc/hop-nhat/",
    ):
        assert page.goto(path).status == 404, path
    page.goto("/to-chuc/")
    codes = set(page.locator('[data-testid="tree"] li[data-code]').evaluate_all("els => els.map(e => e.dataset.code)"))
    assert codes == {"TC"}
    page.goto(f"/dang-vien/{own.id}/")
    actions = page.get_by_test_id("member-actions")
    assert actions.get_by_role("link", name="Sửa hồ sơ").is_visible()
    assert_clean(page)
