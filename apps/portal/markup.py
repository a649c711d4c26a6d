"""The markup of an article's body: plain text that editors type, rendered safely.

* a blank line separates blocks; a single line break inside a paragraph is kept as a line break;
* ``## Tiêu đề`` is a sub-heading; ``> ...`` a quotation;
* ``[[ảnh:12]]`` alone on its line is a figure: the article's image 12 with its caption and credit
  (``[[ảnh:12|Chú thích khác]]`` overrides the caption);
* ``**chữ đậm**`` inside a paragraph is bold (the questions of an interview).

Nothing the editor types reaches the page as HTML: every piece of text is escaped, and citations of Party
documents become links (``citing.link_html``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

FIGURE = re.compile(r"^\[\[\s*(?:ảnh|anh|hình|hinh|image)\s*:\s*(\d{1,18})\s*(?:\|\s*(.*?))?\s*\]\]$", re.IGNORECASE)
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
BLANK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "h2", "quote", "figure"
    text: str
    image_id: int | None = None


def blocks(body: str) -> Iterator[Block]:
    for raw in BLANK.split(body.replace("\r\n", "\n").replace("\r", "\n")):
        chunk = raw.strip()
        if not chunk:
            continue
        m = FIGURE.match(chunk)
        if m:
            yield Block("figure", (m.group(2) or "").strip(), int(m.group(1)))
        elif chunk.startswith("## "):
            yield Block("h2", chunk[3:].strip())
        elif chunk.startswith(">"):
            yield Block("quote", "\n".join(line.lstrip(">").strip() for line in chunk.split("\n")))
        else:
            yield Block("p", chunk)


def image_ids(body: str) -> list[int]:
    return [b.image_id for b in blocks(body) if b.image_id is not None]


def plain_text(body: str) -> str:
    """The text of the body without markup (for feeds, search and the citation index)."""
    out = []
    for b in blocks(body):
        if b.kind == "figure":
            if b.text:
                out.append(b.text)
            continue
        out.append(BOLD.sub(r"\1", b.text))
    return "\n\n".join(out)


Linker = Callable[[str], SafeString]


def _inline(text: str, link: Linker) -> SafeString:
    """Escaped text with citations linked, ``**bold**`` and line breaks."""
    parts: list[str] = []
    pos = 0
    for m in BOLD.finditer(text):
        parts.append(link(text[pos : m.start()]))
        parts.append(format_html("<strong>{}</strong>", link(m.group(1))))
        pos = m.end()
    parts.append(link(text[pos:]))
    return mark_safe("".join(parts).replace("\n", "<br>\n"))  # every part above is escaped


def render(body: str, images: Mapping[int, Any], link: Linker, image_url: Callable[[Any, str], str]) -> SafeString:
    """The body as HTML. ``images`` maps the article's image ids to images (``caption``, ``credit``, ``alt_text``,
    ``width``, ``height``); a figure naming another id is left out."""
    html: list[str] = []
    for b in blocks(body):
        if b.kind == "h2":
            html.append(format_html("<h2>{}</h2>", _inline(b.text, link)))
        elif b.kind == "quote":
            html.append(format_html("<blockquote><p>{}</p></blockquote>", _inline(b.text, link)))
        elif b.kind == "figure":
            image = images.get(b.image_id or 0)
            if image is not None:
                html.append(figure(image, image_url, caption=b.text or None))
        else:
            html.append(format_html("<p>{}</p>", _inline(b.text, link)))
    return mark_safe("\n".join(html))  # built from format_html pieces


def figure(image: Any, image_url: Callable[[Any, str], str], caption: str | None = None, eager: bool = False) -> SafeString:
    caption = image.caption if caption is None else caption
    credit = format_html(' <span class="credit">Ảnh: {}</span>', image.credit) if image.credit else ""
    return format_html(
        '<figure class="figure"><img src="{}" srcset="{} 480w, {} {}w" sizes="(max-width: 760px) 100vw, 720px" '
        'width="{}" height="{}" alt="{}" loading="{}" decoding="async">{}</figure>',
        image_url(image, "full"),
        image_url(image, "thumb"),
        image_url(image, "full"),
        image.width,
        image.width,
        image.height,
        image.alt_text,
        "eager" if eager else "lazy",
        format_html("<figcaption>{}{}</figcaption>", caption, credit) if caption or credit else "",
    )


__all__ = ["Block", "blocks", "figure", "image_ids", "plain_text", "render"]
