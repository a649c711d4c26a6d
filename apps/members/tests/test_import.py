"""The member import: every row checked first, then all written or nothing; counts and audit kept."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from apps.accounts.choices import Role
from apps.core import text
from apps.core.errors import NotVisibleError
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import counts
from apps.members.choices import AuditEventType, StartReason
from apps.members.columns import COLUMNS
from apps.members.importers import ImportOptions, MemberRow, english_for, import_file, members_import, validate_file
from apps.members.importers.checks import Checker
from apps.members.importers.report import ImportReport
from apps.members.models import MemberCountDelta, Membership, Person
from apps.members.tests.test_import_data import HEADERS, citizen_id, member_rows, person_row, write_xlsx
from apps.members.validation import check_person
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

CELLS = ("CB1", "CB2", "CB3", "CB4")
COL = {c.field: i for i, c in enumerate(COLUMNS)}
HEADER = {c.field: c.header for c in COLUMNS}


@pytest.fixture
def tree() -> dict[str, Organization]:
    root = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE, name="Đảng bộ Các cơ quan tỉnh")
    orgs = {"DB": root}
    for code in CELLS:
        orgs[code] = make_org(code, parent=root)
    return orgs


def _after(event: AuditEvent) -> dict[str, Any]:
    assert isinstance(event.after, dict)
    return event.after


def _state() -> tuple[int, int, int, int]:
    return Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count(), MemberCountDelta.objects.count()


# ------------------------------------------------------------------------------------------------ the 10,000-row file

N = 10_000
# data row index -> (the broken field, how); Excel row = index + 2 (header on row 1)
BROKEN = {1234: "birth_date", 5678: "citizen_id", 9012: "admission_date"}


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    rows = list(member_rows(N, CELLS, seed=2019))
    folder = tmp_path_factory.mktemp("big")
    good = write_xlsx(folder / "good.xlsx", rows)
    bad_rows = [list(r) for r in rows]
    bad_rows[1234][COL["birth_date"]] = "31/2/1980"  # no such day
    bad_rows[5678][COL["citizen_id"]] = "12345"  # not 12 digits
    birth = bad_rows[9012][COL["birth_date"]]
    bad_rows[9012][COL["admission_date"]] = birth + dt.timedelta(days=17 * 365)  # admitted at 17
    bad_rows[9012][COL["full_member_date"]] = None
    bad = write_xlsx(folder / "bad.xlsx", bad_rows)
    return good, bad


def test_ten_thousand_rows_with_three_bad_ones_change_nothing_then_import_whole(
    tree: dict[str, Organization], big_files: tuple[Path, Path]
) -> None:
    good, bad = big_files
    existing = make_person(tree["CB1"], given_name="Sẵn", family_name="Đã", middle_name="Có")
    before = _state()

    report = import_file(bad, actor=None, options=ImportOptions())

    assert not report.ok
    assert report.total_rows == N
    assert report.created == 0
    found = sorted((e.row, e.column) for e in report.errors)
    assert found == sorted((index + 2, HEADER[name]) for index, name in BROKEN.items())
    assert report.error_count == len(BROKEN)
    for e in report.errors:
        vi, en = e.message.split(" / ")
        assert vi and en and en != "Invalid value."
        assert e.cell == f"{'ABCDEFGHIJKLMNOPQRST'[COL[next(f for f, h in HEADER.items() if h == e.column)]]}{e.row}"
    assert _state() == before  # nothing written: no person, membership, audit row or count delta

    report = import_file(good, actor=None, options=ImportOptions())

    assert report.ok, report.errors[:5]
    assert report.created == N
    people, memberships, events, _deltas = _state()
    assert people == before[0] + N
    assert memberships == before[1] + N
    # one event per person created, and one for the whole import
    assert events == before[2] + N + 1
    imported = AuditEvent.objects.filter(event_type=AuditEventType.IMPORTED)
    assert imported.filter(target_type="members.person").count() == N
    summary = imported.exclude(target_type="members.person").get()
    assert _after(summary)["created"] == N
    assert sum(_after(summary)["organizations"].values()) == N
    assert counts.verify() == []
    today = timezone.localdate()
    assert counts.subtree_count(tree["DB"].id, today) == N + 1
    per_cell = Counter(Person.objects.exclude(pk=existing.pk).values_list("organization__code", flat=True))
    assert per_cell == Counter(report.organizations)
    assert all(m.start_reason == StartReason.IMPORTED for m in Membership.objects.exclude(person=existing)[:50])


# ------------------------------------------------------------------------------------------------ small files


def _rows(n: int, codes: tuple[str, ...] = CELLS, seed: int = 7) -> list[list[Any]]:
    return [list(r) for r in member_rows(n, codes, seed=seed)]


def _errors(report: ImportReport) -> list[tuple[int, str]]:
    return sorted((e.row, e.column) for e in report.errors)


def test_written_rows_match_the_file_and_their_audit(tree: dict[str, Organization], tmp_path: Path) -> None:
    rows = _rows(30)
    rows[0][COL["start_date"]] = dt.date(2015, 3, 2)
    rows[0][COL["admission_date"]] = dt.date(2012, 5, 6)
    rows[0][COL["full_member_date"]] = dt.date(2013, 5, 6)
    rows[0][COL["birth_date"]] = dt.date(1980, 1, 1)
    rows[0][COL["citizen_id"]] = "094080000123" if rows[0][COL["gender"]] == "Nam" else "094180000123"
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    report = import_file(path, actor=None, options=ImportOptions())
    assert report.ok, report.errors
    first = rows[0]
    person = Person.objects.get(card_number=first[COL["card_number"]])
    assert (person.family_name, person.middle_name, person.given_name) == tuple(first[:3])
    assert person.name_folded == text.fold(person.full_name)
    assert person.sort_key == text.person_sort_key(person.family_name, person.middle_name, person.given_name)
    assert person.organization.code == first[COL["organization_code"]]
    membership = Membership.objects.get(person=person)
    assert membership.valid_from == dt.date(2015, 3, 2)
    assert membership.valid_to is None
    assert membership.decision_symbol == first[COL["decision_symbol"]]
    event = AuditEvent.objects.get(target_type="members.person", target_id=str(person.pk))
    assert event.event_type == AuditEventType.IMPORTED
    assert event.organization_id == person.organization_id
    assert event.target_repr == person.full_name
    assert event.actor_label == "system"
    assert _after(event)["given_name"] == person.given_name
    assert _after(event)["birth_date"] == "1980-01-01"
    assert _after(event)["full_member_date"] == "2013-05-06"
    assert _after(event)["organization"] == person.organization_id
    assert _after(event)["on_date"] == "2015-03-02"
    assert event.note.endswith("dòng 2")
    # without a start date, the membership starts on admission, or on the organization's founding if later
    for r in rows[1:]:
        person = Person.objects.select_related("organization").get(card_number=r[COL["card_number"]])
        expected = max(person.admission_date, person.organization.founded_on)
        assert Membership.objects.get(person=person).valid_from == expected


def test_service_writes_a_row_iterable_with_bulk_create_and_record_many(tree: dict[str, Organization], tmp_path: Path) -> None:
    """The same service, given rows rather than the temporary table, writes the same records and audit."""
    path = write_xlsx(tmp_path / "a.xlsx", _rows(12))
    rows: list[MemberRow] = []

    class Collect:
        count = 0

        def write(self, batch: list[MemberRow]) -> None:
            rows.extend(batch)

    report = validate_file(path, actor=None, options=ImportOptions(), spill=Collect())  # type: ignore[arg-type]
    assert report.ok and len(rows) == 12
    created = members_import(actor=None, rows=iter(rows), batch_size=5, source_name="a.xlsx")
    assert created == 12
    assert Person.objects.count() == 12
    assert counts.verify() == []
    event = AuditEvent.objects.filter(target_type="members.person").order_by("id").first()
    assert event is not None
    person = Person.objects.get(pk=int(event.target_id))
    assert _after(event)["birth_date"] == person.birth_date.isoformat()
    assert event.target_repr == person.full_name
    assert event.note == f"a.xlsx, dòng {rows[0].row}"


def test_cells_are_read_the_way_offices_write_them(tree: dict[str, Organization], tmp_path: Path) -> None:
    rows = [person_row(name=("Lê", "Văn", g), card=str(100 + i)) for i, g in enumerate("ABCDEF")]
    rows[0][COL["birth_date"]] = "27/6/1979"
    rows[1][COL["birth_date"]] = "27-6-1978"
    rows[2][COL["birth_date"]] = "ngày 5 tháng 3 năm 1977"
    rows[3][COL["birth_date"]] = float((dt.date(1976, 2, 1) - dt.date(1899, 12, 30)).days)  # a serial, not formatted as a date
    rows[4][COL["gender"]] = "nữ"
    rows[5][COL["education_level"]] = "ĐẠI HỌC"
    rows[5][COL["phone"]] = 912345678.0  # a number cell lost the leading zero
    rows[0][COL["citizen_id"]] = float(int(citizen_id(dt.date(1979, 6, 27), False, 42)))  # and so did this ID
    report = import_file(write_xlsx(tmp_path / "a.xlsx", rows), actor=None, options=ImportOptions())
    assert report.ok, report.errors
    people = {p.card_number: p for p in Person.objects.all()}
    assert [people[str(100 + i)].birth_date for i in range(4)] == [
        dt.date(1979, 6, 27),
        dt.date(1978, 6, 27),
        dt.date(1977, 3, 5),
        dt.date(1976, 2, 1),
    ]
    assert people["104"].gender == "F"
    assert people["105"].education_level == "bachelor"
    assert people["105"].phone == "0912345678"
    assert people["100"].citizen_id == citizen_id(dt.date(1979, 6, 27), False, 42)
    assert people["100"].citizen_id.startswith("094")


def test_duplicates_in_the_file_and_against_the_database(tree: dict[str, Organization], tmp_path: Path) -> None:
    known = make_person(
        tree["CB1"], family_name="Trần", middle_name="Thị", given_name="Lan", birth_date=dt.date(1985, 4, 3), gender="F"
    )
    Person.objects.filter(pk=known.pk).update(card_number="99999999")
    same_id = citizen_id(dt.date(1985, 1, 1), False, 777)
    rows = [
        person_row(name=("Võ", "Văn", "Ba"), birth=dt.date(1985, 1, 1), citizen=same_id, card="1"),
        person_row(name=("Võ", "Văn", "Bảy"), birth=dt.date(1985, 1, 1), citizen=same_id, card="2"),  # same ID as row 2
        person_row(name=("Hồ", "Văn", "Tư"), card="3"),
        person_row(name=("Hồ", "Văn", "Năm"), card="3"),  # same card as row 4
        person_row(name=("Trần", "Thị", "Lan"), birth=dt.date(1985, 4, 3), gender="Nữ", card="5"),  # recorded already
        person_row(name=("Lý", "Thị", "Sáu"), gender="Nữ", card="99999999"),  # card recorded already
        person_row(name=("Lê", "Văn", "Tám"), birth=dt.date(1970, 8, 8), card="7"),
        person_row(name=("LÊ", "VĂN", "TÁM"), birth=dt.date(1970, 8, 8), card="8"),  # same folded name as row 8
    ]
    rows[6][COL["birth_date"]] = "1/1/1970x"  # a bad cell in a row another row repeats: both still compared
    rows.append(person_row(name=("Mai", "Văn", "Chín"), citizen=rows[0][COL["citizen_id"]], card="9", birth=dt.date(1985, 1, 1)))
    rows[-1][COL["birth_date"]] = "không rõ"
    before = _state()
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    report = import_file(path, actor=None, options=ImportOptions())
    expected = [
        (3, HEADER["citizen_id"]),  # same citizen ID as row 2
        (5, HEADER["card_number"]),  # same card as row 4
        (6, HEADER["given_name"]),  # same name and birth date as a recorded member
        (7, HEADER["card_number"]),  # card already recorded
        (8, HEADER["birth_date"]),
        (10, HEADER["birth_date"]),
        (10, HEADER["citizen_id"]),  # the same citizen ID as row 2, though its date is bad too
    ]
    assert _errors(report) == expected
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "dòng 2" in messages[(3, HEADER["citizen_id"])] and "row 2" in messages[(3, HEADER["citizen_id"])]
    assert "đã có trong hệ thống" in messages[(7, HEADER["card_number"])]
    assert _state() == before
    # found set-based over the temporary table (above), or row by row in Python (no spill): the same report
    in_python = validate_file(path, actor=None, options=ImportOptions())
    assert [(e.row, e.column, e.message) for e in in_python.errors] == [(e.row, e.column, e.message) for e in report.errors]
    rows[6][COL["birth_date"]] = dt.date(1970, 8, 8)
    again = validate_file(write_xlsx(tmp_path / "b.xlsx", rows), actor=None, options=ImportOptions())
    assert (9, HEADER["given_name"]) in _errors(again)  # same folded name and birth date as row 8


def test_impossible_facts_are_reported_with_the_rule(tree: dict[str, Organization], tmp_path: Path) -> None:
    rows = [
        person_row(name=("A", "", "Một"), admission=dt.date(2012, 3, 1), full=dt.date(2012, 9, 1)),  # 6 months of probation
        person_row(name=("A", "", "Hai"), admission=dt.date(2012, 3, 1), start=dt.date(2012, 2, 1)),  # starts before admission
        person_row(name=("A", "", "Ba"), gender="Khác"),
        person_row(name=("A", "", "")),
        person_row(name=("A", "", "Năm"), birth=dt.date(2000, 1, 1), admission=dt.date(2017, 1, 1), full=None),  # aged 17
    ]
    report = validate_file(write_xlsx(tmp_path / "a.xlsx", rows), actor=None, options=ImportOptions())
    assert _errors(report) == [
        (2, HEADER["full_member_date"]),
        (3, HEADER["start_date"]),
        (4, HEADER["gender"]),
        (5, HEADER["given_name"]),
        (6, HEADER["admission_date"]),
    ]
    probation = next(e for e in report.errors if e.row == 2)
    assert "12 tháng" in probation.message and "12 months" in probation.message
    assert "18 tuổi" in report.errors[-1].message and "232-QĐ/TW" not in report.errors[-1].message


def test_every_message_of_the_fact_checks_has_its_english() -> None:
    today = dt.date(2025, 1, 1)
    cases = [
        {},
        {"given_name": "A", "birth_date": dt.date(2030, 1, 1), "admission_date": dt.date(2030, 1, 1), "gender": "M"},
        {"given_name": "A", "birth_date": dt.date(2000, 1, 1), "admission_date": dt.date(2010, 1, 1), "gender": "X"},
        {"given_name": "A", "birth_date": dt.date(1940, 1, 1), "admission_date": dt.date(2010, 1, 1), "gender": "M"},
        {
            "given_name": "A",
            "birth_date": dt.date(1980, 1, 1),
            "admission_date": dt.date(2010, 1, 1),
            "full_member_date": dt.date(2010, 2, 1),
            "gender": "M",
            "citizen_id": "1234",
            "phone": "abc",
        },
        {
            "given_name": "A",
            "birth_date": dt.date(1980, 1, 1),
            "admission_date": dt.date(2010, 1, 1),
            "gender": "M",
            "citizen_id": "000080000001",
        },
        {
            "given_name": "A",
            "birth_date": dt.date(1980, 1, 1),
            "admission_date": dt.date(2010, 1, 1),
            "gender": "M",
            "citizen_id": "094180000001",
        },
        {
            "given_name": "A",
            "birth_date": dt.date(1980, 1, 1),
            "admission_date": dt.date(2010, 1, 1),
            "gender": "M",
            "citizen_id": "094081000001",
        },
        {
            "given_name": "A",
            "birth_date": dt.date(1980, 1, 1),
            "admission_date": dt.date(2010, 1, 1),
            "full_member_date": dt.date(2026, 1, 1),
            "gender": "M",
        },
    ]
    messages = {m for data in cases for _f, m in check_person(data, today=today)}
    assert len(messages) >= 14
    for message in messages:
        assert english_for(message) != "Invalid value.", message


def test_full_name_column_is_split_on_the_chosen_rule(tree: dict[str, Organization], tmp_path: Path) -> None:
    headers = ["Họ và tên", *HEADERS[3:]]
    rows = [person_row(name=("Thạch", "", "Sô Phia"), card="1"), person_row(name=("Sơn", "Thị", "Sa Rết"), gender="Nữ", card="2")]
    data = [[" ".join(p for p in r[:3] if p), *r[3:]] for r in rows]
    report = import_file(
        write_xlsx(tmp_path / "a.xlsx", data, headers=headers), actor=None, options=ImportOptions(given_syllables=2)
    )
    assert report.ok, report.errors
    names = sorted(Person.objects.values_list("family_name", "middle_name", "given_name"))
    assert names == [("Sơn", "Thị", "Sa Rết"), ("Thạch", "", "Sô Phia")]


def test_a_title_row_above_the_header_keeps_excel_row_numbers(tree: dict[str, Organization], tmp_path: Path) -> None:
    rows = [person_row(name=("A", "", g), card=g) for g in ("Một", "Hai", "Ba")]
    rows[2][COL["gender"]] = "?"
    report = validate_file(
        write_xlsx(tmp_path / "a.xlsx", rows, title="DANH SÁCH ĐẢNG VIÊN"), actor=None, options=ImportOptions()
    )
    assert report.header_row == 2
    assert _errors(report) == [(5, HEADER["gender"])]
    assert report.errors[0].cell == "E5"


def test_missing_required_column_is_reported_once(tree: dict[str, Organization], tmp_path: Path) -> None:
    rows = [r[:3] + r[4:] for r in _rows(3)]
    headers = HEADERS[:3] + HEADERS[4:]
    report = validate_file(write_xlsx(tmp_path / "a.xlsx", rows, headers=headers), actor=None, options=ImportOptions())
    assert _errors(report) == [(1, HEADER["birth_date"])]
    assert report.total_rows == 0  # rows are not read when a required column is missing


# ------------------------------------------------------------------------------------------------ organizations and scope


def test_unknown_and_out_of_scope_codes_answer_the_same(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["CB1"])
    rows = _rows(3, ("CB1", "CB2", "ZZZ"))
    before = _state()
    report = import_file(write_xlsx(tmp_path / "a.xlsx", rows), actor=clerk, options=ImportOptions())
    assert _errors(report) == [(3, HEADER["organization_code"]), (4, HEADER["organization_code"])]
    assert report.errors[0].message.replace("CB2", "X") == report.errors[1].message.replace("ZZZ", "X")
    assert _state() == before


def test_rows_must_lie_under_the_default_organization(tree: dict[str, Organization], tmp_path: Path) -> None:
    other_root = make_org("KHAC", kind=OrganizationKind.PARTY_COMMITTEE)
    make_org("KHAC1", parent=other_root)
    rows = _rows(3, ("CB1", "KHAC1", ""))
    report = validate_file(write_xlsx(tmp_path / "a.xlsx", rows), actor=None, options=ImportOptions(root=tree["DB"]))
    assert _errors(report) == [(3, HEADER["organization_code"])]
    assert "không trực thuộc" in report.errors[0].message
    without_default = validate_file(write_xlsx(tmp_path / "b.xlsx", _rows(1, ("",))), actor=None, options=ImportOptions())
    assert _errors(without_default) == [(2, HEADER["organization_code"])]


def test_ended_organization_takes_no_new_members(tree: dict[str, Organization], tmp_path: Path) -> None:
    org_services.organization_dissolve(actor=None, organization=tree["CB4"], on_date=dt.date(2020, 1, 1))
    report = validate_file(write_xlsx(tmp_path / "a.xlsx", _rows(1, ("CB4",))), actor=None, options=ImportOptions())
    assert _errors(report) == [(2, HEADER["organization_code"])]


def test_service_refuses_an_organization_outside_the_actor_scope(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["CB1"])
    rows: list[MemberRow] = []

    class Collect:
        count = 0

        def write(self, batch: list[MemberRow]) -> None:
            rows.extend(batch)

    validate_file(write_xlsx(tmp_path / "a.xlsx", _rows(2, ("CB1", "CB2"))), actor=None, options=ImportOptions(), spill=Collect())  # type: ignore[arg-type]
    before = _state()
    with pytest.raises(NotVisibleError):
        members_import(actor=clerk, rows=rows)
    assert _state() == before


# ------------------------------------------------------------------------------------------------ the pieces


def test_new_memberships_deltas_match_counts_contributions_across_a_move(tree: dict[str, Organization]) -> None:
    # CB3 moves under a new sub-committee in 2018: its paths are dated
    sub = make_org("DBBP", parent=tree["DB"], kind=OrganizationKind.SUB_COMMITTEE)
    org_services.organization_move(actor=None, organization=tree["CB3"], new_parent=sub, on_date=dt.date(2018, 6, 1))
    groups: Counter[tuple[int, dt.date]] = Counter(
        {
            (tree["CB3"].id, dt.date(2015, 1, 1)): 3,
            (tree["CB3"].id, dt.date(2019, 1, 1)): 2,
            (sub.id, dt.date(2017, 1, 1)): 1,
            (tree["CB1"].id, dt.date(2011, 2, 3)): 4,
        }
    )
    expected: Counter[tuple[int, dt.date]] = Counter()
    for (org, start), n in groups.items():
        for _ in range(n):
            expected.update(counts.contributions(org, start, None))
    with connection.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE test_groups (organization_id bigint, start_date date, n integer)")
        cur.executemany("INSERT INTO test_groups VALUES (%s, %s, %s)", [(o, d, n) for (o, d), n in groups.items()])
        deltas = counts.new_memberships_deltas("SELECT organization_id, start_date, n FROM test_groups")
        cur.execute(f"SELECT node_id, on_date, SUM(delta) FROM ({deltas}) x GROUP BY node_id, on_date")
        computed = Counter({(node, counts._as_date(day)): n for node, day, n in cur.fetchall()})
        cur.execute("DROP TABLE test_groups")
    assert +computed == +expected


def test_derived_name_fields_equal_the_text_helpers() -> None:
    checker = Checker(None, ImportOptions(), ImportReport())
    for r in member_rows(300, ["X"], seed=3):
        family, middle, given = r[:3]
        folded, key = checker._derive(family, middle, given)
        assert folded == text.fold(text.full_name(family, middle, given))
        assert key == text.person_sort_key(family, middle, given)
    assert checker._derive("", "", "Sô Phia") == (text.fold("Sô Phia"), text.person_sort_key("", "", "Sô Phia"))
