"""Vietnamese text from old spreadsheets: TCVN3 (ABC, the ".VnTime" fonts) and VNI (the "VNI-Times" fonts).

Before Unicode, Vietnamese was typed with 8-bit fonts. A spreadsheet typed that way stores, in each cell,
the characters that the font's bytes mean in Windows-1252: "Nguyễn" typed in .VnTime arrives as
``"NguyÔn"``, typed in VNI-Times as ``"Nguyeãn"``. This module turns such text into Unicode NFC, and
detects which encoding a file (or a single odd cell) uses.

* TCVN3 (TCVN 5712:1993, VN3) gives one byte to each lower-case letter with its marks, and one to each of
  Ă Â Ê Ô Ơ Ư Đ. Upper-case letters with a tone have no byte: the ".VnTimeH" fonts draw the lower-case
  bytes as capitals. Their case is therefore inferred from the letters around them (see
  :func:`tcvn3_to_unicode`).
* VNI writes a base letter followed by mark bytes (``"a" + "ù"`` = á, ``"a" + "á"`` = ấ, ``"a" + "é"`` = ắ)
  and has single bytes for ơ ư đ, for i with a tone and for ỵ, in both cases.

Detection scores each reading by how many of its words are well-formed Vietnamese syllables. Genuine
Unicode text is preferred whenever it reads as valid Vietnamese, so a real "ô" is never taken for VNI's ơ.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Encoding = Literal["unicode", "tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("unicode", "tcvn3", "vni")
ENCODING_LABELS: dict[str, str] = {"unicode": "Unicode", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# ------------------------------------------------------------------------------------------------ marks

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)  # sắc, huyền, hỏi, ngã, nặng: the order of the tables below
_TONE_SET = frozenset(TONES)
_VOWEL_MARKS = frozenset({CIRCUMFLEX, BREVE, HORN})


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(m for m in marks if m))


def _split(ch: str) -> tuple[str, str, str]:
    """A letter as (base letter, vowel mark, tone), from its decomposition."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, vowel_mark, tone = decomposed[0], "", ""
    for m in decomposed[1:]:
        if m in _TONE_SET:
            tone = m
        elif m in _VOWEL_MARKS:
            vowel_mark = m
    return base, vowel_mark, tone


# The vowels of Vietnamese (without tone), and every letter with every tone, lower case.
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LOWER_LETTERS: tuple[str, ...] = tuple(
    ["đ"] + [v for v in _VOWELS] + [_compose(unicodedata.normalize("NFD", v), t) for v in _VOWELS for t in TONES]
)
VIETNAMESE_LETTERS = (
    frozenset(LOWER_LETTERS)
    | frozenset(ch.upper() for ch in LOWER_LETTERS)
    | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
)

# ------------------------------------------------------------------------------------------------ TCVN3

# Byte (as its Windows-1252 character) -> lower-case letter. Written out letter by letter, tone order
# sắc, huyền, hỏi, ngã, nặng as in TONES.
_TCVN3_LOWER: dict[str, str] = {
    # a: plain toned
    "¸": "á", "µ": "à", "¶": "ả", "·": "ã", "¹": "ạ",
    # ă
    "¨": "ă", "¾": "ắ", "»": "ằ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    # â
    "©": "â", "Ê": "ấ", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    # đ
    "®": "đ",
    # e
    "Ð": "é", "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    # ê
    "ª": "ê", "Õ": "ế", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    # i
    "Ý": "í", "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    # o
    "ã": "ó", "ß": "ò", "á": "ỏ", "â": "õ", "ä": "ọ",
    # ô
    "«": "ô", "è": "ố", "å": "ồ", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    # ơ
    "¬": "ơ", "í": "ớ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    # u
    "ó": "ú", "ï": "ù", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    # ư (U+00AD, the soft hyphen, in Windows-1252)
    "\u00ad": "ư", "ø": "ứ", "õ": "ừ", "ö": "ử", "÷": "ữ", "ù": "ự",
    # y
    "ý": "ý", "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
}  # fmt: skip
# The seven capitals TCVN3 has a byte for.
_TCVN3_UPPER: dict[str, str] = {"¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}

_UNICODE_TO_TCVN3: dict[str, str] = {v: k for k, v in _TCVN3_LOWER.items()} | {v: k for k, v in _TCVN3_UPPER.items()}

# ------------------------------------------------------------------------------------------------ VNI

# Single bytes that are letters by themselves.
_VNI_LETTERS: dict[str, str] = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
    "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# Mark bytes that follow a base letter: (vowel mark, tone). Lower-case bytes, then their capitals.
_VNI_MARKS: dict[str, tuple[str, str]] = {
    "â": (CIRCUMFLEX, ""), "ê": (BREVE, ""),
    "ù": ("", ACUTE), "ø": ("", GRAVE), "û": ("", HOOK), "õ": ("", TILDE), "ï": ("", DOT),
    "á": (CIRCUMFLEX, ACUTE), "à": (CIRCUMFLEX, GRAVE), "å": (CIRCUMFLEX, HOOK), "ã": (CIRCUMFLEX, TILDE), "ä": (CIRCUMFLEX, DOT),
    "é": (BREVE, ACUTE), "è": (BREVE, GRAVE), "ú": (BREVE, HOOK), "ü": (BREVE, TILDE), "ë": (BREVE, DOT),
    "Â": (CIRCUMFLEX, ""), "Ê": (BREVE, ""),
    "Ù": ("", ACUTE), "Ø": ("", GRAVE), "Û": ("", HOOK), "Õ": ("", TILDE), "Ï": ("", DOT),
    "Á": (CIRCUMFLEX, ACUTE), "À": (CIRCUMFLEX, GRAVE), "Å": (CIRCUMFLEX, HOOK), "Ã": (CIRCUMFLEX, TILDE), "Ä": (CIRCUMFLEX, DOT),
    "É": (BREVE, ACUTE), "È": (BREVE, GRAVE), "Ú": (BREVE, HOOK), "Ü": (BREVE, TILDE), "Ë": (BREVE, DOT),
}  # fmt: skip
# Which vowel mark each base letter may take in VNI.
_VNI_TAKES = {"a": {CIRCUMFLEX, BREVE}, "e": {CIRCUMFLEX}, "o": {CIRCUMFLEX}}
_VNI_TONED_BASES = frozenset("aăâeêioôơuưy")
_VNI_TONE_BYTE = {ACUTE: "ù", GRAVE: "ø", HOOK: "û", TILDE: "õ", DOT: "ï"}
_VNI_CIRC_BYTE = {"": "â", ACUTE: "á", GRAVE: "à", HOOK: "å", TILDE: "ã", DOT: "ä"}
_VNI_BREVE_BYTE = {"": "ê", ACUTE: "é", GRAVE: "è", HOOK: "ú", TILDE: "ü", DOT: "ë"}
_VNI_I_BYTE = {ACUTE: "í", GRAVE: "ì", HOOK: "æ", TILDE: "ó", DOT: "ò"}

# Characters an 8-bit file can hold: Latin-1 plus the Windows-1252 punctuation in 0x80-0x9F.
_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


# Letters of Latin-1 that neither encoding gives a meaning to: a reading that meets one is likely wrong.
_TCVN3_UNUSED = frozenset("ÀÁÂÃÄÅÍÙÚÛàðÿ")
_VNI_UNUSED = frozenset("ÇÐÝÞßçðýþÿ")


def _byte_char(ch: str) -> bool:
    return ord(ch) < 0x100 or ch in _CP1252_EXTRA


# ------------------------------------------------------------------------------------------------ encoders


def unicode_to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 (as Windows-1252 characters). Capitals with a tone take the lower-case byte, the way
    the .VnTimeH fonts show them; :func:`tcvn3_to_unicode` restores their case from the word around them."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        code = _UNICODE_TO_TCVN3.get(ch)
        if code is None and ch.isupper():
            code = _UNICODE_TO_TCVN3.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def unicode_to_vni(text: str) -> str:
    """Unicode -> VNI (as Windows-1252 characters)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        upper = ch.isupper()
        base, vowel_mark, tone = _split(ch.lower())
        if ch in ("đ", "Đ"):
            piece = "ñ"
        elif base == "i" and tone:
            piece = _VNI_I_BYTE[tone]
        elif base == "y" and tone == DOT:
            piece = "î"
        elif vowel_mark == HORN:
            piece = ("ô" if base == "o" else "ö") + (_VNI_TONE_BYTE[tone] if tone else "")
        elif vowel_mark == BREVE:
            piece = base + _VNI_BREVE_BYTE[tone]
        elif vowel_mark == CIRCUMFLEX:
            piece = base + _VNI_CIRC_BYTE[tone]
        elif tone and base in _VNI_TONED_BASES:
            piece = base + _VNI_TONE_BYTE[tone]
        else:
            out.append(ch)
            continue
        out.append(piece.upper() if upper else piece)
    return "".join(out)


# ------------------------------------------------------------------------------------------------ decoders


@dataclass
class Decoded:
    text: str
    #: characters or marks that this encoding cannot have produced
    errors: int = 0


_WORD_SPLIT = re.compile(r"(\s+)")


def _tcvn3_decode(text: str) -> Decoded:
    # First pass: each character as (letter, case) where case is "u", "l" or "?" (a TCVN3 lower-case
    # byte, whose case the font decides).
    errors = 0
    items: list[tuple[str, str]] = []
    for ch in text:
        low = _TCVN3_LOWER.get(ch)
        if low is not None:
            items.append((low, "?"))
            continue
        up = _TCVN3_UPPER.get(ch)
        if up is not None:
            items.append((up, "u"))
            continue
        if not _byte_char(ch) or ch in _TCVN3_UNUSED:
            errors += 1
        if ch.isalpha():
            items.append((ch, "u" if ch.isupper() else "l"))
        else:
            items.append((ch, " " if ch.isspace() else "."))
    if all(case != "?" for _, case in items):
        return Decoded("".join(ch for ch, _ in items), errors)
    # Second pass: a word whose other letters are all capitals is a capitalized word (.VnTimeH); a
    # word with fewer than two other letters follows the whole cell (capitals when some word has two
    # or more letters and every letter of the cell is a capital); a cell in title case (two words or
    # more, each starting with a capital) capitalizes the first letter of each word.
    words: list[list[int]] = []
    current: list[int] = []
    for i, (_, case) in enumerate(items):
        if case == " ":
            if current:
                words.append(current)
            current = []
        else:
            current.append(i)
    if current:
        words.append(current)
    known = [[items[i][1] for i in w if items[i][1] in ("u", "l")] for w in words]
    cell_upper = any(len(k) >= 2 for k in known) and all(c == "u" for k in known for c in k)
    starts = [items[w[0]][1] for w in words if items[w[0]][1] in ("u", "l")]
    title_case = len(starts) >= 2 and all(c == "u" for c in starts) and not cell_upper
    out = [ch for ch, _ in items]
    for word, letters in zip(words, known, strict=True):
        if len(letters) >= 2:
            word_upper = all(c == "u" for c in letters)
        else:
            word_upper = cell_upper
        for pos, i in enumerate(word):
            ch, case = items[i]
            if case != "?":
                continue
            if word_upper or (title_case and pos == 0):
                out[i] = ch.upper()
    return Decoded("".join(out), errors)


def _vni_decode(text: str) -> Decoded:
    errors = 0
    out: list[str] = []
    for ch in text:
        letter = _VNI_LETTERS.get(ch)
        if letter is not None:
            out.append(letter)
            continue
        mark = _VNI_MARKS.get(ch)
        if mark is not None:
            prev = out[-1] if out else ""
            combined = _vni_apply(prev, *mark)
            if combined is None:
                errors += 1
                out.append(ch)
            else:
                out[-1] = combined
            continue
        if not _byte_char(ch) or ch in _VNI_UNUSED:
            errors += 1
        out.append(ch)
    return Decoded("".join(out), errors)


def _vni_apply(prev: str, vowel_mark: str, tone: str) -> str | None:
    if not prev or not prev.isalpha():
        return None
    upper = prev.isupper()
    base, has_mark, has_tone = _split(prev.lower())
    if has_tone:
        return None  # a second tone
    if vowel_mark:
        if has_mark or vowel_mark not in _VNI_TAKES.get(base, ()):
            return None
    elif base not in "aeiouy":
        return None
    result = _compose(base, vowel_mark or has_mark, tone)
    return result.upper() if upper else result


def decode(text: str, encoding: Encoding) -> Decoded:
    """One reading of ``text``: as Unicode (normalized to NFC), as TCVN3 or as VNI."""
    if encoding == "tcvn3":
        return _tcvn3_decode(text)
    if encoding == "vni":
        return _vni_decode(text)
    return Decoded(unicodedata.normalize("NFC", text))


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text (as stored by a spreadsheet) -> Unicode NFC.

    The case of a lower-case byte follows its word: ``"NGUYÔN"`` (a capitalized .VnTimeH word) gives
    "NGUYỄN", ``"NguyÔn"`` gives "Nguyễn". A one-letter word follows the whole cell, and in a cell of two
    words or more that all start with a capital (a name), a word's first letter does too (``"Lª ThÞ ¸nh"`` ->
    "Lê Thị Ánh").
    """
    return unicodedata.normalize("NFC", _tcvn3_decode(text).text)


def vni_to_unicode(text: str) -> str:
    """VNI text (as stored by a spreadsheet) -> Unicode NFC (``"Nguyeãn Vaên Tö"`` -> "Nguyễn Văn Tư")."""
    return unicodedata.normalize("NFC", _vni_decode(text).text)


# ------------------------------------------------------------------------------------------------ syllables

_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
# Every rhyme (vần) of Vietnamese, without its tone.
_RHYME_ROWS = (
    "a ac ach ai am an ang anh ao ap at au ay",
    "ăc ăm ăn ăng ăp ăt",
    "âc âm ân âng âp ât âu ây",
    "e ec em en eng eo ep et",
    "ê êch êm ên ênh êp êt êu",
    "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu",
    "o oc oi om on ong op ot oong ooc",
    "oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet",
    "ô ôc ôi ôm ôn ông ôp ôt",
    "ơ ơi ơm ơn ơp ơt",
    "u uc ui um un ung up ut ua uân uâng uât uây uê uêch uênh uơ uy uya uych uyên uyêt uynh uyp uyt uyu",
    "uôc uôi uôm uôn uông uôt",
    "ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu",
    "y yêm yên yêng yêt yêu",
)
RHYMES = frozenset(rhyme for row in _RHYME_ROWS for rhyme in row.split())
_STOP_FINALS = ("c", "ch", "p", "t")


def _strip_tone(word: str) -> tuple[str, int, str]:
    """(lower-case word without tone, number of tone marks, the tone)."""
    marks = unicodedata.normalize("NFD", word.lower())
    tones = [m for m in marks if m in _TONE_SET]
    bare = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONE_SET))
    return bare, len(tones), tones[0] if tones else ""


@functools.lru_cache(maxsize=50_000)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is a well-formed Vietnamese syllable (initial, rhyme, at most one tone, and only
    sắc or nặng on a rhyme that ends in c, ch, p, t)."""
    bare, n_tones, tone = _strip_tone(word)
    if n_tones > 1 or not bare:
        return False
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rest = bare[len(initial) :]
        candidates = [rest]
        if initial == "gi":
            candidates.append("i" + rest)  # gì, giếng: the i is shared
            if not rest:
                return True
        for rhyme in candidates:
            if rhyme in RHYMES:
                if tone and tone not in (ACUTE, DOT) and rhyme.endswith(_STOP_FINALS):
                    continue
                return True
    return False


# ------------------------------------------------------------------------------------------------ scoring

_TOKEN_SPLIT = re.compile(r"[\s,.;:()\[\]/\\\"'!?+=&*%$#@<>|{}_\-–—0-9]+")


def score(text: str, encoding: Encoding) -> int:
    """How well ``text`` reads in ``encoding``: +1 for each word with a non-ASCII letter that is a valid
    syllable, -1 for each one that is not, -2 for each character the encoding cannot have produced."""
    decoded = decode(text, encoding)
    total = -2 * decoded.errors
    for token in _TOKEN_SPLIT.split(decoded.text):
        if not token or token.isascii():
            continue
        if not any(ch.isalpha() for ch in token):
            continue
        if all(ch in VIETNAMESE_LETTERS for ch in token) and is_syllable(token):
            total += 1
        else:
            total -= 1
    return total


def scores(texts: Iterable[str]) -> dict[Encoding, int]:
    totals: dict[Encoding, int] = dict.fromkeys(ENCODINGS, 0)
    for text in texts:
        if not text or text.isascii():
            continue
        for enc in ENCODINGS:
            totals[enc] += score(text, enc)
    return totals


def best(totals: dict[Encoding, int]) -> Encoding:
    """Unicode unless a legacy reading is clearly better (strictly more valid words, and positive)."""
    choice: Encoding = "unicode"
    for enc in ("tcvn3", "vni"):
        if totals[enc] > 0 and totals[enc] > totals[choice]:
            choice = enc
    return choice


def detect(texts: Iterable[str]) -> Encoding:
    """The encoding of a column or a file, judged over all of its text."""
    return best(scores(texts))


@dataclass
class Detector:
    """Judges a file's encoding from its cells as they come, and stops looking once the answer is clear
    (one reading leads the others by ``margin`` points) or after ``limit`` cells with non-ASCII text."""

    margin: int = 60
    limit: int = 3000
    totals: dict[Encoding, int] = field(default_factory=lambda: dict.fromkeys(ENCODINGS, 0))
    seen: int = 0

    @property
    def done(self) -> bool:
        if self.seen >= self.limit:
            return True
        ranked = sorted(self.totals.values(), reverse=True)
        return ranked[0] - ranked[1] >= self.margin

    def feed(self, text: str) -> None:
        if not text or text.isascii() or self.done:
            return
        self.seen += 1
        for enc in ENCODINGS:
            self.totals[enc] += score(text, enc)

    @property
    def encoding(self) -> Encoding:
        return best(self.totals)


# Characters that real Vietnamese Unicode text does not use but TCVN3 and VNI bytes are: a cell of a
# Unicode file holding one of them is looked at again by itself.
_SUSPECT_CHARS = sorted({chr(c) for c in range(0xA1, 0x100)} - VIETNAMESE_LETTERS - set("×÷°±²³"))
_SUSPECT = re.compile("[" + re.escape("".join(_SUSPECT_CHARS)) + "]")


@dataclass
class Converter:
    """Converts the cells of one file: the file's encoding first, each cell re-judged only when that
    reading of it is broken. Counts what it changed, for the import report."""

    encoding: Encoding = "unicode"
    converted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENCODINGS, 0))

    def __call__(self, value: str) -> str:
        return self.convert(value)

    def convert(self, value: str) -> str:
        return self.convert_tracked(value)[0]

    def convert_tracked(self, value: str) -> tuple[str, Encoding]:
        """The cell in Unicode NFC, and the encoding it was read in."""
        if value.isascii():
            return value, "unicode"
        if self.encoding == "unicode" and not _SUSPECT.search(value):
            return unicodedata.normalize("NFC", value), "unicode"
        return self.convert_slow(value)

    def convert_slow(self, value: str) -> tuple[str, Encoding]:
        own = score(value, self.encoding)
        chosen: Encoding = self.encoding
        if own < 0 or (self.encoding != "unicode" and own <= 0):
            alternatives = {enc: score(value, enc) for enc in ENCODINGS}
            preferred = best(alternatives)
            if alternatives[preferred] > own:
                chosen = preferred
        text = unicodedata.normalize("NFC", decode(value, chosen).text)
        if chosen != "unicode" and text != value:
            self.converted[chosen] += 1
        return text, chosen


def to_unicode(value: str, encoding: Encoding | None = None) -> str:
    """One cell to Unicode NFC: in the given encoding, or detected from the cell itself."""
    if encoding is None:
        encoding = detect([value])
    return unicodedata.normalize("NFC", decode(value, encoding).text)
