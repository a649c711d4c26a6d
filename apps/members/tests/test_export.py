"""Export: any list the user can see, through the same scoped selectors, in the template's columns."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import services
from apps.members.columns import COLUMNS
from apps.members.importers import ImportOptions, validate_file
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

COL = {c.field: i for i, c in enumerate(COLUMNS)}


@pytest.fixture
def tree() -> dict[str, Organization]:
    root = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE)
    orgs = {"DB": root, "CB1": make_org("CB1", parent=root), "CB2": make_org("CB2", parent=root)}
    for i, name in enumerate(["An", "Bình", "Cường"]):
        make_person(orgs["CB1"], given_name=name, birth_date=dt.date(1980, 1, 1 + i), card_number=f"1{i}")
    for i, name in enumerate(["Dũng", "Em"]):
        make_person(orgs["CB2"], given_name=name, family_name="Trần", birth_date=dt.date(1981, 1, 1 + i), card_number=f"2{i}")
    return orgs


def _rows(content: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download(client: Client, **params: Any) -> tuple[int, bytes]:
    response = client.get(reverse("members:export"), params)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""  # type: ignore[attr-defined]
    return response.status_code, body


def test_cell_secretary_exports_only_their_cell(tree: dict[str, Organization]) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    client = _client(secretary)
    status, body = _download(client)
    assert status == 200
    rows = _rows(body)
    assert rows[0] == [c.header for c in COLUMNS]
    assert sorted(r[COL["given_name"]] for r in rows[1:]) == ["An", "Bình", "Cường"]
    assert {r[COL["organization_code"]] for r in rows[1:]} == {"CB1"}
    # another cell's list answers like a missing one
    status, _body = _download(client, to_chuc=tree["CB2"].id)
    assert status == 404
    # search results: only what the secretary may see
    status, body = _download(client, q="tran")
    assert status == 200 and _rows(body)[1:] == []


def test_committee_clerk_exports_a_cell_page_and_search(tree: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    client = _client(clerk)
    _status, body = _download(client, to_chuc=tree["CB2"].id)
    assert sorted(r[COL["given_name"]] for r in _rows(body)[1:]) == ["Dũng", "Em"]
    _status, body = _download(client, q="tran")
    assert sorted(r[COL["given_name"]] for r in _rows(body)[1:]) == ["Dũng", "Em"]


def test_export_as_of_a_date_shows_where_members_were(tree: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    person = make_person(tree["CB1"], given_name="Giang", birth_date=dt.date(1979, 9, 9), admission_date=dt.date(2012, 3, 1))
    services.member_transfer(actor=None, person=person, to_organization=tree["CB2"], on_date=dt.date(2020, 1, 1))
    _status, body = _download(_client(clerk), ngay="1-6-2019")
    rows = {r[COL["given_name"]]: r for r in _rows(body)[1:]}
    assert rows["Giang"][COL["organization_code"]] == "CB1"
    assert rows["Giang"][COL["start_date"]] == dt.date(2012, 3, 1)
    _status, body = _download(_client(clerk), ngay="1-6-2021")
    rows = {r[COL["given_name"]]: r for r in _rows(body)[1:]}
    assert rows["Giang"][COL["organization_code"]] == "CB2"
    assert rows["Giang"][COL["start_date"]] == dt.date(2020, 1, 1)


def test_an_export_reads_back_as_an_import(tree: dict[str, Organization], tmp_path: Path) -> None:
    """The export's columns are the template's: importing it again finds every member already recorded."""
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    _status, body = _download(_client(clerk))
    path = tmp_path / "export.xlsx"
    path.write_bytes(body)
    report = validate_file(path, actor=clerk, options=ImportOptions(dry_run=True))
    assert report.total_rows == 5
    assert {e.row for e in report.errors} == {2, 3, 4, 5, 6}
    assert all("trong hệ thống" in e.message for e in report.errors), report.errors


def test_export_command_is_scoped_to_its_actor(tree: dict[str, Organization], tmp_path: Path) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    out = io.StringIO()
    target = tmp_path / "cb1.xlsx"
    call_command("export_members", "--organization", "CB1", "--output", str(target), "--actor", secretary.username, stdout=out)
    assert "Đã xuất 3 đảng viên" in out.getvalue()
    assert len(_rows(target.read_bytes())) == 4
    with pytest.raises(CommandError):
        call_command(
            "export_members", "--organization", "CB2", "--output", str(tmp_path / "x.xlsx"), "--actor", secretary.username
        )
    # without --organization the actor still sees only their cell
    call_command("export_members", "--output", str(target), "--actor", secretary.username, stdout=io.StringIO())
    assert len(_rows(target.read_bytes())) == 4
    # the system sees everything
    call_command("export_members", "--output", str(target), "--as-of", "1-1-2024", stdout=io.StringIO())
    assert len(_rows(target.read_bytes())) == 6
    with pytest.raises(CommandError):
        call_command("export_members", "--as-of", "31-2-2024")


# ------------------------------------------------------------------ every export is in the audit log


def _exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type="member.exported"))


def _after(event: AuditEvent) -> dict[str, Any]:
    assert isinstance(event.after, dict)
    return event.after


def test_a_web_export_leaves_one_audit_row_naming_the_user_the_list_and_the_rows(tree: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    status, body = _download(_client(clerk), to_chuc=tree["CB1"].id, ngay="1-1-2024")
    assert status == 200
    [event] = _exports()
    assert event.actor_id == clerk.pk and event.actor_label == clerk.username
    assert event.organization_id == tree["CB1"].id
    assert event.target_type == "organizations.organization" and event.target_id == str(tree["CB1"].id)
    assert _after(event)["rows"] == len(_rows(body)) - 1 > 0
    assert _after(event)["format"] == "xlsx"
    assert _after(event)["organization"] == "CB1"
    assert _after(event)["on_date"] == "2024-01-01" and _after(event)["status"] == "current"


def test_a_search_export_records_the_query(tree: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    _status, body = _download(_client(clerk), q="tran")
    [event] = _exports()
    assert event.actor_id == clerk.pk and event.organization_id is None
    assert _after(event)["query"] == "tran" and _after(event)["rows"] == len(_rows(body)) - 1 > 0


def test_an_organization_out_of_scope_cannot_be_exported_and_leaves_no_row(tree: dict[str, Organization], tmp_path: Path) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    status, _body = _download(_client(secretary), to_chuc=tree["CB2"].id)
    assert status == 404
    target = tmp_path / "cb2.xlsx"
    with pytest.raises(CommandError):
        call_command("export_members", "--organization", "CB2", "--output", str(target), "--actor", secretary.username)
    assert not target.exists()
    assert _exports() == []


def test_the_export_command_is_audited_for_its_actor_or_the_system(tree: dict[str, Organization], tmp_path: Path) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    target = tmp_path / "cb1.xlsx"
    call_command("export_members", "--output", str(target), "--actor", secretary.username, stdout=io.StringIO())
    [event] = _exports()
    assert event.actor_id == secretary.pk and event.source == "command"
    assert _after(event)["rows"] == len(_rows(target.read_bytes())) - 1 > 0
    assert event.organization_id is None and _after(event)["organization"] is None
    call_command("export_members", "--organization", "DB", "--output", str(target), stdout=io.StringIO())
    system = AuditEvent.objects.filter(event_type="member.exported").exclude(pk=event.pk).get()
    assert system.actor_id is None and system.actor_label == "manage.py export_members"
    assert system.organization_id == tree["DB"].id and _after(system)["rows"] == len(_rows(target.read_bytes())) - 1 > 0
