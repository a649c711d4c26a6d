"""The term report as a Word document (.docx, python-docx), laid out as a Party document (Hướng dẫn 36-HD/VPTW):
A4, margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt (13 pt in the table), the
header in a two-column table without borders, page numbers at the top centre from page 2."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from apps.targets.exports.content import Content, content
from apps.targets.exports.letterhead import Letterhead
from apps.targets.report import TermReport

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
SMALL_PT = 12
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_WIDTHS_MM = (75, TEXT_WIDTH_MM - 75)
# STT, Chỉ tiêu, Mục tiêu, Kết quả, Đánh giá[, Nhiệm kỳ trước]
TABLE_WIDTHS_MM = {5: (14, 60, 28, 41, 22), 6: (14, 44, 24, 37, 22, 24)}


def _font(run_or_style: object, size: float | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container: Document | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float = BODY_PT,
    align: int | None = None,
    before: float = 0,
    after: float = 0,
    first: bool = False,
) -> Paragraph:
    """A paragraph with one run; in a table cell, ``first`` reuses the cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        _font(run, size)
    return paragraph


def _no_borders(table: Table) -> None:
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    props.append(borders)


def _widths(table: Table, widths_mm: tuple[int, ...]) -> None:
    """Column widths both where Word reads them (each cell) and where LibreOffice does (the table grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _keep_together(row: object) -> None:
    """A row does not break across pages."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _page_number_header(document: Document) -> None:
    """Page numbers at the top centre, from the second page on (the guideline leaves page 1 unnumbered)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = document.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    _page_number_header(document)


def _header(document: Document, head: Letterhead) -> Table:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, HEADER_WIDTHS_MM)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, head.superior, align=center, first=True)
    _para(left, head.issuer, bold=True, align=center)
    _para(left, "*", align=center)
    _para(left, head.number, align=center)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, align=center, first=True)
    _para(right, head.date_line, italic=True, align=center, before=6)
    return table


def _cell_text(cell: _Cell, lines: list[tuple[str, dict[str, Any]]], align: int | None = None) -> None:
    for i, (text, style) in enumerate(lines):
        size = float(style.get("size", TABLE_PT))
        _para(cell, text, size=size, align=align, first=i == 0, bold=bool(style.get("bold")), italic=bool(style.get("italic")))


def _table(document: Document, body: Content) -> Table:
    n = len(body.columns)
    table = document.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, label in zip(table.rows[0].cells, body.columns, strict=True):
        _para(cell, label, bold=True, size=TABLE_PT, align=center, first=True)
    _repeat_header(table.rows[0])
    for row in body.rows:
        added = table.add_row()
        _keep_together(added)
        cells = added.cells
        if row.kind == "group":
            merged = cells[1].merge(cells[n - 1])
            for paragraph in (
                _para(cells[0], row.number, bold=True, size=TABLE_PT, align=center, first=True),
                _para(merged, row.statement, bold=True, size=TABLE_PT, first=True),
            ):
                paragraph.paragraph_format.keep_with_next = True  # a group's heading stays with its first target
            continue
        _para(cells[0], row.number, size=TABLE_PT, align=center, first=True)
        _cell_text(cells[1], [(row.statement, {}), (row.evidence, {"italic": True, "size": SMALL_PT})])
        _cell_text(cells[2], [(row.goal, {})])
        _cell_text(cells[3], [(row.result, {}), *[(y, {"size": SMALL_PT}) for y in row.years]])
        _cell_text(cells[4], [(row.status_label, {"bold": True})], align=center)
        if body.with_previous:
            _cell_text(cells[5], [(row.previous, {})])
    _widths(table, TABLE_WIDTHS_MM[n])
    return table


def _signature(document: Document, head: Letterhead) -> Table:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, HEADER_WIDTHS_MM)
    left, right = table.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True, underline=True, size=BODY_PT, first=True)
    for line in head.recipients:
        _para(left, f"- {line}", size=SMALL_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(right, head.on_behalf, bold=True, align=center, first=True)
    _para(right, head.signer_title, bold=True, align=center)
    for _ in range(4):  # room for the signature and the seal
        _para(right)
    _para(right, head.signer_name, bold=True, align=center)
    return table


def render_docx(report: TermReport, head: Letterhead) -> bytes:
    document = docx.Document()
    _setup(document)
    body = content(report)
    _header(document, head)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, head.heading, bold=True, size=16, align=center, before=18)
    _para(document, head.subject, bold=True, align=center)
    _para(document, "-----", align=center, after=12)
    for line in body.intro:
        paragraph = _para(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
        paragraph.paragraph_format.first_line_indent = Mm(10)
    _para(document, body.summary_line, bold=True, after=4).paragraph_format.first_line_indent = Mm(10)
    if body.previous_line:
        _para(document, body.previous_line, italic=True, after=6).paragraph_format.first_line_indent = Mm(10)
    _table(document, body)
    _para(document, after=12)
    _signature(document, head)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
