"""The parts of a Party document around the term report's content, laid out per Hướng dẫn 36-HD/VPTW (3-4-2018).

Every official export (.docx, .pdf, .xlsx) takes its header and signature facts from :func:`letterhead`, so
they say the same thing. The rules, kept simple on purpose (the clerk can still edit the .docx):

* **Superior body** (top left, upper case): the name, on the report's date, of the organization the committee
  lay under then; a committee without a parent names itself there.
* **Issuing body** (under it, bold upper case): the committee's executive body: a name beginning "Đảng bộ" is
  written "Đảng ủy" (Đảng bộ Các cơ quan … → Đảng ủy Các cơ quan …); a cell issues as itself. When the name ends
  with the province or city the superior body already names (… tỉnh Sóc Trăng under Đảng bộ tỉnh Sóc Trăng),
  that place is dropped, as documents write it (ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH).
* **Number and symbol**: ``Số <number>``; by default ``…-BC/ĐU`` (``…-BC/CB`` for a cell), left for the clerk.
* **Place**: the argument, else the setting ``DANGBO_REPORT_PLACE``, else the province (or city) named last in
  the committee's name or its superior's ("… tỉnh Sóc Trăng" → Sóc Trăng).
* **Date line** (italic): ``Sóc Trăng, ngày 30 tháng 7 năm 2020``, the report's date; days below 10 and the
  months 1 and 2 take a leading zero, as the guideline's own example writes them (ngày 03 tháng 4 năm 2018).
* **Signature**: ``T/M BAN THƯỜNG VỤ`` for a committee (``T/M ĐẢNG ỦY`` for a sub-committee, ``T/M CHI BỘ`` for a
  cell), ``BÍ THƯ``, and the name of whoever held the post of Secretary of the organization on the report's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from apps.members.choices import PostKind
from apps.members.models import PostHolding
from apps.organizations.choices import CELL_KINDS, OrganizationKind
from apps.organizations.models import Organization
from apps.organizations.selectors import names_on, parent_on
from apps.targets.report import TermReport

DEFAULT_NUMBER_COMMITTEE = "…-BC/ĐU"
DEFAULT_NUMBER_CELL = "…-BC/CB"
DEFAULT_RECIPIENTS = (
    "Cấp ủy cấp trên (để báo cáo),",
    "Các đồng chí cấp ủy viên,",
    "Lưu Văn phòng cấp ủy.",
)

_PLACE = re.compile(r"(?:^|\s)(tỉnh|thành phố)\s+(\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Letterhead:
    superior: str  # ĐẢNG BỘ TỈNH SÓC TRĂNG
    issuer: str  # ĐẢNG ỦY CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH
    number: str  # Số …-BC/ĐU
    place: str  # Sóc Trăng
    date: dt.date
    date_line: str  # Sóc Trăng, ngày 30 tháng 7 năm 2020
    heading: str  # BÁO CÁO
    subject: str  # kết quả thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ 2015-2020
    on_behalf: str  # T/M BAN THƯỜNG VỤ
    signer_title: str  # BÍ THƯ
    signer_name: str  # the Secretary on the report's date, "" when none is recorded
    recipients: tuple[str, ...] = field(default=DEFAULT_RECIPIENTS)


def upper(text: str) -> str:
    """Upper case for a heading (Python's str.upper handles every Vietnamese letter: đ → Đ, ủ → Ủ)."""
    return text.upper()


def place_in(name: str) -> str:
    """The province or city a name ends with: "Đảng bộ tỉnh Sóc Trăng" → "Sóc Trăng"; "" when none."""
    m = _PLACE.search(name.strip())
    return m.group(2).strip() if m else ""


def executive_body(name: str, superior: str = "") -> str:
    """The body that issues the organization's documents (see the module's rules)."""
    name = name.strip()
    if name.lower().startswith("đảng bộ "):
        name = "Đảng ủy " + name[len("đảng bộ ") :]
    place = place_in(superior)
    if place and name.endswith(" " + place):
        head = name[: -len(place) - 1]
        if re.search(r"(?:^|\s)(tỉnh|thành phố)$", head, re.IGNORECASE):
            name = head
    return name


def date_line(place: str, on: dt.date) -> str:
    day = f"{on.day:02d}" if on.day < 10 else str(on.day)
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    text = f"ngày {day} tháng {month} năm {on.year}"
    return f"{place}, {text}" if place else text.capitalize()


def subject_of(title: str) -> str:
    """The title after the document type: "Báo cáo kết quả …" → "kết quả …" (the type stands above it)."""
    prefix = "báo cáo "
    return title[len(prefix) :] if title.lower().startswith(prefix) else title


def names_date(org: Organization, on: dt.date) -> dt.date:
    """The day whose names the header shows: the report's, or the organization's last day if it ended before."""
    if org.ended_on is not None and on >= org.ended_on:
        return org.ended_on - dt.timedelta(days=1)
    return on


def secretary_on(org: Organization, on: dt.date) -> str:
    holding = (
        PostHolding.objects.filter(organization=org, post=PostKind.SECRETARY, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("person")
        .order_by("-valid_from")
        .first()
    )
    return holding.person.full_name if holding is not None else ""


def letterhead(
    report: TermReport,
    *,
    number: str | None = None,
    place: str | None = None,
    recipients: tuple[str, ...] | None = None,
) -> Letterhead:
    org = report.term.organization
    day = names_date(org, report.as_of)
    parent = parent_on(org, day)
    own_name = report.organization_name
    superior_name = (names_on([parent.pk], day).get(parent.pk) or parent.name) if parent is not None else own_name
    is_cell = org.kind in CELL_KINDS
    if not place:
        place = getattr(settings, "DANGBO_REPORT_PLACE", "") or place_in(own_name) or place_in(superior_name)
    if is_cell:
        on_behalf = "T/M CHI BỘ"
    elif org.kind == OrganizationKind.SUB_COMMITTEE:
        on_behalf = "T/M ĐẢNG ỦY"
    else:
        on_behalf = "T/M BAN THƯỜNG VỤ"
    default_number = DEFAULT_NUMBER_CELL if is_cell else DEFAULT_NUMBER_COMMITTEE
    return Letterhead(
        superior=upper(superior_name),
        issuer=upper(executive_body(own_name, superior_name if parent is not None else "")),
        number=f"Số {number or default_number}",
        place=place,
        date=report.as_of,
        date_line=date_line(place, report.as_of),
        heading="BÁO CÁO",
        subject=subject_of(report.title),
        on_behalf=on_behalf,
        signer_title="BÍ THƯ",
        signer_name=secretary_on(org, day),
        recipients=recipients if recipients is not None else DEFAULT_RECIPIENTS,
    )
