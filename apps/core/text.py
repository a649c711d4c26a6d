"""Vietnamese text: normal form, folding for search, alphabetical sort keys and name parts."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")

# The Vietnamese alphabet (with f, j, w, z for foreign names at their Latin places).
ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_LETTER_CODE = {letter: f"{11 + i:02d}" for i, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(d): f"{1 + d:02d}" for d in range(10)}
# Tone order in Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def nfc(value: str) -> str:
    """Unicode NFC with whitespace collapsed: the form every stored text is kept in."""
    return _WS.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower case without diacritics, đ as d: what search compares ("Lý Bình Cang" -> "ly binh cang")."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.lower()).strip()


def _split_char(ch: str) -> tuple[str, str]:
    """A lower-case character as (letter of the Vietnamese alphabet, tone digit)."""
    if ch == "đ":
        return "đ", "0"
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    marks = decomposed[1:]
    tone = "0"
    letter_marks = ""
    for m in marks:
        if m in _TONES:
            tone = _TONES[m]
        elif m in _VOWEL_MARKS:
            letter_marks += m
    letter = unicodedata.normalize("NFC", base + letter_marks)
    return letter, tone


def _primary_and_tones(word: str) -> tuple[str, str]:
    primary: list[str] = []
    tones: list[str] = []
    for ch in nfc(word).lower():
        if ch.isspace():
            primary.append("00")
            continue
        if ch in _DIGIT_CODE:
            primary.append(_DIGIT_CODE[ch])
            continue
        letter, tone = _split_char(ch)
        code = _LETTER_CODE.get(letter)
        if code is None:
            continue  # punctuation does not take part in alphabetical order
        primary.append(code)
        tones.append(tone)
    return "".join(primary), "".join(tones)


def sort_key(*parts: str) -> str:
    """A key of digits that sorts in Vietnamese alphabetical order under any database collation.

    Letters compare first (a < ă < â < b ... d < đ), parts in the order given, then tones
    (ngang < huyền < hỏi < ngã < sắc < nặng) break ties.
    """
    primaries = []
    tones = []
    for part in parts:
        p, t = _primary_and_tones(part or "")
        primaries.append(p)
        tones.append(t)
    return "00".join(primaries) + "0000" + "0".join(tones)


def person_sort_key(family_name: str, middle_name: str, given_name: str) -> str:
    """Lists of people sort by tên, then họ, then tên đệm."""
    return sort_key(given_name, family_name, middle_name)


def full_name(family_name: str, middle_name: str, given_name: str) -> str:
    return " ".join(p for p in (family_name, middle_name, given_name) if p)


def split_full_name(value: str, given_syllables: int = 1) -> tuple[str, str, str]:
    """Split a full name into (họ, tên đệm, tên).

    The default rule takes the first word as họ and the last ``given_syllables`` words as tên.
    Khmer names often carry a given name of two or more syllables (``given_syllables=2``); the user can
    correct any split, since the parts are stored as given.
    """
    words = nfc(value).split(" ")
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    given_syllables = max(1, min(given_syllables, len(words) - 1))
    family = words[0]
    given = " ".join(words[-given_syllables:])
    middle = " ".join(words[1 : len(words) - given_syllables])
    return family, middle, given
