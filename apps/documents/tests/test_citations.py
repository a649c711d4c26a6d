"""The citation parser against the hand-written cases, the text shapes it must survive, and the command."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from django.core.management import call_command

from apps.documents.citations import canonical_symbol, find_citations
from apps.documents.tests.citation_cases import CASES, NOT_CITATIONS


def _found(text: str) -> list[tuple[str, str, str, str | None, str | None, str]]:
    return [(c.symbol, c.type, c.issuer, c.date.isoformat() if c.date else None, c.body, c.text) for c in find_citations(text)]


def test_the_case_set_holds_more_than_a_hundred_citations() -> None:
    assert sum(len(expected) for _, expected in CASES) >= 100


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_each_case_is_found_as_written(text: str, expected: list[tuple[str, str, str, str | None, str | None, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_numbers_dates_and_codes_are_not_citations(text: str) -> None:
    assert find_citations(text) == []


@pytest.mark.parametrize(("text", "expected"), CASES[:20], ids=[c[0][:50] for c in CASES[:20]])
def test_decomposed_text_gives_the_same_citations_with_offsets_into_it(text: str, expected: list) -> None:
    nfd = unicodedata.normalize("NFD", text)
    found = find_citations(nfd)
    assert [(c.symbol, c.type, c.issuer, c.date.isoformat() if c.date else None, c.body) for c in found] == [
        e[:5] for e in expected
    ]
    for c, e in zip(found, expected, strict=True):
        # the offsets point into the decomposed text: its slice is the expected span, decomposed
        assert nfd[c.start : c.end] == unicodedata.normalize("NFD", e[5])


def test_offsets_point_into_the_text_as_given() -> None:
    text = "Theo Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy về hợp nhất."
    (c,) = find_citations(text)
    assert text[c.start : c.end] == "Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy"
    assert (c.number, c.type_code, c.year) == ("1628", "QĐ", 2019)


def test_a_citation_inside_a_longer_text_keeps_its_neighbours_apart() -> None:
    text = (
        "Đảng bộ Khối các cơ quan và Đảng bộ Khối doanh nghiệp hợp nhất theo Quyết định số 1628-QĐ/TU. "
        "Thực hiện Chỉ thị số 33-CT/TW, ngày 18-3-2019 của Ban Bí thư, Đảng ủy đã thành lập Ban Chỉ đạo."
    )
    assert [c.symbol for c in find_citations(text)] == ["1628-QĐ/TU", "33-CT/TW"]
    assert find_citations(text)[1].body == "Ban Bí thư"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1628-QĐ/TU", "1628-QĐ/TU"),
        ("1628 - QD / tu", "1628-QĐ/TU"),
        ("07-qđi/tw", "07-QĐi/TW"),
        ("13/2023/nđ-cp", "13/2023/NĐ-CP"),
        ("123/QĐ-TTG", "123/QĐ-TTg"),
        ("12-KH/DU", "12-KH/ĐU"),
        ("12/2020/NQ-HDND", "12/2020/NQ-HĐND"),
        ("456/BNV-TCBC", "456/BNV-TCBC"),
        ("65/2020/QH14", "65/2020/QH14"),
        ("Quyết định 1628", None),
        ("27/6/2019", None),
        ("", None),
    ],
)
def test_canonical_symbol(raw: str, canonical: str | None) -> None:
    assert canonical_symbol(raw) == canonical


def test_find_citations_command_prints_one_json_object_per_citation(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Theo Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy và Nghị định số 13/2023/NĐ-CP.\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("find_citations", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["symbol"], r["number"], r["type"], r["issuer"], r["date"]) for r in rows] == [
        ("1628-QĐ/TU", "1628", "Quyết định", "TU", "2019-06-27"),
        ("13/2023/NĐ-CP", "13", "Nghị định", "CP", None),
    ]
    assert text[rows[0]["start"] : rows[0]["end"]].startswith("Quyết định số 1628-QĐ/TU")
    assert text[rows[1]["start"] : rows[1]["end"]] == "Nghị định số 13/2023/NĐ-CP"
