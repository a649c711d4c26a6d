"""The news portal in Chromium: a reader on a phone (390 x 844) and on a desktop reads the congress article with its
breadcrumbs, date line, captions, byline, related articles and comments; posts a comment, which is held; the
editor approves it in the newsroom and it appears. Screenshots: docs/screenshots/portal-article-phone.png,
portal-article-desktop.png, portal-newsroom.png."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import BROWSER, assert_clean, horizontal_overflow, login

pytestmark = BROWSER

LOAD_LAZY_IMAGES = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); }
  window.scrollTo(0, 0);
  await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
}"""


def _check_article(page: Any) -> None:
    crumbs = page.get_by_role("navigation", name="Vị trí")
    expect(crumbs.get_by_role("link")).to_have_text(["Trang chủ", "Tin tức - Sự kiện", "Hoạt động của Đảng bộ"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phát huy vai trò nêu gương")
    expect(page.get_by_test_id("dateline")).to_contain_text("Thứ Năm, 30/07/2020 | 06:00")
    expect(page.get_by_test_id("dateline")).to_contain_text("Nguồn: Báo Sóc Trăng")
    expect(page.locator("figure figcaption").first).to_contain_text("Ảnh: MỸ LINH")
    expect(page.locator("figure")).to_have_count(3)
    expect(page.get_by_test_id("byline")).to_have_text("QUANG BÌNH (thực hiện)")
    expect(page.get_by_test_id("related").locator("li")).to_have_count(4)
    expect(page.get_by_test_id("comments").locator("li")).to_have_count(2)
    for img in page.locator("main figure img").all():
        assert img.get_attribute("alt"), "every figure has its text alternative"
    for img in page.locator("main .p-card-img img").all():
        assert img.get_attribute("alt") == ""  # a thumbnail beside its title's link is decoration
    page.evaluate(LOAD_LAZY_IMAGES)
    broken = page.evaluate("() => [...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    assert broken == []
    assert horizontal_overflow(page) <= 0
    assert_clean(page)


def test_read_comment_moderate(new_page: Any, shots: Any) -> None:
    from apps.accounts.choices import Role
    from apps.core.demo.story_orgs import MERGED
    from apps.core.demo.story_portal import CONGRESS_ARTICLE, build_portal
    from apps.core.testing import make_org, make_user
    from apps.organizations.choices import OrganizationKind
    from apps.portal.models import Article, Comment

    committee = make_org("CCQDN", name="Đảng bộ Các cơ quan và Doanh nghiệp tỉnh", kind=OrganizationKind.PARTY_COMMITTEE)
    build_portal({MERGED: committee})
    make_user("bientap", role=Role.EDITOR, organization=committee)
    article = Article.objects.get(title=CONGRESS_ARTICLE)

    phone = new_page(phone=True)
    phone.goto("/tin-tuc/")
    phone.get_by_role("link", name=CONGRESS_ARTICLE).first.click()
    _check_article(phone)
    shots(phone, "portal-article-phone")

    reader = new_page()
    reader.goto(article.get_absolute_url())
    _check_article(reader)
    shots(reader, "portal-article-desktop")
    form = reader.locator("form.p-form")
    form.get_by_label("Họ tên").fill("Phan Thị Bé")
    form.get_by_label("Ý kiến của bạn").fill("Mong Đảng bộ đăng toàn văn Nghị quyết Đại hội để đảng viên học tập.")
    with reader.expect_navigation():
        form.get_by_role("button", name="Gửi ý kiến").click()
    expect(reader.get_by_role("status")).to_contain_text("sẽ hiện sau khi được duyệt")
    expect(reader.get_by_test_id("comments")).not_to_contain_text("Phan Thị Bé")
    comment = Comment.objects.get(name="Phan Thị Bé")
    assert comment.status == "pending"
    # a second reader cannot slip a link-stuffed comment through
    form = reader.locator("form.p-form")
    form.get_by_label("Họ tên").fill("Quảng cáo")
    form.get_by_label("Ý kiến của bạn").fill("Xem http://a.example.com và http://b.example.com")
    with reader.expect_navigation():
        form.get_by_role("button", name="Gửi ý kiến").click()
    expect(reader.locator(".p-field-error")).to_contain_text("chỉ được chèn tối đa 1")

    editor = new_page()
    login(editor, "bientap")
    editor.get_by_role("link", name="Tòa soạn").first.click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Tòa soạn")
    expect(editor.locator("table")).to_contain_text(CONGRESS_ARTICLE)
    assert_clean(editor)
    shots(editor, "portal-newsroom")
    editor.get_by_role("link", name="Duyệt bình luận").first.click()
    card = editor.get_by_test_id(f"comment-{comment.pk}")
    expect(card).to_contain_text("Mong Đảng bộ đăng toàn văn")
    with editor.expect_navigation():
        card.get_by_role("button", name="Duyệt đăng").click()
    expect(editor.get_by_role("status").first).to_contain_text("Đã duyệt bình luận của Phan Thị Bé")
    assert_clean(editor)

    reader.goto(article.get_absolute_url())
    expect(reader.get_by_test_id("comments").locator("li")).to_have_count(3)
    expect(reader.get_by_test_id("comments")).to_contain_text("Phan Thị Bé")
    assert_clean(reader)
