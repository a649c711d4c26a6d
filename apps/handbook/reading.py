"""A meeting document as the member reads it: text files become a plain HTML page, other files a download.

Only plain text is shown in the page (``.txt``, ``.md``); a text typed in the old TCVN3 or VNI fonts is
converted to Unicode. Anything else (PDF, Word, HTML) is offered as a download: the handbook never renders a
file's own markup.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from apps.core.legacy_vn import to_unicode
from apps.meetings.models import MeetingDocument

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
#: the largest text shown in a page (a longer one is cut, with the download offered for the rest)
MAX_TEXT_BYTES = 200_000
#: files up to this size are saved for reading offline with the next meeting
OFFLINE_FILE_BYTES = 2_000_000


def file_name(doc: MeetingDocument) -> str:
    return PurePosixPath(doc.file.name).name if doc.file else ""


def is_text(doc: MeetingDocument) -> bool:
    return bool(doc.file) and PurePosixPath(doc.file.name).suffix.lower() in TEXT_SUFFIXES


def kind(doc: MeetingDocument) -> str:
    """How the member reads it: ``text`` in the page, ``file`` to download, ``link`` to another site."""
    if is_text(doc):
        return "text"
    return "file" if doc.file else "link"


def with_kinds(docs: list[MeetingDocument]) -> list[MeetingDocument]:
    for doc in docs:
        doc.read_as = kind(doc)  # type: ignore[attr-defined]
    return docs


def file_size(doc: MeetingDocument) -> int | None:
    if not doc.file:
        return None
    try:
        return int(doc.file.size)
    except OSError:  # the file is gone from storage
        return None


def read_text(doc: MeetingDocument) -> tuple[str, bool]:
    """The document's text (NFC) and whether it was cut at :data:`MAX_TEXT_BYTES`."""
    with doc.file.open("rb") as f:
        raw = f.read(MAX_TEXT_BYTES + 1)
    cut = len(raw) > MAX_TEXT_BYTES
    raw = raw[:MAX_TEXT_BYTES]
    try:
        text = raw.decode("utf-8-sig", errors="strict" if not cut else "ignore")
    except UnicodeDecodeError:
        # an 8-bit file: the old Vietnamese fonts stored their bytes as Windows-1252 characters
        text = to_unicode(raw.decode("cp1252", errors="replace"))
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")), cut
