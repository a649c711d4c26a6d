"""What a search query asks for: its folded words and, when it names a document, that document's reference.

"quyet dinh 1628", "Quyết định 1628-QĐ/TU", "1628-qd/tu" and "nghị định 13/2023" all name a document; the search
then also returns what cites it (articles, reorganizations, resolutions, minutes) from the citation index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apps.core.text import fold, nfc
from apps.documents.citations import TYPE_WORDS, canonical_symbol, find_citations

_FOLDED_TYPES = sorted(((fold(w), w) for w in TYPE_WORDS), key=lambda p: -len(p[0]))
_NUMBER = re.compile(r"^\d{1,6}$")
_SYMBOLISH = re.compile(r"\d[\d\s]*[-/]")


@dataclass(frozen=True)
class DocumentRef:
    """A document the query names: by its canonical symbol, or by its type and number."""

    symbol: str | None = None
    type_name: str | None = None
    number: str | None = None
    year: str | None = None


@dataclass(frozen=True)
class Query:
    raw: str
    text: str  # NFC
    folded: str
    words: list[str] = field(default_factory=list)
    document: DocumentRef | None = None
    # what one search has read already, for the sources that follow (the documents named, for what cites them)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(raw: str) -> Query:
    text = nfc(raw or "")[:200]
    folded = fold(text)
    words = folded.split()
    return Query(raw=raw or "", text=text, folded=folded, words=words, document=_document_ref(text, folded))


def _document_ref(text: str, folded: str) -> DocumentRef | None:
    found = find_citations(text)
    if found:
        return DocumentRef(symbol=found[0].symbol, type_name=found[0].type, number=found[0].number)
    if _SYMBOLISH.search(text) and (symbol := canonical_symbol(text.split()[-1])):
        return DocumentRef(symbol=symbol)
    # "quyet dinh 1628", "nghi dinh 13/2023": a type word (folded) and a number
    for fword, word in _FOLDED_TYPES:
        if folded.startswith(fword + " "):
            rest = folded[len(fword) :].strip().removeprefix("so ").strip()
            number, _, year = rest.partition("/")
            if _NUMBER.match(number) and (not year or re.fullmatch(r"\d{4}", year)):
                return DocumentRef(type_name=word, number=number, year=year or None)
            return None
    return None
