"""``manage.py term_report``: the JSON is the report's own, files are the exports, unknown names are said plainly,
and every run is in the audit trail as the command's."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from apps.core.models import AuditEvent
from apps.targets import report
from apps.targets.tests.test_exports import AS_OF, build_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def story() -> dict[str, Any]:
    return build_story()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("term_report", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_report(story: dict[str, Any]) -> None:
    printed = run("--organization", "CCQDN", "--term", "2015-2020", "--as-of", "30-7-2020")
    expected = report.build(story["term"], AS_OF).as_json()
    assert json.loads(printed) == json.loads(json.dumps(expected))
    assert "4/5 chỉ tiêu" in printed, "Vietnamese as written, not escaped"


def test_json_defaults_to_the_report_of_the_page(story: dict[str, Any]) -> None:
    printed = json.loads(run("--organization", "CCQDN", "--term", "2010-2015"))
    assert printed == json.loads(json.dumps(report.build(story["previous"]).as_json()))


def test_run_is_audited_as_the_command(story: dict[str, Any]) -> None:
    run("--organization", "CCQDN", "--term", "2015-2020", "--as-of", "30-7-2020")
    event = AuditEvent.objects.get(event_type="term.report_exported")
    assert event.actor is None and event.actor_label == "manage.py term_report" and event.source == "command"
    assert (event.organization_id, event.target_id) == (story["committee"].pk, str(story["term"].pk))
    assert event.after == {"format": "json", "as_of": "2020-07-30"}


@pytest.mark.parametrize("file_format", ["docx", "pdf", "xlsx"])
def test_writes_the_file(story: dict[str, Any], tmp_path: Path, file_format: str) -> None:
    target = tmp_path / f"bao-cao.{file_format}"
    said = run(
        "--organization", "CCQDN", "--term", "2015-2020", "--as-of", "30-7-2020", "--format", file_format, "--output", str(target)
    )
    assert str(target) in said
    payload = target.read_bytes()
    assert payload.startswith(b"%PDF" if file_format == "pdf" else b"PK")
    assert AuditEvent.objects.get(event_type="term.report_exported").after == {"format": file_format, "as_of": "2020-07-30"}


def test_number_and_place(story: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    run(
        "--organization", "CCQDN", "--term", "2015-2020", "--as-of", "30-7-2020",
        "--format", "docx", "--output", str(target), "--number", "12-BC/ĐU", "--place", "Cần Thơ",
    )  # fmt: skip
    cells = Document(str(target)).tables[0].rows[0].cells
    assert cells[0].paragraphs[3].text == "Số 12-BC/ĐU"
    assert cells[1].paragraphs[1].text == "Cần Thơ, ngày 30 tháng 7 năm 2020"


def test_file_name_by_default(story: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("--organization", "CCQDN", "--term", "2015-2020", "--as-of", "30-7-2020", "--format", "xlsx")
    assert (tmp_path / "bao-cao-nhiem-ky-CCQDN-2015-2020-20200730.xlsx").exists()


def test_unknown_organization_or_term(story: dict[str, Any]) -> None:
    with pytest.raises(CommandError) as unknown_org:
        run("--organization", "KHONGCO", "--term", "2015-2020")
    assert "Không tìm thấy tổ chức 'KHONGCO'" in str(unknown_org.value) and "No organization 'KHONGCO'" in str(unknown_org.value)
    with pytest.raises(CommandError) as unknown_term:
        run("--organization", "CCQDN", "--term", "2020-2025")
    message = str(unknown_term.value)
    assert "không có nhiệm kỳ '2020-2025'" in message and "2010-2015, 2015-2020" in message and "has no term" in message
    with pytest.raises(CommandError) as bad_date:
        run("--organization", "CCQDN", "--term", "2015-2020", "--as-of", "31-2-2020")
    assert "Ngày không hợp lệ" in str(bad_date.value)
    assert not AuditEvent.objects.filter(event_type="term.report_exported").exists()
