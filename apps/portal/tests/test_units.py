"""The plain functions: the date line, the body markup and the comment limits."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import escape
from django.utils.safestring import SafeString

from apps.core.errors import DomainError
from apps.portal import guard, markup
from apps.portal.dateline import VIETNAM, dateline, parse_local, short_date
from apps.portal.services import make_slug


def test_the_date_line_the_vietnamese_way_in_gmt7() -> None:
    from django.utils import translation

    translation.activate("vi")  # the language of a Vietnamese page (an earlier English request may have left "en")
    assert dateline(dt.datetime(2020, 7, 30, 6, 0, tzinfo=VIETNAM)) == "Thứ Năm, 30/07/2020 | 06:00"
    assert dateline(dt.datetime(2020, 7, 29, 23, 0, tzinfo=dt.UTC)) == "Thứ Năm, 30/07/2020 | 06:00"
    assert dateline(dt.datetime(2020, 7, 30, 1, 5, tzinfo=ZoneInfo("Europe/Paris"))) == "Thứ Năm, 30/07/2020 | 06:05"
    assert dateline(dt.datetime(2025, 7, 6, 17, 30, tzinfo=VIETNAM)) == "Chủ Nhật, 06/07/2025 | 17:30"
    assert dateline(dt.datetime(2025, 7, 7, 0, 0, tzinfo=VIETNAM)) == "Thứ Hai, 07/07/2025 | 00:00"
    # an English page names the weekday in English, the rest as printed in Vietnam
    with translation.override("en"):
        assert dateline(dt.datetime(2020, 7, 30, 6, 0, tzinfo=VIETNAM)) == "Thursday, 30/07/2020 | 06:00"
    assert dateline(None) == "" and short_date(dt.datetime(2020, 7, 30, 6, 0, tzinfo=VIETNAM)) == "30/07/2020 06:00"
    with pytest.raises(ValueError):
        dateline(dt.datetime(2020, 7, 30, 6, 0))


def test_a_time_typed_in_the_newsroom_is_read_in_gmt7() -> None:
    assert parse_local("30-7-2020", "06:00") == dt.datetime(2020, 7, 29, 23, 0, tzinfo=dt.UTC)
    assert parse_local("30/7/2020") == dt.datetime(2020, 7, 30, tzinfo=VIETNAM)
    for bad in (("31-2-2020", ""), ("", "06:00"), ("30-7-2020", "6h")):
        with pytest.raises(ValueError):
            parse_local(*bad)


def test_slugs_drop_the_marks() -> None:
    assert make_slug("Đại hội Đảng bộ lần thứ VIII, nhiệm kỳ 2020 - 2025") == "dai-hoi-dang-bo-lan-thu-viii-nhiem-ky-2020-2025"
    assert make_slug("!!!") == "bai-viet"


def plain_link(text: str) -> SafeString:
    return SafeString(escape(text))


def test_the_markup_renders_blocks_figures_and_escapes_everything() -> None:
    image = SimpleNamespace(pk=7, caption="Toàn cảnh <Đại hội>", credit="MỸ LINH", alt_text="Hội trường", width=1600, height=900)
    body = (
        "Mở đầu **đậm** <i>x</i>\ndòng hai\n\n## Phần 2\n\n> Trích dẫn\n\n[[ảnh:7]]\n\n[[ảnh:8]]\n\n[[ẢNH: 7 | Chú thích khác]]"
    )
    html = markup.render(body, {7: image}, plain_link, lambda i, v: f"/anh/{i.pk}/{v}/")
    assert "<p>Mở đầu <strong>đậm</strong> &lt;i&gt;x&lt;/i&gt;<br>\ndòng hai</p>" in html
    assert "<h2>Phần 2</h2>" in html and "<blockquote><p>Trích dẫn</p></blockquote>" in html
    assert html.count("<figure") == 2  # image 8 is not the article's
    assert '<figcaption>Toàn cảnh &lt;Đại hội&gt; <span class="credit">Ảnh: MỸ LINH</span></figcaption>' in html
    assert "<figcaption>Chú thích khác" in html
    assert 'alt="Hội trường"' in html and 'width="1600" height="900"' in html and 'srcset="/anh/7/thumb/ 480w' in html
    assert markup.image_ids(body) == [7, 8, 7]
    assert markup.plain_text(body).startswith("Mở đầu đậm <i>x</i>")


def test_comment_limits() -> None:
    guard.check_text("Dân", "Một ý kiến bình thường, có nhắc tới www.soctrang.gov.vn.")
    with pytest.raises(guard.SpamError):
        guard.check_text("Bot", "Nội dung", honeypot="x")
    cases = {
        ("", "Một ý kiến"): "required",
        ("Dân", "hi"): "too_short",
        ("Dân", "x" * (guard.MAX_LENGTH + 1)): "too_long",
        ("Dân", "https://a.example.com https://b.example.com"): "too_many_links",
        ("Dân", "Chơi lô đề ở đây"): "banned_word",
        ("ĐÉO", "Một ý kiến"): "banned_word",
    }
    for (name, body), code in cases.items():
        with pytest.raises(DomainError) as exc:
            guard.check_text(name, body)
        assert exc.value.code == code, (name, body)
    guard.check_text("Dân", "Đeo huy hiệu, đèo cao, Đề án 08-ĐA/TU")  # marks matter: these are other words


def test_banned_words_are_configurable(settings: object) -> None:
    settings.DANGBO_PORTAL_BANNED_WORDS = ["từ cấm"]  # type: ignore[attr-defined]
    guard.check_text("Dân", "cá độ")  # the default list is replaced
    with pytest.raises(DomainError):
        guard.check_text("Dân", "Có Từ Cấm ở đây")
