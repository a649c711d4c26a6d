"""The demo's terms, congresses, resolutions and targets.

The merged committee's 8th Congress (opened 29-7-2020) reviewed the 2015-2020 resolution: 9 of its 10 targets met
or exceeded, the one on Party organizations in private enterprises not (2 set up against 3). Here the 2015-2020
term belongs to the merged committee and covers the two bloc committees it absorbed, so its figures count their
records before the merger; the figures of the targets that the records support are computed, never typed (the
study target from the attendance of resolution study sessions, apps/core/demo/story_study.py, the yearly rating
target from the organizations' reviews, story_ratings.py). The rest (regular meetings, business results, a planning
milestone) are entered by hand with their evidence,
until the modules that record them compute them. Goals, resolution numbers and congress dates other than the 8th
Congress's are illustrative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.core.demo.story_orgs import AGENCIES_BLOC, MERGED, PARTY_BODIES
from apps.organizations.models import Organization
from apps.targets import services as targets
from apps.targets.choices import Comparator as C
from apps.targets.choices import TargetGroup as G
from apps.targets.choices import TargetKind as K
from apps.targets.choices import TargetPeriod as P
from apps.targets.models import Target, Term

D = dt.date

PB, PT = G.PARTY_BUILDING, G.POLITICAL_TASKS
PRIVATE = {"sector": "private_enterprise", "kind": "all"}

# (statement, group, kind, unit, comparator, goal, period, indicator, params, baseline)
T2015: list[tuple[Any, ...]] = [
    (
        "Kết nạp từ 120 đảng viên mới trở lên trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        120,
        P.WHOLE_TERM,
        "members.admitted",
        {},
        None,
    ),
    (
        "Thành lập mới tổ chức đảng trong ít nhất 3 doanh nghiệp ngoài khu vực nhà nước.",
        PB,
        K.COUNT,
        "tổ chức",
        C.AT_LEAST,
        3,
        P.WHOLE_TERM,
        "organizations.founded",
        PRIVATE,
        None,
    ),
    (
        "Trên 99% đảng viên được học tập, quán triệt các nghị quyết, chỉ thị của Đảng.",
        PB,
        K.RATE,
        "",
        C.AT_LEAST,
        99,
        P.WHOLE_TERM,
        "study.participation",
        {},
        None,
    ),
    (
        "Đến cuối nhiệm kỳ, toàn Đảng bộ có từ 1.750 đảng viên trở lên.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        1750,
        P.WHOLE_TERM,
        "members.count",
        {},
        1791,
    ),
    (
        "Không có đảng viên bị khai trừ khỏi Đảng.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_MOST,
        0,
        P.WHOLE_TERM,
        "members.lost",
        {"reason": "expelled"},
        None,
    ),
    (
        "Hằng năm có từ 80% tổ chức cơ sở đảng trở lên được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        PB,
        K.RATE,
        "",
        C.AT_LEAST,
        80,
        P.EACH_YEAR,
        "ratings.organization_share",
        {"level": "good_or_above"},
        None,
    ),
    (
        "Số đảng viên bị xóa tên không quá 5 trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_MOST,
        5,
        P.WHOLE_TERM,
        "members.lost",
        {"reason": "struck_off"},
        None,
    ),
    (
        "100% chi bộ duy trì sinh hoạt định kỳ hằng tháng theo Hướng dẫn 08-HD/BTCTU.",
        PB,
        K.RATE,
        "",
        C.AT_LEAST,
        100,
        P.WHOLE_TERM,
        "",
        {},
        None,
    ),
    (
        "Hoàn thành rà soát, bổ sung quy hoạch cấp ủy nhiệm kỳ 2020-2025 trước ngày 31-12-2017.",
        PB,
        K.MILESTONE,
        "",
        C.BY_DATE,
        None,
        P.WHOLE_TERM,
        "",
        {},
        None,
    ),
    (
        "Từ 90% doanh nghiệp có tổ chức đảng hoàn thành kế hoạch sản xuất, kinh doanh và nộp ngân sách.",
        PT,
        K.RATE,
        "",
        C.AT_LEAST,
        90,
        P.WHOLE_TERM,
        "",
        {},
        None,
    ),
]

T2020: list[tuple[Any, ...]] = [
    (
        "Kết nạp từ 120 đảng viên mới trở lên trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        120,
        P.CUMULATIVE,
        "members.admitted",
        {},
        None,
    ),
    (
        "Thành lập mới tổ chức đảng trong ít nhất 2 doanh nghiệp ngoài khu vực nhà nước.",
        PB,
        K.COUNT,
        "tổ chức",
        C.AT_LEAST,
        2,
        P.CUMULATIVE,
        "organizations.founded",
        PRIVATE,
        None,
    ),
    (
        "Hằng năm trên 99% đảng viên được học tập, quán triệt nghị quyết.",
        PB,
        K.RATE,
        "",
        C.AT_LEAST,
        99,
        P.EACH_YEAR,
        "study.participation",
        {},
        None,
    ),
    (
        "Giữ vững số đảng viên từ 1.780 trở lên.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        1780,
        P.WHOLE_TERM,
        "members.count",
        {},
        1811,
    ),
    (
        "Số đảng viên bị xóa tên không quá 3 trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_MOST,
        3,
        P.CUMULATIVE,
        "members.lost",
        {"reason": "struck_off"},
        None,
    ),
    (
        "Không có đảng viên bị khai trừ khỏi Đảng.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_MOST,
        0,
        P.CUMULATIVE,
        "members.lost",
        {"reason": "expelled"},
        None,
    ),
]

T2025: list[tuple[Any, ...]] = [
    (
        "Kết nạp từ 60 đảng viên mới trở lên trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        60,
        P.CUMULATIVE,
        "members.admitted",
        {},
        None,
    ),
    (
        "Đến cuối nhiệm kỳ có từ 340 đảng viên trở lên.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_LEAST,
        340,
        P.WHOLE_TERM,
        "members.count",
        {},
        330,
    ),
    (
        "Hằng năm trên 99% đảng viên được học tập, quán triệt nghị quyết.",
        PB,
        K.RATE,
        "",
        C.AT_LEAST,
        99,
        P.EACH_YEAR,
        "",
        {},
        None,
    ),
    (
        "Số đảng viên bị xóa tên không quá 2 trong nhiệm kỳ.",
        PB,
        K.COUNT,
        "đảng viên",
        C.AT_MOST,
        2,
        P.CUMULATIVE,
        "members.lost",
        {"reason": "struck_off"},
        None,
    ),
    (
        "Hoàn thành số hóa hồ sơ đảng viên của Đảng bộ trước ngày 31-12-2026.",
        PB,
        K.MILESTONE,
        "",
        C.BY_DATE,
        None,
        P.WHOLE_TERM,
        "",
        {},
        None,
    ),
]


def _targets(resolution: Any, rows: list[tuple[Any, ...]], goal_dates: dict[int, dt.date] | None = None) -> list[Target]:
    out = []
    for number, (statement, group, kind, unit, comparator, goal, period, indicator, params, baseline) in enumerate(rows, 1):
        out.append(
            targets.target_create(
                actor=None,
                resolution=resolution,
                number=number,
                statement=statement,
                group=group,
                kind=kind,
                unit=unit,
                comparator=comparator,
                goal=None if goal is None else Decimal(goal),
                goal_date=(goal_dates or {}).get(number),
                period=period,
                indicator=indicator,
                indicator_params=params,
                baseline=None if baseline is None else Decimal(baseline),
            )
        )
    return out


def _measure(target: Target, on_date: dt.date, evidence: str, symbol: str, **kw: Any) -> None:
    targets.measurement_enter(actor=None, target=target, on_date=on_date, evidence=evidence, evidence_symbol=symbol, **kw)


def _open_term(
    org: Organization,
    label: str,
    start: dt.date,
    end: dt.date,
    *,
    congress: dict[str, Any],
    resolution: dict[str, Any],
    note: str = "",
) -> Any:
    """A term with its congress and its resolution (the congress's ``held_by`` defaults to the organization)."""
    term = targets.term_create(actor=None, organization=org, label=label, start_date=start, end_date=end, note=note)
    targets.congress_record(actor=None, term=term, **congress)
    return targets.resolution_record(actor=None, term=term, symbol="01-NQ/ĐH", **resolution)


def build_terms(orgs: dict[str, Organization]) -> int:
    """The terms of the demo; answers the number of targets."""
    merged, agencies = orgs[MERGED], orgs[AGENCIES_BLOC]
    n = 0

    # 2015-2020: opened by the Agencies bloc committee's 7th Congress, carried on by the merged committee.
    resolution = _open_term(
        merged,
        "2015-2020",
        D(2015, 6, 12),
        D(2020, 7, 29),
        note="Nghị quyết Đại hội nhiệm kỳ 2015-2020 được Đảng bộ Các cơ quan và Doanh nghiệp tỉnh kế thừa từ khi hợp nhất (27-6-2019).",
        congress={
            "held_by": agencies,
            "ordinal": 7,
            "opened_on": D(2015, 6, 10),
            "closed_on": D(2015, 6, 12),
            "place": "Hội trường Tỉnh ủy Sóc Trăng",
            "delegates_summoned": 200,
            "delegates_present": 196,
        },
        resolution={
            "issued_on": D(2015, 6, 12),
            "issuer": "Đại hội đại biểu Đảng bộ Khối Các cơ quan tỉnh lần thứ VII",
            "title": "Nghị quyết Đại hội đại biểu Đảng bộ lần thứ VII, nhiệm kỳ 2015-2020",
        },
    )
    made = _targets(resolution, T2015, {9: D(2017, 12, 31)})
    n += len(made)
    by = {t.number: t for t in made}
    _measure(by[8], D(2020, 6, 30), "Báo cáo tổng kết công tác xây dựng Đảng nhiệm kỳ 2015-2020", "245-BC/ĐU", value=Decimal(100))
    _measure(
        by[9], D(2017, 11, 20), "Quyết định phê duyệt quy hoạch cấp ủy nhiệm kỳ 2020-2025", "86-QĐ/ĐU", done_on=D(2017, 11, 20)
    )
    _measure(by[10], D(2020, 6, 30), "Báo cáo của các đảng bộ, chi bộ doanh nghiệp năm 2019", "240-BC/ĐU", value=Decimal("92.5"))

    # 2020-2025: the 8th Congress; the committee ended in the 2025 reorganization, which closed its term.
    resolution = _open_term(
        merged,
        "2020-2025",
        D(2020, 7, 29),
        D(2025, 2, 1),
        note="Nhiệm kỳ khép lại khi Đảng bộ kết thúc hoạt động theo sắp xếp tổ chức ngày 1-2-2025.",
        congress={
            "ordinal": 8,
            "opened_on": D(2020, 7, 29),
            "closed_on": D(2020, 7, 31),
            "place": "Hội trường Tỉnh ủy Sóc Trăng",
            "delegates_summoned": 199,
            "delegates_present": 197,
        },
        resolution={
            "issued_on": D(2020, 7, 31),
            "issuer": "Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII",
            "title": "Nghị quyết Đại hội đại biểu Đảng bộ lần thứ VIII, nhiệm kỳ 2020-2025",
        },
    )
    made = _targets(resolution, T2020)
    n += len(made)

    # 2025-2030: the Party bodies' committee, in progress today.
    resolution = _open_term(
        orgs[PARTY_BODIES],
        "2025-2030",
        D(2025, 9, 16),
        D(2030, 9, 30),
        congress={
            "ordinal": 1,
            "opened_on": D(2025, 9, 15),
            "closed_on": D(2025, 9, 16),
            "place": "Hội trường Thành ủy Cần Thơ",
            "delegates_summoned": 120,
            "delegates_present": 118,
        },
        resolution={
            "issued_on": D(2025, 9, 16),
            "issuer": "Đại hội đại biểu Đảng bộ các cơ quan Đảng lần thứ I",
            "title": "Nghị quyết Đại hội đại biểu Đảng bộ lần thứ I, nhiệm kỳ 2025-2030",
        },
    )
    made = _targets(resolution, T2025, {5: D(2026, 12, 31)})
    n += len(made)
    _measure(
        made[2],
        D(2025, 12, 20),
        "Báo cáo kết quả học tập, quán triệt nghị quyết năm 2025",
        "15-BC/BTG",
        value=Decimal("99.4"),
        year=2025,
    )
    _measure(made[4], D(2026, 9, 30), "Báo cáo tiến độ số hóa hồ sơ đảng viên quý III/2026", "48-BC/ĐU", value=None)
    return n


def terms_exist() -> bool:
    return Term.objects.exists()
