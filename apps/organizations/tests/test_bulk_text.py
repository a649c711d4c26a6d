"""Reading a clerk's list of reorganizations: verbs in either language, diacritics optional, files."""

from __future__ import annotations

import io

import openpyxl
import pytest

from apps.organizations.importers import BulkParseError, parse_text, read_upload


def test_every_operation_in_vietnamese_or_english_with_or_without_diacritics():
    ops, text = parse_text(
        "chuyen truc thuoc cb01 -> dbkcq\n"
        "MERGE A1, A2;A3 → b1\n"
        "  giải thể  X9  \n"
        "# a comment\n"
        "Đổi tên CB06 => Chi bộ Sở Tài chính\n"
        "thanh lap CB07 | Chi bộ Cục Thuế | chi bo truc thuoc -> DBKCQ\n"
    )
    assert ops == [
        {"op": "move", "code": "CB01", "parent": "DBKCQ"},
        {"op": "merge", "sources": ["A1", "A2", "A3"], "into": "B1"},
        {"op": "dissolve", "code": "X9"},
        {"op": "rename", "code": "CB06", "name": "Chi bộ Sở Tài chính"},
        {"op": "found", "code": "CB07", "name": "Chi bộ Cục Thuế", "kind": "attached_cell", "parent": "DBKCQ"},
    ]
    assert text.splitlines() == [
        "chuyển CB01 -> DBKCQ",
        "hợp nhất A1, A2, A3 -> B1",
        "giải thể X9",
        "đổi tên CB06 -> Chi bộ Sở Tài chính",
        "thành lập CB07 | Chi bộ Cục Thuế | Chi bộ trực thuộc -> DBKCQ",
    ]
    # the canonical text reads back to the same operations
    assert parse_text(text)[0] == ops


def test_every_bad_line_is_reported_with_its_number():
    with pytest.raises(BulkParseError) as err:
        parse_text("chuyển A -> B\nxóa C\nhợp nhất A -> A\nthành lập X | Tên | loại lạ -> P\ngiải thể\n")
    assert [m.split(":")[0] for m in err.value.messages] == ["Dòng 2", "Dòng 3", "Dòng 4", "Dòng 5"]


def test_spreadsheet_rows_become_lines_with_the_row_numbers_of_the_file():
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Thao tác", "Mã", "Mã đích", "Tên", "Loại"],
        ["chuyển", "CB01", "DBKCQ"],
        [None],
        ["hợp nhất", "A1, A2", "B1"],
        ["thành lập", "CB07", "DBKCQ", "Chi bộ Cục Thuế", "chi bộ trực thuộc"],
        ["giải thể X9"],
    ):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    text = read_upload("ds.xlsx", buf.getvalue())
    lines = text.splitlines()
    assert lines[0].startswith("#") and lines[2] == "" and lines[5] == "giải thể X9"
    ops, _text = parse_text(text)
    assert [op["op"] for op in ops] == ["move", "merge", "found", "dissolve"]


def test_csv_with_semicolons_and_a_damaged_spreadsheet():
    text = read_upload("ds.csv", b"move;CB01;DBKCQ\ndissolve;X9\n")
    assert parse_text(text)[0] == [{"op": "move", "code": "CB01", "parent": "DBKCQ"}, {"op": "dissolve", "code": "X9"}]
    with pytest.raises(BulkParseError):
        read_upload("ds.xlsx", b"not a spreadsheet")
    with pytest.raises(BulkParseError):
        read_upload("ds.csv", "chuyển".encode("utf-16"))
