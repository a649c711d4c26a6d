"""Marks the words of a query in a text, diacritics-insensitively: "quyet dinh" marks "Quyết định"."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.text import fold, nfc


def _fold_chars(text: str) -> str:
    """``fold`` character by character, so that each character of the result stands where it stood in ``text``."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if len(f) == 1 else (f[:1] or " "))
    return "".join(out)


def spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded = _fold_chars(text)
    found: list[tuple[int, int]] = []
    for word in sorted(set(words), key=len, reverse=True):
        start = 0
        while (i := folded.find(word, start)) != -1:
            found.append((i, i + len(word)))
            start = i + len(word)
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, words: list[str], *, around: int | None = None) -> SafeString:
    """``text`` escaped with each match in ``<mark>``; with ``around``, only a window of that many characters
    either side of the first match (with "…" where it was cut)."""
    text = nfc(text or "")
    marks = spans(text, words)
    lo, hi = 0, len(text)
    if around is not None and len(text) > 2 * around:
        first = marks[0][0] if marks else 0
        lo = max(0, first - around)
        hi = min(len(text), (marks[0][1] if marks else 0) + around)
        if lo > 0 and (sp := text.rfind(" ", 0, lo + 12)) > lo - 12 and sp != -1:
            lo = sp + 1
        if hi < len(text) and (sp := text.find(" ", hi - 12)) != -1 and sp < hi + 12:
            hi = sp
    parts: list[str] = ["…" if lo > 0 else ""]
    pos = lo
    for s, e in marks:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        parts.append(escape(text[pos:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(escape(text[pos:hi]))
    if hi < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of text was escaped above
