"""How a query is understood and how matches are marked."""

from __future__ import annotations

import pytest

from apps.search.highlight import highlight, spans
from apps.search.query import DocumentRef, parse


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("quyet dinh 1628", DocumentRef(type_name="Quyết định", number="1628")),
        ("Quyết định số 1628", DocumentRef(type_name="Quyết định", number="1628")),
        ("nghi dinh 13/2023", DocumentRef(type_name="Nghị định", number="13", year="2023")),
        ("Quyết định số 1628-QĐ/TU", DocumentRef(symbol="1628-QĐ/TU", type_name="Quyết định", number="1628")),
        ("1628-qd/tu", DocumentRef(symbol="1628-QĐ/TU", type_name="Quyết định", number="1628")),
        ("chi thi 33", DocumentRef(type_name="Chỉ thị", number="33")),
    ],
)
def test_a_query_that_names_a_document(raw: str, ref: DocumentRef) -> None:
    assert parse(raw).document == ref


@pytest.mark.parametrize("raw", ["Lý Bình Cang", "quyet dinh thanh lap", "sinh hoạt chi bộ 2024", "1628"])
def test_other_queries_name_no_document(raw: str) -> None:
    assert parse(raw).document is None


def test_words_are_folded() -> None:
    assert parse("  Quyết   ĐỊNH ").words == ["quyet", "dinh"]
    assert not parse("   ")


def test_highlight_marks_words_whatever_their_diacritics() -> None:
    html = highlight("Theo Quyết định số 1628-QĐ/TU của Ban Thường vụ", ["quyet", "dinh", "1628"])
    assert str(html) == "Theo <mark>Quyết</mark> <mark>định</mark> số <mark>1628</mark>-QĐ/TU của Ban Thường vụ"
    assert spans("Đảng ủy", ["dang"]) == [(0, 4)]


def test_highlight_escapes_the_text() -> None:
    assert str(highlight("<b>Lý</b> & co", ["ly"])) == "&lt;b&gt;<mark>Lý</mark>&lt;/b&gt; &amp; co"


def test_a_snippet_is_cut_around_the_first_match() -> None:
    text = "mở đầu " * 40 + "Chỉ thị số 33-CT/TW về tăng cường" + " kết thúc" * 40
    html = str(highlight(text, ["chi", "thi"], around=30))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Chỉ</mark> <mark>thị</mark> số 33-CT/TW" in html
    assert len(html) < 160
