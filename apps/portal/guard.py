"""Limits on readers' comments, each with a clear message in Vietnamese. All comments are held for moderation
anyway; these keep the queue free of robots, floods and abuse.

* a honeypot field that people never see and robots fill (the comment is dropped, the robot told it was received);
* at most :func:`rate_limit` comments per address in :func:`rate_window` (counted in the database, so every server
  process agrees), and no second copy of the same comment;
* a length limit, a limit on links, and a small list of banned words (``DANGBO_PORTAL_BANNED_WORDS`` in the
  settings replaces the default list).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

MAX_LENGTH = 2000
MIN_LENGTH = 5
MAX_NAME = 80
DEFAULT_BANNED = ("cá độ", "cá cược", "casino", "lô đề", "vay tiền nhanh", "địt", "đéo", "đồ chó")
# A link is one token: a URL with its scheme or www., or a bare domain name (each counted once).
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|vn|org|info|biz|xyz|top|io)\b", re.IGNORECASE)


class SpamError(DomainError):
    """A robot filled the honeypot: nothing is kept, and the answer looks like success."""


def rate_limit() -> int:
    return int(getattr(settings, "DANGBO_PORTAL_COMMENTS_PER_WINDOW", 3))


def rate_window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "DANGBO_PORTAL_COMMENT_WINDOW_MINUTES", 10)))


def max_links() -> int:
    return int(getattr(settings, "DANGBO_PORTAL_COMMENT_MAX_LINKS", 1))


def banned_words() -> tuple[str, ...]:
    return tuple(getattr(settings, "DANGBO_PORTAL_BANNED_WORDS", DEFAULT_BANNED))


def ip_hash(address: str) -> str:
    """A keyed hash of the reader's address: enough to count their comments, not to find them."""
    key = f"portal-comment:{settings.SECRET_KEY}".encode()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    # Compared as written (NFC, lower case), never folded: without its marks a Vietnamese word is another word.
    parts = [re.escape(unicodedata.normalize("NFC", w).lower()) for w in words if w.strip()]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def check_text(name: str, body: str, honeypot: str = "") -> None:
    if honeypot.strip():
        raise SpamError(_("Bình luận của bạn đã được gửi và đang chờ duyệt."), code="spam")
    if not name.strip():
        raise DomainError(_("Vui lòng nhập họ tên."), field="name", code="required")
    if len(name) > MAX_NAME:
        raise DomainError(_("Họ tên dài quá %(n)s ký tự.") % {"n": MAX_NAME}, field="name", code="too_long")
    text = body.strip()
    if len(text) < MIN_LENGTH:
        raise DomainError(
            _("Vui lòng nhập ý kiến của bạn (ít nhất %(n)s ký tự).") % {"n": MIN_LENGTH}, field="body", code="too_short"
        )
    if len(text) > MAX_LENGTH:
        raise DomainError(
            _("Bình luận dài %(len)s ký tự; tối đa %(n)s ký tự.") % {"len": len(text), "n": MAX_LENGTH},
            field="body",
            code="too_long",
        )
    links = len(LINK.findall(text))
    if links > max_links():
        raise DomainError(
            _("Bình luận có %(links)s đường liên kết; chỉ được chèn tối đa %(n)s.") % {"links": links, "n": max_links()},
            field="body",
            code="too_many_links",
        )
    pattern = _words_pattern(banned_words())
    lowered = unicodedata.normalize("NFC", f"{name}\n{text}").lower()
    if pattern is not None and pattern.search(lowered):
        raise DomainError(
            _("Bình luận có từ ngữ không phù hợp với quy định của trang; vui lòng sửa lại."), field="body", code="banned_word"
        )


def rate_error(count: int) -> DomainError:
    minutes = int(rate_window().total_seconds() // 60)
    return DomainError(
        _("Bạn đã gửi %(count)s bình luận trong %(minutes)s phút qua; vui lòng thử lại sau ít phút.")
        % {"count": count, "minutes": minutes},
        code="rate_limited",
    )
