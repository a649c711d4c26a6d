"""The public pages as a reader sees them (no login): the article with its breadcrumbs, date line, captions,
byline and related news; comments held until moderated; 404 for what is not public; feeds, sitemap, print."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from apps.portal import services
from apps.portal.choices import CommentStatus
from apps.portal.dateline import VIETNAM
from apps.portal.models import Article, Comment
from apps.portal.tests.world import World, build, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


@pytest.fixture
def article(world: World) -> Article:
    return published_article(world)


def page_of(article: Article, client: Client | None = None) -> str:
    response = (client or Client()).get(article.get_absolute_url())
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_reader_sees_the_article_with_everything_a_news_page_has(world: World, article: Article) -> None:
    older = published_article(
        world, "Hội nghị sơ kết công tác xây dựng Đảng", when=dt.datetime(2020, 7, 20, 9, 0, tzinfo=VIETNAM)
    )
    elsewhere = published_article(world, "Tin của chuyên mục khác", category="building", with_image=False)
    html = page_of(article)
    crumbs = re.search(r'<nav class="p-crumbs".*?</nav>', html, re.S)
    assert crumbs and [t.strip() for t in re.findall(r">([^<>]+)</a>", crumbs.group(0))] == [
        "Trang chủ",
        "Tin tức - Sự kiện",
        "Hoạt động của Đảng bộ",
    ]
    assert "Thứ Năm, 30/07/2020 | 06:00" in html
    assert "Nguồn: Báo Sóc Trăng" in html
    assert '<p class="p-byline" data-testid="byline">QUANG BÌNH</p>' in html
    assert "<figcaption>Đảng ủy quan tâm đổi mới công tác xây dựng Đảng." in html and "Ảnh: MỸ LINH" in html
    assert "<strong>Phóng viên:</strong>" in html and "<h2>Nhiệm kỳ mới</h2>" in html and "<blockquote>" in html
    related = html.split('data-testid="related"')[1]
    assert older.title in related and elsewhere.title not in related and article.title not in related
    assert 'property="og:title" content="Phát huy vai trò nêu gương của cán bộ, đảng viên"' in html
    assert f'property="og:image" content="http://testserver/tin-tuc/anh/{article.cover_id}/full/"' in html
    assert 'property="article:published_time" content="2020-07-30T06:00:00+07:00"' in html
    assert '<a class="p-skip" href="#noi-dung">' in html and '<main id="noi-dung"' in html
    assert 'alt="' in html and "<img" in html
    assert "<script" not in html and "style=" not in html  # the strict CSP: nothing inline


def test_the_date_line_is_gmt7_whatever_the_server_time_zone(world: World, article: Article, settings: object) -> None:
    settings.TIME_ZONE = "UTC"  # type: ignore[attr-defined]
    assert "Thứ Năm, 30/07/2020 | 06:00" in page_of(article)


def test_the_body_is_escaped(world: World) -> None:
    a = services.article_create(
        actor=None, category=world.categories["activity"], title="<b>Tiêu đề</b>", body='<script>alert(1)</script> & "x"'
    )
    a = services.article_publish(actor=None, article=a)
    html = page_of(a)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    assert "&lt;b&gt;Tiêu đề&lt;/b&gt;" in html


def test_drafts_scheduled_and_withdrawn_articles_answer_404(world: World, article: Article) -> None:
    draft = services.article_create(actor=None, category=world.categories["activity"], title="Bản nháp", body="Chữ.")
    assert Client().get(draft.get_absolute_url()).status_code == 404
    later = services.article_create(actor=None, category=world.categories["activity"], title="Hẹn giờ", body="Chữ.")
    later = services.article_publish(actor=None, article=later, publish_at=dt.datetime(2099, 1, 1, tzinfo=VIETNAM))
    assert Client().get(later.get_absolute_url()).status_code == 404
    home = Client().get(reverse("portal:home")).content.decode()
    assert "Hẹn giờ" not in home and "Bản nháp" not in home and article.title in home
    services.article_withdraw(actor=None, article=article, note="Sai thông tin")
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert Client().get(reverse("portal:image", args=[article.cover_id, "full"])).status_code == 404


def test_a_wrong_slug_redirects_to_the_article_address(article: Article) -> None:
    response = Client().get(reverse("portal:article", args=["sai-duong-dan", article.pk]))
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_each_visit_counts_once(article: Article) -> None:
    client = Client()
    for _ in range(3):
        client.get(article.get_absolute_url())
    client.head(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 3
    assert "4 lượt xem" in page_of(article)  # this visit included


def test_a_comment_appears_only_after_moderation(world: World, article: Article) -> None:
    reader = Client()
    response = reader.post(
        reverse("portal:comment", args=[article.pk]),
        {"name": "Nguyễn Văn Dân", "email": "", "body": "Bài viết rất thiết thực, cảm ơn Ban biên tập.", "website": ""},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 302 and response["Location"].endswith("#binh-luan")
    follow = reader.get(response["Location"]).content.decode()
    assert "Bình luận đã được gửi và sẽ hiện sau khi được duyệt" in follow
    assert "Bài viết rất thiết thực" not in follow
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and "203.0.113.5" not in comment.ip_hash
    services.comment_moderate(actor=world.users["editor"], comment=comment, approve=True)
    html = page_of(article)
    assert "Bài viết rất thiết thực" in html and "Nguyễn Văn Dân" in html and "Ý kiến bạn đọc (1)" in html


def test_the_comment_limits_answer_in_vietnamese(article: Article, settings: object) -> None:
    url = reverse("portal:comment", args=[article.pk])
    reader = Client(REMOTE_ADDR="198.51.100.7")

    def post(body: str, name: str = "Lê Thị Bạn Đọc", **extra: str) -> str:
        response = reader.post(url, {"name": name, "body": body, "website": "", **extra})
        return f"{response.status_code} {response.content.decode()}"

    assert "400" in post("x") and "ít nhất 5 ký tự" in post("x")
    assert "chỉ được chèn tối đa 1" in post("Xem http://a.example.com và www.b.example.net nhé")
    assert "từ ngữ không phù hợp" in post("Mời tham gia cá độ bóng đá")
    assert "đeo" not in post("Anh ấy đeo huy hiệu Đảng rất trang trọng.")[:3]  # a word that folds to a banned one passes
    robot = Client(REMOTE_ADDR="198.51.100.8")
    response = robot.post(url, {"name": "Bot", "body": "Nội dung quảng cáo", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Comment.objects.filter(name="Bot").exists()
    assert post("Ý kiến thứ hai.").startswith("302") and post("Ý kiến thứ ba.").startswith("302")
    assert "vui lòng thử lại sau ít phút" in post("Ý kiến thứ tư.")
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 3
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(url, {"name": "Khác", "body": "Một ý kiến khác.", "website": ""}).status_code == 302


def test_feeds_and_sitemap_are_valid_xml(world: World, article: Article) -> None:
    services.article_create(actor=None, category=world.categories["activity"], title="Bản nháp kín", body="Chữ.")
    rss = Client().get(reverse("portal:rss"))
    root = ET.fromstring(rss.content)
    assert rss["Content-Type"].startswith("application/rss+xml") and root.tag == "rss"
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [article.title]
    assert items[0].findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert items[0].findtext("pubDate") == "Wed, 29 Jul 2020 23:00:00 +0000"
    atom = ET.fromstring(Client().get(reverse("portal:atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == [article.title]
    sitemap = Client().get(reverse("portal:sitemap"))
    assert sitemap["Content-Type"].startswith("application/xml")
    locs = [e.text for e in ET.fromstring(sitemap.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://testserver{article.get_absolute_url()}" in locs
    assert f"http://testserver{world.categories['activity'].get_absolute_url()}" in locs
    assert not any("ban-nhap-kin" in (loc or "") for loc in locs)


def test_the_printable_view(article: Article) -> None:
    response = Client().get(reverse("portal:print", args=[article.slug, article.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Thứ Năm, 30/07/2020 | 06:00" in html and "QUANG BÌNH" in html
    assert f"http://testserver{article.get_absolute_url()}" in html and "binh-luan" not in html


def test_category_pages_list_their_articles_and_subcategories(world: World, article: Article) -> None:
    html = Client().get(world.categories["news"].get_absolute_url()).content.decode()
    assert article.title in html and "Hoạt động của Đảng bộ" in html
    assert Client().get(reverse("portal:category", args=["khong-co"])).status_code == 404


def test_the_article_page_query_count(article: Article, django_assert_max_num_queries: object) -> None:
    client = Client()
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(article.get_absolute_url())


def test_readers_search_articles_in_the_portal_layout(client) -> None:  # type: ignore[no-untyped-def]
    from apps.portal.tests.world import build, published_article

    world = build()
    article = published_article(world, "Sinh hoạt chi bộ nền nếp")
    page = client.get("/tin-tuc/tim-kiem/", {"q": "sinh hoat chi bo"}).content.decode()
    assert 'class="portal"' in page and article.get_absolute_url() in page
    assert "<mark>Sinh</mark> <mark>hoạt</mark> <mark>chi</mark> <mark>bộ</mark>" in page
    assert "Không có bài viết nào có" in client.get("/tin-tuc/tim-kiem/", {"q": "khong co"}).content.decode()
