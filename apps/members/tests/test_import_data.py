"""Synthetic member spreadsheets for the import tests and ``bench/bench_import.py`` (deterministic per seed).

Names mix Kinh, Khmer and Hoa families of Sóc Trăng; every row is valid (facts, citizen IDs consistent
with gender and birth year, unique IDs, card numbers and name + birth date) unless a test breaks it.
"""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

from apps.core.dates import add_months
from apps.core.text import fold
from apps.members.columns import COLUMNS

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Thạch", "Sơn", "Kim", "Danh", "Lâm", "Triệu", "Quách", "Trương", "Đoàn", "Lưu", "Tăng",
]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thị Mỹ", "Hoàng", "Xuân", "Thị Bích", "Công", ""]
GIVEN = [
    "An", "Bình", "Cang", "Dũng", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phương", "Quang", "Sơn", "Tâm",
    "Thảo", "Trường", "Tuấn", "Vy", "Yến", "Ánh", "Ấn", "Ước", "Sô Phia", "Sa Rết", "Đạt", "Khương", "Nguyệt",
    "Thắng", "Hiếu", "Ngọc Trâm", "Ẩn", "Ổn", "Ửng", "Quyên", "Khuê", "Huỳnh", "Giang", "Thuận", "Lộc", "Phúc",
]  # fmt: skip
ETHNICITY = ["Kinh"] * 6 + ["Khmer", "Khmer", "Hoa"]
RELIGION = ["Không"] * 5 + ["Phật giáo", "Công giáo", "Cao Đài"]
HOMETOWN = [
    "Phường 3, thành phố Sóc Trăng", "xã Đại Tâm, huyện Mỹ Xuyên", "thị trấn Long Phú, huyện Long Phú",
    "xã An Ninh, huyện Châu Thành", "phường Khánh Hòa, thị xã Vĩnh Châu", "xã Thạnh Trị, huyện Thạnh Trị",
]  # fmt: skip
EDUCATION = ["Đại học"] * 4 + ["Thạc sĩ", "Cao đẳng", "Trung cấp", "Trung học phổ thông", ""]
THEORY = ["Trung cấp", "Sơ cấp", "Cao cấp", "Cử nhân", "", ""]
HEADERS = [c.header for c in COLUMNS]
LAST_ADMISSION = dt.date(2024, 6, 30)


def member_rows(n: int, org_codes: Sequence[str], *, seed: int = 2020, first_card: int = 10_000_000) -> Iterator[list[Any]]:
    """``n`` valid rows in the template's column order, dates as real dates."""
    rng = random.Random(seed)
    used: set[tuple[str, dt.date]] = set()
    for i in range(n):
        while True:
            family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 53 * 365))
            key = (fold(" ".join(p for p in (family, middle, given) if p)), birth)
            if key not in used and add_months(birth, 18 * 12) < LAST_ADMISSION:
                used.add(key)
                break
        female = middle.startswith("Thị") or rng.random() < 0.3
        earliest = add_months(birth, 18 * 12) + dt.timedelta(days=1)
        latest = min(LAST_ADMISSION, add_months(birth, 60 * 12) - dt.timedelta(days=1))
        admission = earliest + dt.timedelta(days=rng.randrange(0, max((latest - earliest).days, 1)))
        full = None
        if rng.random() < 0.9 and admission < LAST_ADMISSION - dt.timedelta(days=400):
            full = admission + dt.timedelta(days=366 + rng.randrange(0, 30))
        citizen = citizen_id(birth, female, i % 1_000_000) if rng.random() < 0.95 else ""
        yield [
            family,
            middle,
            given,
            birth,
            "Nữ" if female else "Nam",
            rng.choice(ETHNICITY),
            rng.choice(RELIGION),
            rng.choice(HOMETOWN),
            citizen,
            f"09{rng.randrange(10**8):08d}" if rng.random() < 0.8 else "",
            f"dv{i}@example.vn" if rng.random() < 0.3 else "",
            rng.choice(EDUCATION),
            rng.choice(THEORY),
            admission,
            full,
            str(first_card + i),
            org_codes[i % len(org_codes)],
            None,
            f"{rng.randrange(1, 999)}-QĐ/ĐU",
            "",
        ]


TEXT_COLUMNS = [i for i, c in enumerate(COLUMNS) if c.kind in ("text", "choice") and c.field != "organization_code"]


def person_row(
    code: str = "CB1",
    name: tuple[str, str, str] = ("Nguyễn", "Văn", "An"),
    birth: dt.date = dt.date(1980, 5, 17),
    gender: str = "Nam",
    admission: dt.date = dt.date(2012, 3, 1),
    full: dt.date | None = dt.date(2013, 3, 5),
    citizen: str = "",
    card: str = "",
    start: dt.date | None = None,
) -> list[Any]:
    """One valid row, every value given (the tests that break a rule change one cell of it)."""
    return [
        *name, birth, gender, "Kinh", "Không", "Phường 3, thành phố Sóc Trăng", citizen, "0912345678", "", "Đại học",
        "Trung cấp", admission, full, card, code, start, "12-QĐ/ĐU", "",
    ]  # fmt: skip


def citizen_id(birth: dt.date, female: bool, serial: int) -> str:
    """A citizen ID that agrees with the birth year and gender (province 094, Sóc Trăng)."""
    return f"094{((birth.year // 100) - 19) * 2 + int(female)}{birth.year % 100:02d}{serial:06d}"


def write_xlsx(
    path: Path,
    rows: Iterator[list[Any]] | Sequence[list[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    encode: Callable[[str], str] | None = None,
    title: str | None = None,
    engine: str = "fast",
) -> Path:
    """A spreadsheet as an office would send it: optional title row, text optionally in a legacy encoding.

    The "fast" engine writes the OOXML parts directly (dates as date-formatted serials, text inline), which
    is what lets the tests and the benchmark make 10,000 or 100,000 rows in seconds; "openpyxl" writes the
    same with openpyxl.
    """

    def lines() -> Iterator[list[Any]]:
        if title:
            yield [encode(title) if encode else title]
        yield [encode(h) if encode else h for h in headers]
        for row in rows:
            if encode:
                row = [encode(v) if i in TEXT_COLUMNS and isinstance(v, str) else v for i, v in enumerate(row)]
            yield row

    if engine == "openpyxl":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Danh sách")
        for line in lines():
            ws.append(line)
        wb.save(path)
        return path
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, content in _PARTS.items():
            zf.writestr(name, content)
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + _NS + b'"><sheetData>')
            for r, line in enumerate(lines(), start=1):
                cells = "".join(_cell(f"{_LETTERS[c]}{r}", v) for c, v in enumerate(line) if v is not None and v != "")
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_LETTERS = [chr(65 + i) for i in range(26)] + [f"A{chr(65 + i)}" for i in range(26)]
_EPOCH = dt.date(1899, 12, 30)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_NS.decode()}" xmlns:r="{_REL}">'
        '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS.decode()}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="d/m/yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
}


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def test_rows_are_deterministic_and_unique() -> None:
    a = list(member_rows(300, ["A", "B"], seed=7))
    b = list(member_rows(300, ["A", "B"], seed=7))
    assert a == b
    assert len({(fold(" ".join(r[:3])), r[3]) for r in a}) == 300
    ids = [r[8] for r in a if r[8]]
    assert len(set(ids)) == len(ids)
    assert all(r[13] > r[3] for r in a)
