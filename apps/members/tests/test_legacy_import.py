"""Old spreadsheets: TCVN3 (.VnTime) and VNI text, NFD, and Unicode that must stay as it is."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from apps.core import legacy_vn
from apps.core.testing import make_org
from apps.members.columns import COLUMNS
from apps.members.importers import ImportOptions, import_file
from apps.members.models import Person
from apps.members.tests.test_import_data import person_row, write_xlsx
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

COL = {c.field: i for i, c in enumerate(COLUMNS)}

PEOPLE = [
    (("Nguyễn", "Thị", "Ánh"), "Nữ", "Phường 3, thành phố Sóc Trăng", "Phật giáo", "Đại học", "Sơ cấp"),
    (("Trần", "Văn", "Trường"), "Nam", "xã Đại Tâm, huyện Mỹ Xuyên", "Không", "Thạc sĩ", "Trung cấp"),
    (("Lê", "Hữu", "Ước"), "Nam", "thị trấn Long Phú, huyện Long Phú", "Cao Đài", "Trung học phổ thông", "Cao cấp"),
    (("Thạch", "", "Sô Phia"), "Nam", "phường Khánh Hòa, thị xã Vĩnh Châu", "Phật giáo", "Cao đẳng", ""),
    (("Đặng", "Thị Mỹ", "Ẩn"), "Nữ", "xã Thạnh Trị, huyện Thạnh Trị", "Công giáo", "Tiến sĩ", "Cử nhân"),
    (("Võ", "Thị", "Ý"), "Nữ", "xã An Ninh, huyện Châu Thành", "Không", "Trung cấp", ""),
    (("Huỳnh", "Công", "Tâm"), "Nam", "Phường 5, thành phố Sóc Trăng", "Không", "Đại học", "Sơ cấp"),
    (("Dương", "Quốc", "Đạt"), "Nam", "xã Đại Ân 2, huyện Trần Đề", "Không", "Đại học", "Trung cấp"),
]
EDUCATION = {
    "Đại học": "bachelor",
    "Thạc sĩ": "master",
    "Trung học phổ thông": "secondary",
    "Cao đẳng": "college",
    "Tiến sĩ": "doctor",
    "Trung cấp": "vocational",
}


@pytest.fixture
def cell() -> Organization:
    root = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE)
    return make_org("CB1", parent=root)


def _rows() -> list[list[object]]:
    rows = []
    for i, (name, gender, hometown, religion, education, theory) in enumerate(PEOPLE):
        row = person_row(name=name, gender=gender, birth=dt.date(1975 + i, 3, 1 + i), card=str(500 + i))
        row[COL["hometown"]] = hometown
        row[COL["religion"]] = religion
        row[COL["education_level"]] = education
        row[COL["theory_level"]] = theory
        row[COL["note"]] = "Chuyển từ Đảng bộ Khối Doanh nghiệp"
        rows.append(row)
    return rows


def _check_people(report_encoding: str, expected_encoding: str) -> None:
    assert report_encoding == expected_encoding
    people = {p.card_number: p for p in Person.objects.all()}
    assert len(people) == len(PEOPLE)
    for i, (name, gender, hometown, religion, education, _theory) in enumerate(PEOPLE):
        p = people[str(500 + i)]
        assert (p.family_name, p.middle_name, p.given_name) == name
        assert p.gender == ("F" if gender == "Nữ" else "M")
        assert p.hometown == hometown
        assert p.religion == religion
        assert p.education_level == EDUCATION[education]
        for value in (p.family_name, p.middle_name, p.given_name, p.hometown):
            assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [(legacy_vn.unicode_to_tcvn3, "tcvn3"), (legacy_vn.unicode_to_vni, "vni")],
    ids=["tcvn3", "vni"],
)
def test_legacy_file_imports_with_correct_diacritics(
    cell: Organization, tmp_path: Path, encode: Callable[[str], str], encoding: str
) -> None:
    # header, title row and every text cell typed in the old font, as an office computer saved it
    path = write_xlsx(tmp_path / f"{encoding}.xlsx", _rows(), encode=encode, title="DANH SÁCH ĐẢNG VIÊN CHI BỘ")
    report = import_file(path, actor=None, options=ImportOptions())
    assert report.ok, report.errors
    assert report.converted[encoding] > 0
    _check_people(report.encoding, encoding)
    # the report names the columns in Unicode, as the user reads them
    rows = _rows()
    rows[0][COL["card_number"]] = rows[1][COL["card_number"]]
    again = import_file(write_xlsx(tmp_path / "again.xlsx", rows, encode=encode), actor=None, options=ImportOptions())
    assert {e.column for e in again.errors} == {"Số thẻ đảng viên", "Tên"}


def test_nfd_text_is_stored_composed(cell: Organization, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nfd.xlsx", _rows(), encode=lambda s: unicodedata.normalize("NFD", s))
    report = import_file(path, actor=None, options=ImportOptions())
    assert report.ok, report.errors
    _check_people(report.encoding, "unicode")


def test_unicode_with_latin1_letters_is_not_taken_for_vni(cell: Organization, tmp_path: Path) -> None:
    # Every letter of these names exists in Latin-1 (ô, â, ê, á, ý ...), so they also "read" as VNI or TCVN3.
    names = [("Tô", "Văn", "Lê"), ("Võ", "Thị", "Ý"), ("Hà", "Công", "Tâm"), ("Lý", "", "Bình"), ("Lê", "Thị", "Hồng")]
    rows = [person_row(name=n, birth=dt.date(1980, 1, 1 + i), card=str(i)) for i, n in enumerate(names)]
    report = import_file(write_xlsx(tmp_path / "u.xlsx", rows), actor=None, options=ImportOptions())
    assert report.ok, report.errors
    assert report.encoding == "unicode"
    assert report.converted == {}
    assert sorted(Person.objects.values_list("family_name", "middle_name", "given_name")) == sorted(names)


def test_a_pasted_tcvn3_cell_in_a_unicode_file_is_converted_alone(cell: Organization, tmp_path: Path) -> None:
    rows = [
        person_row(name=("Nguyễn", "Văn", n), birth=dt.date(1980, 1, 1 + i), card=str(i))
        for i, n in enumerate(["An", "Bình", "Cường"])
    ]
    rows[1][COL["hometown"]] = legacy_vn.unicode_to_tcvn3("xã Đại Tâm, huyện Mỹ Xuyên")
    report = import_file(write_xlsx(tmp_path / "m.xlsx", rows), actor=None, options=ImportOptions())
    assert report.ok, report.errors
    assert report.encoding == "unicode"
    assert report.converted == {"tcvn3": 1}
    assert Person.objects.get(card_number="1").hometown == "xã Đại Tâm, huyện Mỹ Xuyên"
    assert Person.objects.get(card_number="0").hometown == "Phường 3, thành phố Sóc Trăng"
