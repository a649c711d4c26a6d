"""Legacy Vietnamese encodings: the tables, case, detection, and the per-cell converter."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core import legacy_vn as L

LOWER = L.LOWER_LETTERS
UPPER = tuple(ch.upper() for ch in LOWER)


def test_the_alphabet_is_complete() -> None:
    # đ, 12 vowels, and each vowel with each of the 5 tones
    assert len(LOWER) == 1 + 12 + 12 * 5
    assert len(set(LOWER)) == len(LOWER)
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in LOWER + UPPER)


# ------------------------------------------------------------------------------------------------ tables


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("NguyÔn", "Nguyễn"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),
        ("B¸t X¸t", "Bát Xát"),
        ("§¶ng bé C¸c c¬ quan", "Đảng bộ Các cơ quan"),
        ("Sãc Tr¨ng", "Sóc Trăng"),
        ("NGUYÔN V¡N TR¦êNG", "NGUYỄN VĂN TRƯỜNG"),
    ],
)
def test_tcvn3_known_words(tcvn3: str, unicode: str) -> None:
    assert L.tcvn3_to_unicode(tcvn3) == unicode


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Nguyeãn", "Nguyễn"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Tröôøng Ñaûng", "Trường Đảng"),
        ("Soùc Traêng", "Sóc Trăng"),
        ("quoác gia", "quốc gia"),
        ("khuîch", "khuỵch"),
        ("NGUYEÃN VAÊN TRÖÔØNG", "NGUYỄN VĂN TRƯỜNG"),
    ],
)
def test_vni_known_words(vni: str, unicode: str) -> None:
    assert L.vni_to_unicode(vni) == unicode


def test_vni_single_letters() -> None:
    # the examples of the VNI-Times layout: base letter + mark byte, and the letters with a byte of their own
    assert [L.vni_to_unicode(s) for s in ("aù", "aø", "aû", "aõ", "aï", "aâ", "aê", "ñ", "ô", "ö")] == list("áàảãạâăđơư")
    assert [L.vni_to_unicode(s) for s in ("í", "ì", "æ", "ó", "ò", "î")] == list("íìỉĩịỵ")
    assert [L.vni_to_unicode(s) for s in ("aá", "aà", "aå", "aã", "aä")] == list("ấầẩẫậ")
    assert [L.vni_to_unicode(s) for s in ("aé", "aè", "aú", "aü", "aë")] == list("ắằẳẵặ")


def test_tcvn3_single_bytes() -> None:
    assert [L.tcvn3_to_unicode(s) for s in "¸µ¶·¹"] == list("áàảãạ")
    assert [L.tcvn3_to_unicode(s) for s in "¨©ª«¬\xad®"] == list("ăâêôơưđ")
    assert [L.tcvn3_to_unicode(s) for s in "¡¢£¤¥¦§"] == list("ĂÂÊÔƠƯĐ")


def test_tcvn3_table_is_one_to_one() -> None:
    encoded = [L.unicode_to_tcvn3(ch) for ch in LOWER]
    assert all(len(code) == 1 for code in encoded)
    assert len(set(encoded)) == len(LOWER)
    # every byte is a Windows-1252 character of the upper half: what a .VnTime cell holds
    assert all(0xA0 < ord(code) <= 0xFF for code, ch in zip(encoded, LOWER, strict=True) if not ch.isascii())


# ------------------------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip_every_letter(letter: str) -> None:
    encoded = L.unicode_to_vni(letter)
    assert L.vni_to_unicode(encoded) == letter
    for word in (f"ng{letter}n", f"Th{letter}", f"{letter}nh"):
        assert L.vni_to_unicode(L.unicode_to_vni(word)) == word


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trip_every_lower_case_letter(letter: str) -> None:
    assert L.tcvn3_to_unicode(L.unicode_to_tcvn3(letter)) == letter
    for text in (f"ng{letter}n", f"Th{letter}", f"lê {letter}nh", f"xã An {letter}"):
        assert L.tcvn3_to_unicode(L.unicode_to_tcvn3(text)) == text


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_round_trip_every_capital(letter: str) -> None:
    # TCVN3 has no byte for most capitals: the .VnTimeH fonts draw the lower-case byte as a capital, and
    # the case comes back from the word (all capitals) or from a name in title case.
    for text in (f"NG{letter}N", f"TH{letter}", f"{letter}NH", f"LÊ {letter}", f"Lê Thị {letter}nh"):
        assert L.tcvn3_to_unicode(L.unicode_to_tcvn3(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LOWER + UPPER + tuple("bcdghklmnpqrstvx ")), min_size=1, max_size=30))
def test_vni_round_trip_any_text(chars: list[str]) -> None:
    text = "".join(chars)
    assert L.vni_to_unicode(L.unicode_to_vni(text)) == text


def test_nfd_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert nfd != "Nguyễn Thị Ánh"
    assert L.to_unicode(nfd) == "Nguyễn Thị Ánh"
    assert L.Converter("unicode").convert(nfd) == "Nguyễn Thị Ánh"


# ------------------------------------------------------------------------------------------------ syllables


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "trường", "quốc", "giếng", "gì", "khuya", "thuở", "xoong", "huỵch", "Đảng", "yêu", "oách", "ngoặc", "ấy"],
)
def test_valid_syllables(word: str) -> None:
    assert L.is_syllable(word)


@pytest.mark.parametrize("word", ["cơng", "càt", "nguyôn", "lª", "tröôøng", "aê", "đéưa", "xyz"])
def test_invalid_syllables(word: str) -> None:
    assert not L.is_syllable(word)


# ------------------------------------------------------------------------------------------------ detection

NAMES = [
    "Nguyễn Văn Tư",
    "Lê Thị Ánh",
    "Trần Công Tâm",
    "Thạch Sô Phia",
    "Phường 3, thành phố Sóc Trăng",
    "Đảng bộ Các cơ quan và Doanh nghiệp tỉnh",
    "Hồ Ngọc Trường",
    "Lâm Thị Mỹ Hạnh",
]


def test_detects_each_encoding_of_a_column() -> None:
    assert L.detect(NAMES) == "unicode"
    assert L.detect([L.unicode_to_tcvn3(s) for s in NAMES]) == "tcvn3"
    assert L.detect([L.unicode_to_vni(s) for s in NAMES]) == "vni"


def test_real_unicode_is_never_read_as_legacy() -> None:
    # Words spelled only with letters that Latin-1 also has (ô, â, á, ê ...) read as something in TCVN3 or
    # VNI too; genuine Vietnamese wins the tie.
    latin1_only = ["Tô Lê", "Công Tâm", "Võ Thị Ý", "Hà Tiên", "Lý Bình Cang"]
    assert L.detect(latin1_only) == "unicode"
    converter = L.Converter(L.detect(latin1_only))
    assert [converter.convert(s) for s in latin1_only] == latin1_only
    assert L.to_unicode("Công") == "Công"  # not VNI's "Cơng"


def test_converter_rejudges_only_broken_cells() -> None:
    # A Unicode file with one cell pasted from an old TCVN3 sheet.
    converter = L.Converter("unicode")
    assert converter.convert("Nguyễn Văn Tư") == "Nguyễn Văn Tư"
    assert converter.convert("A · B") == "A · B"  # a middle dot is not taken for TCVN3's ã
    assert converter.convert("Lª ThÞ ¸nh") == "Lê Thị Ánh"
    assert converter.converted["tcvn3"] == 1
    # A VNI file with a cell already in Unicode.
    converter = L.Converter("vni")
    assert converter.convert("Nguyeãn Vaên Tö") == "Nguyễn Văn Tư"
    assert converter.convert("Trần Thị Ngọc") == "Trần Thị Ngọc"


def test_detector_stops_when_clear() -> None:
    detector = L.Detector(margin=10)
    for s in [L.unicode_to_vni(n) for n in NAMES] * 10:
        detector.feed(s)
    assert detector.done
    assert detector.encoding == "vni"
    assert detector.seen < len(NAMES) * 10
