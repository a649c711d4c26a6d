import unicodedata

import pytest

from apps.core.text import fold, nfc, person_sort_key, sort_key, split_full_name


def test_nfc_converts_decomposed_text_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "Lý  Bình   Cang")
    assert decomposed != "Lý Bình Cang"
    assert nfc(decomposed) == "Lý Bình Cang"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lý Bình Cang", "ly binh cang"),
        ("ĐẢNG BỘ", "dang bo"),
        ("Đặng Thị Ngọc Hân", "dang thi ngoc han"),
        ("Thạch Sô Phia", "thach so phia"),
    ],
)
def test_fold_removes_diacritics_and_case_with_d_for_dj(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_vietnamese_alphabet_order_letters_before_tones():
    words = ["đào", "Dương", "an", "ăn", "ân", "anh", "bé", "ơn", "ôn", "on", "ưu", "uy", "Ý", "y", "à", "á", "ả", "ã", "ạ", "a"]
    ordered = sorted(words, key=lambda w: sort_key(w))
    assert ordered == [
        "a",
        "à",
        "ả",
        "ã",
        "á",
        "ạ",
        "an",
        "anh",
        "ăn",
        "ân",
        "bé",
        "Dương",
        "đào",
        "on",
        "ôn",
        "ơn",
        "uy",
        "ưu",
        "y",
        "Ý",
    ]


def test_people_sort_by_given_name_then_family_then_middle():
    people = [("Trần", "Văn", "Bình"), ("Nguyễn", "Thị", "An"), ("Lê", "Văn", "Bình"), ("Lê", "Anh", "Bình"), ("Đỗ", "", "Ánh")]
    ordered = sorted(people, key=lambda p: person_sort_key(*p))
    assert ordered == [
        ("Nguyễn", "Thị", "An"),
        ("Đỗ", "", "Ánh"),
        ("Lê", "Anh", "Bình"),
        ("Lê", "Văn", "Bình"),
        ("Trần", "Văn", "Bình"),
    ]


def test_sort_key_is_digits_only_so_any_collation_agrees():
    assert sort_key("Đặng Thị Ngọc Hân").isdigit()


def test_split_full_name_default_and_khmer_rule():
    assert split_full_name("Nguyễn Văn An") == ("Nguyễn", "Văn", "An")
    assert split_full_name("Lý Bình Cang") == ("Lý", "Bình", "Cang")
    assert split_full_name("Thạch Sô Phia", given_syllables=2) == ("Thạch", "", "Sô Phia")
    assert split_full_name("Hoa") == ("", "", "Hoa")
