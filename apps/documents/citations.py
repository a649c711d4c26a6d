"""Find references to Party and State documents in Vietnamese text.

A reference names a document by its number and symbol ("số, ký hiệu"), usually after the document's type and
often followed by its date and the body that issued it::

    Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy Sóc Trăng
    Nghị quyết số 18-NQ/TW của Hội nghị lần thứ 6, Ban Chấp hành Trung ương Đảng khóa XII
    Quy định 07-QĐi/TW            Nghị định số 13/2023/NĐ-CP            Quyết định số 123/QĐ-TTg

Party symbols are ``number-TYPE/ISSUER`` (Hướng dẫn 36-HD/VPTW); State symbols are ``number/year/TYPE-ISSUER`` or
``number/TYPE-ISSUER`` (Nghị định 30/2020/NĐ-CP). The text may be decomposed Unicode (NFD), use any dash
(-, –, —), put spaces around the separators, write the type code without its diacritic ("QD") and the date as
27-6-2019, 27/6/2019, 27.6.2019 or "ngày 27 tháng 6 năm 2019". Offsets always refer to the text as given.

:func:`find_citations` returns every reference, left to right, each with its canonical symbol, number, type,
issuer code, date (when stated and valid) and issuing body (when stated); :func:`canonical_symbol` normalizes a
symbol typed on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from apps.core.text import fold

# --- document types -------------------------------------------------------------------------------------------

# Party document types and their codes in a Party symbol (Hướng dẫn 36-HD/VPTW: 01-TT/TW is a Thông tri, TTr a
# Tờ trình), then the State's (Nghị định 30/2020/NĐ-CP: 01/2021/TT-BNV is a Thông tư). Which table a code is
# read from depends on the symbol's shape.
_PARTY_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "ĐA": "Đề án",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "QC": "Quy chế",
    "TT": "Thông tri",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "BB": "Biên bản",
    "DA": "Dự án",
    "PA": "Phương án",
    "QyĐ": "Quy định",
    "KTr": "Kế hoạch kiểm tra",
    "GGT": "Giấy giới thiệu",
    "TC": "Tờ trình",
}
_STATE_CODES: dict[str, str] = {
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "HD": "Hướng dẫn",
    "CĐ": "Công điện",
    "ĐA": "Đề án",
    "CTr": "Chương trình",
    "QC": "Quy chế",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
    "KL": "Kết luận",
    "BB": "Biên bản",
}
#: type code -> type name, Party meanings first where the two systems share a code
TYPE_NAMES: dict[str, str] = {**_STATE_CODES, **_PARTY_CODES}

#: The words that introduce a reference, longest first so "Nghị quyết liên tịch" wins over "Nghị quyết".
TYPE_WORDS: tuple[str, ...] = (
    "Thông báo kết luận",
    "Nghị quyết liên tịch",
    "Thông tư liên tịch",
    "Nghị quyết",
    "Quyết định",
    "Quy định",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Đề án",
    "Kế hoạch",
    "Chương trình",
    "Quy chế",
    "Thông tri",
    "Thông báo",
    "Thông tư",
    "Báo cáo",
    "Tờ trình",
    "Công văn",
    "Công điện",
    "Nghị định",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Lệnh",
    "Biên bản",
    "Dự án",
    "Phương án",
)
_WORD_BY_FOLD = {fold(w): w for w in TYPE_WORDS}


def _codes_by_fold(table: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in table:
        out.setdefault(fold(code).upper(), []).append(code)
    return out


_PARTY_BY_FOLD = _codes_by_fold(_PARTY_CODES)
_STATE_BY_FOLD = _codes_by_fold(_STATE_CODES)
# Party type codes that a word may write differently in older documents (Quy định 105-QĐ/TW of 2017).
_COMPATIBLE = {("Quy định", "QĐ"), ("Quy định", "QyĐ"), ("Thông tri", "TT"), ("Tờ trình", "TC")}

# Mixed-case issuer codes kept as the issuer writes them; everything else is upper case. Codes with Đ that are
# often typed without it ("12-KH/DU" is 12-KH/ĐU of a Party committee): the typed form maps to the real one.
_ISSUER_CASE = {"TTG": "TTg"} | {
    fold(code).upper(): code for code in ("ĐU", "ĐUK", "ĐH", "ĐUCCQ", "ĐUDN", "ĐUQS", "ĐUCA", "HĐND", "HĐTP", "HĐQT", "HĐBC")
}


# --- text normalization with offsets --------------------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"), " "
)
_OTHER = {ord("\uff0f"): "/", ord("\u2044"): "/", ord("\u2215"): "/", ord("\u00ad"): ""}


def _normalize(text: str) -> tuple[str, list[int]]:
    """NFC text with dashes, spaces and slashes unified, and for each of its characters the offset in ``text``
    where it came from (plus one entry for the end)."""
    out: list[str] = []
    origin: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j]).translate(_DASHES).translate(_SPACES).translate(_OTHER)
        for ch in chunk:
            out.append(ch)
            origin.append(i)
        i = j
    origin.append(n)
    return "".join(out), origin


# --- patterns -------------------------------------------------------------------------------------------------

_L = r"A-Za-zĐđ"  # letters of a code; codes carry no other diacritic
_WB = r"(?<![\w/.\-])"  # a symbol starts at a word boundary, not inside another symbol or a date
_WE = r"(?![\w])(?!/\d)(?!-[" + _L + r"\d])"  # and ends at one

_PARTY = re.compile(
    _WB
    + r"(?P<num>\d{1,5})\s*-\s*(?P<code>["
    + _L
    + r"]{1,4})\s*/\s*(?P<iss>["
    + _L
    + r"]["
    + _L
    + r"\d]{0,11}(?:-["
    + _L
    + r"]["
    + _L
    + r"\d]{0,11})?)"
    + _WE
)
_STATE = re.compile(
    _WB
    + r"(?P<num>\d{1,6})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    + r"(?P<code>[A-ZĐ]["
    + _L
    + r"\d]{0,9}(?:\s*-\s*[A-ZĐ]["
    + _L
    + r"\d]{0,9}){0,3})"
    + _WE
)
_WORDS_RE = "|".join(re.escape(w) for w in TYPE_WORDS)
_LEAD = re.compile(r"(?:(?P<word>" + _WORDS_RE + r")\s+)?(?:(?P<so>số|so)\s*[:.]?\s*)?$", re.IGNORECASE)
_NUM_DATE = r"(?P<d>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
_WORD_DATE = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:(?:được\s+)?ban\s+hành\s+)?(?:ngày|ngay)\s*:?\s*(?:" + _NUM_DATE + "|" + _WORD_DATE + r")(?!\d)",
    re.IGNORECASE,
)
_DATE_PAREN = re.compile(r"\s*\(\s*(?:ngày\s*)?(?:" + _NUM_DATE + "|" + _WORD_DATE + r")\s*\)", re.IGNORECASE)
_BODY_LEAD = re.compile(r"\s*,?\s*(?:của|do)\s+", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return re.split(r"\s+", text.strip())


# Lower-case words that belong to the names of issuing bodies ("Ban Thường vụ Tỉnh ủy", "Ủy ban nhân dân tỉnh",
# "Hội nghị lần thứ sáu", "Ban Chấp hành Trung ương Đảng khóa XII", "Đảng ủy Khối các cơ quan tỉnh").
_BODY_LOWER = frozenset(
    _words(
        "ủy uỷ vụ hành ương trị thư chức tra nhân dân tỉnh thành phố huyện quận thị xã phường lần thứ khóa "
        "khoá phủ nghị tướng các cơ quan doanh nghiệp giáo vận trực phòng đồng hội quốc đảng ban bộ chính "
        "kiểm tổ bí thường tuyên khối nội ngoại tài tư pháp lao động thương binh dục đào tạo y tế công an sự "
        "đội mặt trận liên đoàn niên cộng sản hồ chí minh chấp đại biểu"
    )
)
_NUMBER_WORDS = frozenset(_words("một hai ba bốn năm sáu bảy tám chín mười mươi mốt tư lăm nhất"))
# words a number may follow in a body: "lần thứ 6", "khóa XII", "Hội nghị Trung ương 5"
_AFTER_ORDINAL = frozenset({"thứ", "khóa", "khoá", "lần", "ương"})
_TOKEN = re.compile(r"\s*(\(?)([^\s,.;:()\"“”]+)(\)?)([,.;:]?)")
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    symbol: str
    number: str
    type: str
    type_code: str
    issuer: str
    date: dt.date | None
    body: str | None
    year: int | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return {
            k: data[k]
            for k in ("symbol", "number", "type", "type_code", "issuer", "date", "body", "start", "end", "text", "year")
        }


def _canon_code(code: str, table: dict[str, list[str]], exact: dict[str, str], word: str | None) -> str | None:
    """The type code as the standard writes it ("QD" -> "QĐ", "qđi" -> "QĐi"), or None when it is no type code."""
    if code in exact:
        candidates = [code]
    else:
        candidates = table.get(fold(code).upper(), [])
    if not candidates:
        return None
    if word is not None:
        for c in candidates:
            if exact[c] == word or (word, c) in _COMPATIBLE:
                return c
    if len(candidates) == 1:
        return candidates[0]
    # a code written without its diacritic that two types share folded ("DA": Dự án / Đề án): as written
    for c in candidates:
        if c.upper() == code.upper():
            return c
    return candidates[0]


def _canon_issuer(raw: str) -> str:
    parts = [p.strip() for p in raw.split("-")]
    return "-".join(_ISSUER_CASE.get(p.upper(), p.upper()) for p in parts)


def _date(m: re.Match[str]) -> dt.date | None:
    d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
    try:
        return dt.date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None


def _body(text: str, pos: int) -> tuple[str, int] | None:
    """The issuing body named from ``pos`` ("Ban Thường vụ Tỉnh ủy Sóc Trăng") and where it ends."""
    words: list[str] = []
    ends: list[int] = []
    i = pos
    while i < len(text) and len(words) < 16:
        m = _TOKEN.match(text, i)
        if not m:
            break
        opening, word, closing, punct = m.groups()
        low = word.lower()
        prev = words[-1].lower().lstrip("(") if words else ""
        if not words:
            ok = word[0].isupper() and not opening
        elif opening:  # "(khóa XII)" belongs to the body; any other parenthesis ends it
            ok = low in {"khóa", "khoá"}
        else:
            ok = (
                word[0].isupper()
                or low in _BODY_LOWER
                or (prev in _AFTER_ORDINAL and (word.isdigit() or low in _NUMBER_WORDS or bool(_ROMAN.match(word))))
                or (prev in _NUMBER_WORDS and low in _NUMBER_WORDS)
            )
        if word == "ban" and (nxt_word := _TOKEN.match(text, m.end())) is not None and nxt_word.group(2) == "hành":
            ok = False  # "... Trung ương ban hành": the verb "issued", not a part of the name
        if not ok:
            break
        words.append(opening + word)
        ends.append(m.start(2) + len(word))
        i = m.end()
        if closing:
            if any(w.startswith("(") for w in words):  # the parenthesis this body opened
                words[-1] += ")"
                ends[-1] += 1
            break
        if punct == ",":
            # "Hội nghị lần thứ 6, Ban Chấp hành Trung ương ..." goes on; any other comma ends the body
            nxt = _TOKEN.match(text, i)
            if fold(" ".join(words[:2])) == "hoi nghi" and nxt is not None and nxt.group(2) == "Ban":
                words[-1] += ","
                continue
            break
        if punct:
            break
    while words and (words[-1].lower() in {"các", "và", "của"} or (words[-1].startswith("(") and ")" not in words[-1])):
        words.pop()
        ends.pop()
    if not words:
        return None
    return " ".join(words), ends[-1]


def _party(m: re.Match[str], word: str | None) -> tuple[str, str, str, str, str, int | None] | None:
    word_type = _WORD_BY_FOLD.get(fold(word)) if word else None
    code = _canon_code(m.group("code"), _PARTY_BY_FOLD, _PARTY_CODES, word_type)
    if code is None:
        return None
    number = m.group("num")
    issuer = _canon_issuer(m.group("iss"))
    type_name = (
        word_type if word_type and (_PARTY_CODES[code] == word_type or (word_type, code) in _COMPATIBLE) else _PARTY_CODES[code]
    )
    return f"{number}-{code}/{issuer}", number, type_name, code, issuer, None


def _state(m: re.Match[str], word: str | None) -> tuple[str, str, str, str, str, int | None] | None:
    word_type = _WORD_BY_FOLD.get(fold(word)) if word else None
    number = m.group("num")
    year = int(m.group("year")) if m.group("year") else None
    parts = [p.strip() for p in m.group("code").split("-")]
    code = _canon_code(parts[0], _STATE_BY_FOLD, _STATE_CODES, word_type) if len(parts) > 1 else None
    if code is not None:
        issuer = _canon_issuer("-".join(parts[1:]))
        type_name = word_type if word_type and _STATE_CODES[code] == word_type else _STATE_CODES[code]
    else:
        # no type code: a law (65/2020/QH14) or an official letter (456/BNV-TCBC); the word names the type
        if year is None and len(parts) == 1 and word_type is None:
            return None
        issuer = _canon_issuer("-".join(parts))
        type_name = word_type or ("Luật" if issuer.startswith("QH") and year else "Công văn")
        code = ""
    middle = f"/{year}" if year else ""
    symbol = f"{number}{middle}/{code}-{issuer}" if code else f"{number}{middle}/{issuer}"
    return symbol, number, type_name, code, issuer, year


def find_citations(text: str) -> list[Citation]:
    """Every document reference in ``text``, left to right, with offsets into ``text`` as given."""
    norm, origin = _normalize(text)
    found: list[tuple[int, int, re.Match[str], str]] = []
    for kind, pattern in (("party", _PARTY), ("state", _STATE)):
        for m in pattern.finditer(norm):
            found.append((m.start(), m.end(), m, kind))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Citation] = []
    last_end = -1
    for s, e, m, kind in found:
        if s < last_end:
            continue
        lead = _LEAD.search(norm[max(0, s - 40) : s])
        word = lead.group("word") if lead and lead.group("word") else None
        parsed = _party(m, word) if kind == "party" else _state(m, word)
        if parsed is None:
            continue
        symbol, number, type_name, code, issuer, year = parsed
        start = s - len(lead.group(0)) if lead and (word or lead.group("so")) else s
        if lead and not word and lead.group("so"):
            start = s - len(lead.group(0))
        end = e
        date: dt.date | None = None
        body: str | None = None
        for _ in range(2):
            dm = _DATE_AFTER.match(norm, end) or _DATE_PAREN.match(norm, end)
            if date is None and dm and _date(dm) is not None:
                date = _date(dm)
                end = dm.end()
                continue
            bm = _BODY_LEAD.match(norm, end)
            if body is None and bm:
                found_body = _body(norm, bm.end())
                if found_body is not None:
                    body, end = found_body
                    continue
            break
        if year is None and date is not None and kind == "state":
            year = None
        out.append(
            Citation(
                start=origin[start],
                end=origin[end],
                text=text[origin[start] : origin[end]],
                symbol=symbol,
                number=number,
                type=type_name,
                type_code=code,
                issuer=issuer,
                date=date,
                body=body,
                year=year if year is not None else (date.year if date else None),
            )
        )
        last_end = end
    return out


def canonical_symbol(raw: str) -> str | None:
    """The canonical form of a symbol typed on its own ("1628 - QD/TU" -> "1628-QĐ/TU"), None if it is none."""
    norm = _normalize(raw.strip())[0].upper()  # a symbol typed on its own may be in any case
    for kind, pattern in (("party", _PARTY), ("state", _STATE)):
        m = pattern.fullmatch(norm)
        if m:
            parsed = _party(m, None) if kind == "party" else _state(m, "Công văn")
            if parsed is not None:
                return parsed[0]
    return None
