"""The import page: template, upload, report on the page and as .xlsx, background jobs polled with HTMX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from apps.accounts.choices import Role
from apps.core.models import ImportJob
from apps.core.testing import make_org, make_user
from apps.members.columns import COLUMNS
from apps.members.models import Person
from apps.members.tests.test_import_data import person_row, write_xlsx
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

COL = {c.field: i for i, c in enumerate(COLUMNS)}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def tree() -> dict[str, Organization]:
    root = make_org("DB", kind=OrganizationKind.PARTY_COMMITTEE)
    return {"DB": root, "CB1": make_org("CB1", parent=root), "CB2": make_org("CB2", parent=root)}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return Path(settings.MEDIA_ROOT)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(tmp_path: Path, rows: list[list[Any]], name: str = "ds.xlsx") -> SimpleUploadedFile:
    path = write_xlsx(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type=XLSX)


def _rows(n: int, code: str = "CB1") -> list[list[Any]]:
    return [
        person_row(
            code=code, name=("Nguyễn", "Văn", f"An{i}"), birth=dt.date(1980, 1, 1) + dt.timedelta(days=i), card=str(900 + i)
        )
        for i in range(n)
    ]


def _sheet(content: bytes, index: int = 0) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(index).to_python()


def test_template_has_the_columns_and_notes(tree: dict[str, Organization]) -> None:
    client = _client(make_user(role=Role.OFFICE_CLERK, organization=tree["DB"]))
    page = client.get(reverse("members:import"))
    assert page.status_code == 200
    assert reverse("members:import_template") in page.content.decode()
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Đảng viên", "Hướng dẫn"]
    assert _sheet(response.content)[0] == [c.header for c in COLUMNS]
    notes = _sheet(response.content, 1)
    listed = {row[0] for row in notes}
    assert all(c.header in listed for c in COLUMNS)
    gender = next(row for row in notes if row[0] == "Giới tính")
    assert gender[1] == "Có" and "Nam" in gender[3] and "Nữ" in gender[3]


def test_small_file_imports_during_the_request(tree: dict[str, Organization], tmp_path: Path, media: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    response = _client(clerk).post(reverse("members:import"), {"file": _upload(tmp_path, _rows(4))})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.created_rows == 4 and job.created_by == clerk
    assert Person.objects.count() == 4
    assert not any((media / "imports").iterdir())  # the uploaded file does not outlive its job
    page = _client(clerk).get(response["Location"]).content.decode()
    assert 'data-testid="import-done"' in page
    assert "hx-trigger" not in page


def test_bad_file_shows_each_bad_cell_and_downloads_them(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    rows = _rows(5)
    rows[1][COL["birth_date"]] = "30/2/1980"
    rows[3][COL["gender"]] = "X"
    client = _client(clerk)
    response = client.post(reverse("members:import"), {"file": _upload(tmp_path, rows)}, follow=True)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert Person.objects.count() == 0
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "Ngày sinh" in page and "30/2/1980" in page and "(D3)" in page
    assert "Giới tính" in page and "(E5)" in page
    report = client.get(reverse("members:import_report", args=[job.pk]))
    assert report.status_code == 200
    lines = _sheet(report.content)
    header = lines.index(["Dòng", "Ô", "Cột", "Giá trị", "Lỗi"])
    bad = [(int(r[0]), r[1], r[2], r[3]) for r in lines[header + 1 :]]
    assert bad == [(3, "D3", "Ngày sinh", "30/2/1980"), (5, "E5", "Giới tính", "X")]
    assert all(" / " in r[4] for r in lines[header + 1 :])


def test_large_file_runs_in_the_background_with_progress(
    tree: dict[str, Organization], tmp_path: Path, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.DANGBO_IMPORT_BACKGROUND_ROWS = 5
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    client = _client(clerk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("members:import"), {"file": _upload(tmp_path, _rows(12))})
    job = ImportJob.objects.get()
    assert job.options["background"] is True and job.total_rows == 12
    # queued, not run during the request
    assert job.status == ImportJob.Status.PENDING and Person.objects.count() == 0
    polled = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in polled
    assert "<html" not in polled  # the fragment only
    assert len(callbacks) == 1
    callbacks[0]()  # the transaction commits: the task is enqueued (and run by the immediate backend)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.processed_rows == 12 and job.created_rows == 12
    assert Person.objects.count() == 12
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and 'data-testid="import-done"' in done


def test_cell_secretary_cannot_import(tree: dict[str, Organization], tmp_path: Path) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=tree["CB1"])
    client = _client(secretary)
    assert client.get(reverse("members:import")).status_code == 403
    assert client.post(reverse("members:import"), {"file": _upload(tmp_path, _rows(2))}).status_code == 403
    assert Person.objects.count() == 0 and ImportJob.objects.count() == 0


def test_an_importer_of_one_cell_cannot_import_into_another(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["CB1"])
    client = _client(clerk)
    rows = _rows(2) + _rows(1, code="CB2")
    rows[2][COL["card_number"]] = "7777"
    rows[2][0] = "Phạm"
    response = client.post(reverse("members:import"), {"file": _upload(tmp_path, rows)}, follow=True)
    assert Person.objects.count() == 0
    assert "Không có tổ chức mã “CB2” trong phạm vi bạn được nhập." in response.content.decode()
    # nor choose it as the default organization
    response = client.post(reverse("members:import"), {"file": _upload(tmp_path, _rows(1)), "organization": "CB2"})
    assert response.status_code == 200 and ImportJob.objects.count() == 1
    assert "trong phạm vi bạn được nhập" in response.content.decode()


def test_jobs_are_private_to_their_owner(tree: dict[str, Organization], tmp_path: Path) -> None:
    owner = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    other = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    _client(owner).post(reverse("members:import"), {"file": _upload(tmp_path, _rows(1))})
    job = ImportJob.objects.get()
    assert _client(other).get(reverse("members:import_job", args=[job.pk])).status_code == 404
    assert _client(other).get(reverse("members:import_report", args=[job.pk])).status_code == 404


def test_default_organization_takes_rows_without_a_code(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["CB2"])
    rows = _rows(3, code="")
    response = _client(clerk).post(reverse("members:import"), {"file": _upload(tmp_path, rows), "organization": "CB2"})
    assert response.status_code == 302
    assert set(Person.objects.values_list("organization__code", flat=True)) == {"CB2"}


def test_dry_run_checks_without_writing(tree: dict[str, Organization], tmp_path: Path) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    response = _client(clerk).post(reverse("members:import"), {"file": _upload(tmp_path, _rows(3)), "dry_run": "on"}, follow=True)
    assert Person.objects.count() == 0
    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED
    assert "Chưa ghi gì" in response.content.decode()


def test_not_a_spreadsheet_is_refused(tree: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=tree["DB"])
    upload = SimpleUploadedFile("ds.csv", b"a,b\n", content_type="text/csv")
    response = _client(clerk).post(reverse("members:import"), {"file": upload})
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    broken = SimpleUploadedFile("ds.xlsx", b"not a zip", content_type=XLSX)
    response = _client(clerk).post(reverse("members:import"), {"file": broken}, follow=True)
    assert ImportJob.objects.get().status == ImportJob.Status.REJECTED
    assert "Không đọc được tệp" in response.content.decode()
