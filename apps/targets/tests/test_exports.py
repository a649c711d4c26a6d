"""The term report as official documents: .pdf, .docx and .xlsx say what the report says, laid out as a Party
document (Hướng dẫn 36-HD/VPTW); downloads are scoped like the page and recorded in the audit trail."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextBox, LTTextLine
from pypdf import PdfReader

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import services as member_services
from apps.members.choices import PostKind
from apps.organizations.choices import OrganizationKind
from apps.targets import exports, report, services
from apps.targets.choices import Comparator, Status, TargetGroup, TargetKind, TargetPeriod
from apps.targets.exports.letterhead import date_line, executive_body, place_in

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2020, 7, 30)
A4_WIDTH = 595.28


def build_story() -> dict[str, Any]:
    """A provincial committee with its previous and its current term, ten-odd records through the services."""
    province = make_org("TINH", name="Đảng bộ tỉnh Sóc Trăng", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    committee = make_org(
        "CCQDN",
        name="Đảng bộ Các cơ quan và Doanh nghiệp tỉnh Sóc Trăng",
        kind=OrganizationKind.PARTY_COMMITTEE,
        parent=province,
        on_date=D(2000, 1, 1),
    )
    cells = [make_org(f"CB{i}", parent=committee, on_date=D(2005, 1, 1)) for i in range(1, 4)]
    elsewhere = make_org(
        "KHAC", name="Đảng bộ Khối khác", kind=OrganizationKind.PARTY_COMMITTEE, parent=province, on_date=D(2000, 1, 1)
    )
    secretary = make_person(cells[0], family_name="Trần", middle_name="Văn", given_name="Bình", on_date=D(2012, 3, 1))
    member_services.post_assign(
        actor=None,
        organization=committee,
        person=secretary,
        post=PostKind.SECRETARY,
        valid_from=D(2015, 7, 3),
        term_label="2015-2020",
    )

    previous = services.term_create(
        actor=None, organization=committee, label="2010-2015", start_date=D(2010, 7, 1), end_date=D(2015, 7, 1)
    )
    old = services.resolution_record(
        actor=None, term=previous, symbol="01-NQ/ĐH", issued_on=D(2010, 7, 3), issuer="Đại hội VI", title="Nghị quyết Đại hội VI"
    )
    services.target_create(
        actor=None,
        resolution=old,
        statement="Duy trì số tổ chức đảng trực thuộc",
        kind=TargetKind.COUNT,
        unit="tổ chức",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(2),
        indicator="organizations.count",
    )

    term = services.term_create(
        actor=None, organization=committee, label="2015-2020", start_date=D(2015, 7, 1), end_date=D(2020, 7, 29)
    )
    services.congress_record(actor=None, term=term, ordinal=7, opened_on=D(2015, 7, 1), closed_on=D(2015, 7, 3))
    resolution = services.resolution_record(
        actor=None,
        term=term,
        symbol="01-NQ/ĐH",
        issued_on=D(2015, 7, 3),
        issuer="Đại hội Đảng bộ lần thứ VII",
        title="Nghị quyết Đại hội đại biểu Đảng bộ lần thứ VII, nhiệm kỳ 2015-2020",
    )
    organizations = services.target_create(
        actor=None,
        resolution=resolution,
        statement="Giữ vững số tổ chức cơ sở đảng trực thuộc, không để tổ chức nào bị giải thể",
        kind=TargetKind.COUNT,
        unit="tổ chức",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(3),
        indicator="organizations.count",
    )
    study = services.target_create(
        actor=None,
        resolution=resolution,
        statement="Tỉ lệ đảng viên học tập, quán triệt các nghị quyết của Đảng đạt từ 99% trở lên",
        kind=TargetKind.RATE,
        comparator=Comparator.AT_LEAST,
        goal=Decimal(99),
    )
    services.measurement_enter(
        actor=None,
        target=study,
        on_date=D(2020, 6, 30),
        value=Decimal("99.5"),
        evidence="Báo cáo của Ban Tuyên giáo",
        evidence_symbol="25-BC/BTG",
    )
    admissions = services.target_create(
        actor=None,
        resolution=resolution,
        statement="Mỗi năm kết nạp ít nhất 40 đảng viên mới",
        group=TargetGroup.MASS_ORGANIZATIONS,
        kind=TargetKind.COUNT,
        unit="đảng viên",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(40),
        period=TargetPeriod.EACH_YEAR,
    )
    for year, value in zip(term.years(), (45, 41, 40, 52, 38), strict=True):
        services.measurement_enter(
            actor=None,
            target=admissions,
            on_date=D(year, 12, 31),
            year=year,
            value=value,
            evidence=f"Báo cáo tổng kết năm {year}",
        )
    rules = services.target_create(
        actor=None,
        resolution=resolution,
        statement="Ban hành quy chế làm việc của Ban Chấp hành trong năm đầu nhiệm kỳ",
        kind=TargetKind.MILESTONE,
        comparator=Comparator.BY_DATE,
        goal_date=D(2016, 6, 30),
    )
    services.measurement_enter(
        actor=None,
        target=rules,
        on_date=D(2015, 12, 1),
        done_on=D(2015, 11, 20),
        evidence="Quy chế làm việc",
        evidence_symbol="02-QC/ĐU",
    )
    dues = services.target_create(
        actor=None,
        resolution=resolution,
        statement="Thu đảng phí cả nhiệm kỳ",
        group=TargetGroup.POLITICAL_TASKS,
        kind=TargetKind.AMOUNT,
        unit="nghìn đồng",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(1200000),
    )
    services.measurement_enter(
        actor=None, target=dues, on_date=D(2020, 7, 1), value=Decimal("1234567.5"), evidence="Sổ thu đảng phí"
    )
    return {
        "province": province,
        "committee": committee,
        "cells": cells,
        "elsewhere": elsewhere,
        "term": term,
        "previous": previous,
        "targets": [organizations, study, admissions, rules, dues],
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=committee),
        "other": make_user("khoikhac", role=Role.OFFICE_CLERK, organization=elsewhere),
    }


@pytest.fixture
def story() -> dict[str, Any]:
    return build_story()


@pytest.fixture
def data(story: dict[str, Any]) -> report.TermReport:
    return report.build(story["term"], AS_OF)


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_boxes(payload: bytes) -> list[tuple[int, LTTextBox]]:
    """The text boxes of each page (cells of a table come out as boxes of their own)."""
    params = LAParams(char_margin=0.3, line_margin=0.5)
    return [
        (n, box)
        for n, page in enumerate(extract_pages(io.BytesIO(payload), laparams=params), 1)
        for box in page
        if isinstance(box, LTTextBox)
    ]


def pdf_lines(payload: bytes, page_number: int = 1) -> list[LTTextLine]:
    return [line for n, box in pdf_boxes(payload) if n == page_number for line in box if isinstance(line, LTTextLine)]


def line_with(lines: list[LTTextLine], text: str) -> LTTextLine:
    found = [line for line in lines if text in flat(line.get_text())]
    assert found, f"no line with {text!r} in {[flat(line.get_text()) for line in lines]}"
    return found[0]


# ---------------------------------------------------------------- the header's rules


def test_executive_body_and_place() -> None:
    superior = "Đảng bộ tỉnh Sóc Trăng"
    assert (
        executive_body("Đảng bộ Các cơ quan và Doanh nghiệp tỉnh Sóc Trăng", superior)
        == "Đảng ủy Các cơ quan và Doanh nghiệp tỉnh"
    )
    assert executive_body("Đảng bộ Khối Các cơ quan tỉnh", superior) == "Đảng ủy Khối Các cơ quan tỉnh"
    # the place stays when the superior body does not name it
    assert executive_body("Đảng bộ Công ty Điện lực Sóc Trăng", superior) == "Đảng ủy Công ty Điện lực Sóc Trăng"
    assert executive_body("Chi bộ Báo Sóc Trăng", superior) == "Chi bộ Báo Sóc Trăng"
    assert place_in(superior) == "Sóc Trăng"
    assert place_in("Đảng bộ Khối Các cơ quan tỉnh") == ""


def test_date_line_pads_days_below_ten_and_the_first_two_months() -> None:
    assert date_line("Sóc Trăng", D(2020, 7, 30)) == "Sóc Trăng, ngày 30 tháng 7 năm 2020"
    assert date_line("Sóc Trăng", D(2019, 2, 5)) == "Sóc Trăng, ngày 05 tháng 02 năm 2019"
    assert date_line("Cần Thơ", D(2018, 4, 3)) == "Cần Thơ, ngày 03 tháng 4 năm 2018"


def test_letterhead(story: dict[str, Any], data: report.TermReport, settings: Any) -> None:
    head = exports.letterhead(data)
    assert head.superior == "ĐẢNG BỘ TỈNH SÓC TRĂNG"
    assert head.issuer == "ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    assert head.number == "Số …-BC/ĐU"
    assert head.date_line == "Sóc Trăng, ngày 30 tháng 7 năm 2020"
    assert head.signer_name == "Trần Văn Bình"
    assert head.on_behalf == "T/M BAN THƯỜNG VỤ"
    assert exports.letterhead(data, number="12-BC/ĐU").number == "Số 12-BC/ĐU"
    settings.DANGBO_REPORT_PLACE = "Thành phố Sóc Trăng"
    assert exports.letterhead(data).date_line.startswith("Thành phố Sóc Trăng, ngày 30")
    assert exports.letterhead(data, place="Cần Thơ").date_line.startswith("Cần Thơ, ngày 30")


def test_letterhead_names_as_of_the_report_date(story: dict[str, Any]) -> None:
    """The secretary who signs is the one in office on the report's date."""
    before = report.build(story["term"], D(2015, 7, 2))
    assert exports.letterhead(before).signer_name == ""


# ---------------------------------------------------------------- .pdf


def test_pdf_text_layout_and_fonts(story: dict[str, Any], data: report.TermReport) -> None:
    payload = exports.render(data, "pdf")
    assert payload.startswith(b"%PDF")
    text = flat("\n".join(box.get_text() for _n, box in pdf_boxes(payload)))
    for expected in (
        "ĐẢNG BỘ TỈNH SÓC TRĂNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Sóc Trăng, ngày 30 tháng 7 năm 2020",
        "Số …-BC/ĐU",
        "BÁO CÁO",
        data.summary_line,
        "T/M BAN THƯỜNG VỤ",
        "Trần Văn Bình",
        "Nơi nhận:",
    ):
        assert flat(expected) in text, expected
    # the issuing body wraps in its narrow column; its words come in order
    assert "ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text
    for row in data.rows:
        assert flat(row.statement) in text, row.statement
    yearly = data.results[2]
    for reading, status in zip(yearly.readings, yearly.statuses, strict=True):
        assert f"{reading.label}: {report.vn_number(reading.value)} – {Status(status).label}" in text

    lines = pdf_lines(payload)
    half = A4_WIDTH / 2
    issuer = line_with(lines, "ĐẢNG ỦY CÁC CƠ QUAN")
    party = line_with(lines, "ĐẢNG CỘNG SẢN VIỆT NAM")
    title = line_with(lines, "BÁO CÁO")
    date = line_with(lines, "ngày 30 tháng 7 năm 2020")
    assert issuer.x1 <= half, "the issuing body sits in the left half of page 1"
    assert party.x0 >= half, "ĐẢNG CỘNG SẢN VIỆT NAM sits in the right half of page 1"
    assert date.x0 >= half * 0.95 and date.y1 <= party.y0, "the date line is under the party's name, on the right"
    assert party.y0 > title.y1 and issuer.y0 > title.y1, "both above the title"

    reader = PdfReader(io.BytesIO(payload))
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font_dict: Any = font.get_object()
            owner = font_dict["/DescendantFonts"][0].get_object() if font_dict["/Subtype"] == "/Type0" else font_dict
            fonts[str(font_dict["/BaseFont"])] = set(owner["/FontDescriptor"].get_object().keys())
    assert fonts
    for name, keys in fonts.items():
        assert keys & {"/FontFile", "/FontFile2", "/FontFile3"}, f"{name} is not embedded"
    # Times New Roman, or Liberation Serif (the same metrics) where it is not installed; no fallback font
    assert all(any(f in name.replace("-", "") for f in ("LiberationSerif", "TimesNewRoman")) for name in fonts), fonts


def test_pdf_chart_draws_numeric_targets(data: report.TermReport) -> None:
    from apps.targets.exports.chart import chart
    from apps.targets.exports.pdf import render_html

    drawn = chart(data)
    assert drawn is not None
    numeric = [r for r in data.rows if r.kind != TargetKind.MILESTONE]
    assert [b.label for b in drawn.bars] == [f"Chỉ tiêu {r.number}" for r in numeric]
    not_met = next(b for b, r in zip(drawn.bars, numeric, strict=True) if r.status == Status.NOT_ACHIEVED)
    met = next(b for b, r in zip(drawn.bars, numeric, strict=True) if r.status == Status.EXCEEDED)
    assert not_met.colour != met.colour
    html = render_html(data, exports.letterhead(data))
    assert html.count("<svg") == 1 and "<script" not in html
    assert f'width="{drawn.bars[0].value_width}"' in html, "coordinates are written with a dot, whatever the locale"


# ---------------------------------------------------------------- .docx


def test_docx_header_table_and_layout(story: dict[str, Any], data: report.TermReport) -> None:
    document = Document(io.BytesIO(exports.render(data, "docx", number="12-BC/ĐU")))
    section = document.sections[0]
    mm = {
        k: round(getattr(section, k).mm)
        for k in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    }
    assert (mm["page_width"], mm["page_height"]) == (210, 297)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20

    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TỈNH SÓC TRĂNG",
        "ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "*",
        "Số 12-BC/ĐU",
    ]
    assert left.paragraphs[1].runs[0].bold
    party, date = right.paragraphs[0], right.paragraphs[1]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].bold and party.runs[0].underline
    assert date.text == "Sóc Trăng, ngày 30 tháng 7 năm 2020"
    assert all(run.italic for run in date.runs)
    borders = header._tbl.tblPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders")
    assert borders is not None and {
        b.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") for b in borders
    } == {"nil"}

    body = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in body and data.summary_line in body
    assert document.styles["Normal"].font.name == "Times New Roman" and document.styles["Normal"].font.size.pt == 14

    targets = document.tables[1]
    assert [c.text for c in targets.rows[0].cells] == ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá", "Nhiệm kỳ trước"]
    cells = {row.cells[0].text: row for row in targets.rows[1:]}
    assert cells["I"].cells[1].text == data.groups[0][0]
    for r in data.rows:
        row = cells[str(r.number)]
        assert row.cells[1].paragraphs[0].text == r.statement
        assert row.cells[2].text == r.goal
        assert row.cells[4].text == r.status_label
        assert row.cells[3].paragraphs[0].text == (r.result or "—")
    for r, result in zip(data.rows, data.results, strict=True):
        row = cells[str(r.number)]
        years = [
            f"{rd.label}: {report.vn_number(rd.value)} – {Status(s).label}"
            for rd, s in zip(result.readings, result.statuses, strict=True)
        ]
        assert [p.text for p in row.cells[3].paragraphs[1:]] == (years if r.years else [])
    organizations = cells[str(data.rows[0].number)]
    assert data.rows[0].previous and data.rows[0].previous in organizations.cells[5].text

    signature = document.tables[2]
    assert signature.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    signer = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert signer == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn Bình"]


# ---------------------------------------------------------------- .xlsx


def test_xlsx_cells(data: report.TermReport) -> None:
    book = load_workbook(io.BytesIO(exports.render(data, "xlsx")))
    assert book.sheetnames == ["Báo cáo", "Từng năm"]
    sheet = book["Báo cáo"]
    facts: dict[Any, Any] = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=3).value for r in range(1, 20)}
    assert facts["Cơ quan ban hành"] == "ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    assert facts["Tổng hợp"] == data.summary_line
    assert facts["Tính đến ngày"].date() == AS_OF
    top = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "STT")
    header = [c.value for c in sheet[top]]
    col = {name: header.index(name) + 1 for name in header}
    by_number = {sheet.cell(row=r, column=1).value: r for r in range(top + 1, top + 1 + len(data.rows))}
    for r, result in zip(data.rows, data.results, strict=True):
        row = by_number[r.number]
        assert sheet.cell(row=row, column=col["Chỉ tiêu"]).value == r.statement
        assert sheet.cell(row=row, column=col["Đánh giá"]).value == r.status_label
        value = sheet.cell(row=row, column=col["Giá trị kết quả"])
        if r.kind == TargetKind.MILESTONE:
            assert value.value is None
            continue
        assert isinstance(value.value, int | float) and Decimal(str(value.value)) == result.value
        assert "#,##0" in value.number_format and value.number_format.startswith("[$-42A]")
        goal = sheet.cell(row=row, column=col["Giá trị mục tiêu"]).value
        assert Decimal(str(goal)) == result.target.goal
    dues = by_number[data.rows[-1].number]
    assert sheet.cell(row=dues, column=col["Giá trị kết quả"]).number_format.endswith("0.0#"), (
        "a decimal value keeps its decimals"
    )

    years = book["Từng năm"]
    yearly = next(r for r in data.results if r.target.period == TargetPeriod.EACH_YEAR)
    rows = [[c.value for c in row] for row in years.iter_rows(min_row=2)]
    assert [(row[2], row[3]) for row in rows] == [
        (int(rd.label), int(rd.value)) for rd in yearly.readings if rd.value is not None
    ]
    assert [row[5] for row in rows] == [str(Status(s).label) for s in yearly.statuses]


# ---------------------------------------------------------------- downloads: scoped, audited, linked


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx"])
def test_download_is_audited(story: dict[str, Any], file_format: str) -> None:
    term = story["term"]
    url = reverse(f"targets:term_report_{file_format}", args=[term.pk]) + "?ngay=30-7-2020"
    response = login(story["clerk"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == exports.FORMATS[file_format].content_type
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-nhiem-ky-CCQDN-2015-2020-20200730.{file_format}"'
    event = AuditEvent.objects.get(event_type="term.report_exported")
    assert (event.actor, event.organization_id, event.target_id) == (story["clerk"], story["committee"].pk, str(term.pk))
    assert event.after == {"format": file_format, "as_of": "2020-07-30"}
    assert event.source == "web"


@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx"])
def test_download_is_scoped(story: dict[str, Any], file_format: str) -> None:
    url = reverse(f"targets:term_report_{file_format}", args=[story["term"].pk])
    assert login(story["other"]).get(url).status_code == 404
    assert login(make_user("khongvaitro")).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not AuditEvent.objects.filter(event_type="term.report_exported").exists()


def test_download_refuses_an_unreadable_date(story: dict[str, Any]) -> None:
    url = reverse("targets:term_report_pdf", args=[story["term"].pk]) + "?ngay=30-13-2020"
    response = login(story["clerk"]).get(url)
    assert response.status_code == 400 and "30-13-2020" in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="term.report_exported").exists()


def test_download_takes_the_number(story: dict[str, Any]) -> None:
    url = reverse("targets:term_report_docx", args=[story["term"].pk]) + "?ngay=30-7-2020&so=12-BC/ĐU"
    document = Document(io.BytesIO(login(story["clerk"]).get(url).content))
    assert document.tables[0].rows[0].cells[0].paragraphs[3].text == "Số 12-BC/ĐU"


def test_report_page_links_the_downloads(story: dict[str, Any]) -> None:
    term = story["term"]
    page = login(story["clerk"]).get(reverse("targets:term_report", args=[term.pk]) + "?ngay=30-7-2020").content.decode()
    for file_format in ("pdf", "docx", "xlsx"):
        assert reverse(f"targets:term_report_{file_format}", args=[term.pk]) + "?ngay=30-7-2020" in page
