"""``manage.py import_members``: same checks as the page, all or nothing, the report printed, exit status."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_user
from apps.members.columns import COLUMNS
from apps.members.management.commands.import_members import FAILED, REJECTED
from apps.members.models import Person
from apps.members.tests.test_import_data import person_row, write_xlsx
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

COL = {c.field: i for i, c in enumerate(COLUMNS)}


@pytest.fixture
def tree() -> dict[str, Organization]:
    root = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE)
    return {"DB": root, "CB1": make_org("CB1", parent=root), "CB2": make_org("CB2", parent=root)}


def _file(tmp_path: Path, codes: list[str]) -> Path:
    rows = [
        person_row(code=c, name=("Lâm", "Văn", f"Tư{i}"), birth=dt.date(1980, 2, 1 + i), card=str(300 + i))
        for i, c in enumerate(codes)
    ]
    return write_xlsx(tmp_path / "ds.xlsx", rows)


def _run(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("import_members", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_imports_with_rows_without_a_code_going_to_the_organization(tree: dict[str, Organization], tmp_path: Path) -> None:
    out, error = _run(str(_file(tmp_path, ["CB1", "", "CB2"])), "--organization", "DB")
    assert error is None
    assert "Đã nhập 3 đảng viên" in out
    assert sorted(Person.objects.values_list("organization__code", flat=True)) == ["CB1", "CB2", "DB"]
    summary = AuditEvent.objects.get(event_type="member.imported", target_type="")
    assert summary.actor_label == "system" and summary.source == "command"
    assert summary.organization_id == tree["DB"].id


def test_a_bad_file_prints_the_report_and_exits_two(tree: dict[str, Organization], tmp_path: Path) -> None:
    path = _file(tmp_path, ["CB1", "KHONGCO", "CB2"])
    out, error = _run(str(path), "--organization", "DB")
    assert error is not None and error.returncode == REJECTED
    assert "Dòng 3, cột Mã tổ chức (Q3): Không có tổ chức mã “KHONGCO”" in out
    assert "1 lỗi" in str(error)
    assert Person.objects.count() == 0


def test_rows_must_lie_under_the_given_organization(tree: dict[str, Organization], tmp_path: Path) -> None:
    out, error = _run(str(_file(tmp_path, ["CB1", "CB2"])), "--organization", "CB1")
    assert error is not None and error.returncode == REJECTED
    assert "Dòng 3" in out and "không trực thuộc" in out
    assert Person.objects.count() == 0


def test_dry_run_writes_nothing(tree: dict[str, Organization], tmp_path: Path) -> None:
    out, error = _run(str(_file(tmp_path, ["CB1", "CB2"])), "--organization", "DB", "--dry-run")
    assert error is None and "Tệp hợp lệ: 2 dòng" in out
    assert Person.objects.count() == 0


def test_actor_is_held_to_their_scope(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["CB1"])
    path = _file(tmp_path, ["CB1", ""])
    _out, error = _run(str(path), "--organization", "DB", "--actor", clerk.username)
    assert error is not None and error.returncode == 1
    out, error = _run(str(path), "--organization", "CB1", "--actor", clerk.username)
    assert error is None, out
    assert set(AuditEvent.objects.filter(event_type="member.imported").values_list("actor_label", flat=True)) == {clerk.username}
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    _out, error = _run(str(path), "--organization", "CB1", "--actor", secretary.username)
    assert error is not None and error.returncode == 1  # a cell secretary does not import


@pytest.mark.parametrize("args", [["missing.xlsx", "--organization", "DB"], ["{file}", "--organization", "KHONGCO"]])
def test_wrong_arguments_exit_one(tree: dict[str, Organization], tmp_path: Path, args: list[str]) -> None:
    path = _file(tmp_path, ["CB1"])
    _out, error = _run(*[a.format(file=path) for a in args])
    assert error is not None and error.returncode == 1


def test_a_database_refusal_writes_nothing_and_exits_three(
    tree: dict[str, Organization], tmp_path: Path, monkeypatch: Any
) -> None:
    from apps.members.importers import writing

    def refuse(*args: Any, **kwargs: Any) -> None:
        from django.db import IntegrityError

        raise IntegrityError("duplicate key value violates unique constraint")

    # the rollup refused, in whichever form the import writes it (row batches, or set-based from its table)
    monkeypatch.setattr(writing.counts, "apply", refuse)
    monkeypatch.setattr(writing.counts, "apply_table", refuse)
    _out, error = _run(str(_file(tmp_path, ["CB1", "CB2"])), "--organization", "DB")
    assert error is not None and error.returncode == FAILED
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type="member.imported").exists()
