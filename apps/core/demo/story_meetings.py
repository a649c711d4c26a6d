"""The demo's cell meetings: the twelve months before today for the current cells of one grassroots committee
of the People's Committee's Party committee, and for the demo cell CB-STP (the ``bithu`` and ``dangvien``
logins): a regular meeting each month and a thematic one each quarter, closed with their minutes, attendance
mostly present with a few excused absences; and, for CB-STP, the next regular meeting two days ahead with its
documents sent, so the member's pages have something to show. Past meetings go through the bulk service (one
audit row per organization); the upcoming one through ``meeting_plan`` and ``documents_send`` like a real one.
Topics, places and the times are illustrative.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from apps.core.demo.story_orgs import PEOPLES_COMMITTEE
from apps.meetings import services as meetings
from apps.meetings.choices import AttendanceStatus, MeetingKind
from apps.meetings.models import Guideline
from apps.members.choices import PostKind
from apps.members.models import Membership, PostHolding
from apps.organizations.choices import CELL_KINDS, OrganizationKind
from apps.organizations.models import Organization, ParentLink, TreePath

DEMO_CELL = "CB-STP"
MAX_CELLS = 8
EXCUSED_SHARE = 0.05
UNEXCUSED_SHARE = 0.005
REASONS = ("Đi công tác", "Ốm, điều trị tại bệnh viện", "Nghỉ phép", "Việc gia đình", "Đi học tập trung")
THEMES = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phong cách làm việc khoa học",
    "Nâng cao vai trò tiền phong, gương mẫu của đảng viên trong chuyển đổi số",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực trong cơ quan",
    "Thực hành tiết kiệm, chống lãng phí",
)
DECISIONS = ("Thông qua nghị quyết chi bộ tháng {m}", "Thông qua phương hướng, nhiệm vụ tháng {n}")


def _committee_cells(orgs: dict[str, Organization], today: dt.date) -> list[Organization]:
    """The current cells directly under the grassroots committee (below the People's Committee's Party
    committee) with the most of them."""
    root = orgs.get(PEOPLES_COMMITTEE) or Organization.objects.get(code=PEOPLES_COMMITTEE)
    below = TreePath.objects.filter(ancestor=root, valid_from__lte=today).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
    committees = Organization.objects.filter(
        pk__in=below.values("descendant"), kind=OrganizationKind.GRASSROOTS_COMMITTEE, ended_on__isnull=True
    )
    best: list[Organization] = []
    for committee in committees.order_by("code"):
        links = ParentLink.objects.filter(parent=committee, valid_to__isnull=True, child__ended_on__isnull=True)
        cells = list(Organization.objects.filter(pk__in=links.values("child"), kind__in=CELL_KINDS).order_by("code"))
        if len(cells) > len(best):
            best = cells
    return best[:MAX_CELLS]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def build_meetings(orgs: dict[str, Organization], seed: int = 20261130) -> int:
    """Answers the number of meetings recorded."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    guideline = Guideline.objects.filter(symbol="08-HD/BTCTU").first()
    demo = orgs.get(DEMO_CELL) or Organization.objects.get(code=DEMO_CELL)
    cells = [c for c in _committee_cells(orgs, today) if c.pk != demo.pk] + [demo]
    spans: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for row in Membership.objects.filter(organization__in=cells).values_list(
        "organization_id", "person_id", "valid_from", "valid_to"
    ):
        spans.setdefault(row[0], []).append(row[1:])
    chairs = dict(
        PostHolding.objects.filter(organization__in=cells, post=PostKind.SECRETARY, valid_to__isnull=True).values_list(
            "organization_id", "person_id"
        )
    )
    past: list[meetings.PastMeeting] = []
    first_month = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    for cell in cells:
        month = first_month
        while month < today.replace(day=1) or (month == today.replace(day=1) and today.day > 10):
            kinds = [MeetingKind.REGULAR] + ([MeetingKind.THEMATIC] if month.month % 3 == 0 else [])
            for kind in kinds:
                day = month + dt.timedelta(days=(4 if kind == MeetingKind.REGULAR else 19) + rng.randint(0, 4))
                if day >= today or not cell.alive_on(day):
                    continue
                members = [p for p, start, end in spans.get(cell.pk, []) if start <= day and (end is None or end > day)]
                if not members:
                    continue
                attendance: dict[int, tuple[str, str]] = {}
                for pid in members:
                    draw = rng.random()
                    if draw < UNEXCUSED_SHARE:
                        attendance[pid] = (AttendanceStatus.UNEXCUSED, "")
                    elif draw < UNEXCUSED_SHARE + EXCUSED_SHARE:
                        attendance[pid] = (AttendanceStatus.EXCUSED, rng.choice(REASONS))
                    else:
                        attendance[pid] = (AttendanceStatus.PRESENT, "")
                present = sum(1 for s, _r in attendance.values() if s == AttendanceStatus.PRESENT)
                start = _at(day, 14 if kind == MeetingKind.REGULAR else 8, 0)
                topic = THEMES[(month.month // 3) % len(THEMES)] if kind == MeetingKind.THEMATIC else ""
                chair = chairs.get(cell.pk) if chairs.get(cell.pk) in attendance else None
                past.append(
                    meetings.PastMeeting(
                        organization=cell,
                        kind=kind,
                        topic=topic,
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=2, minutes=30),
                        place="Phòng họp chi bộ",
                        agenda="",
                        minutes=(
                            f"Chi bộ {cell.name.removeprefix('Chi bộ ')} họp {'chuyên đề' if topic else 'thường kỳ'} tháng "
                            f"{month.month}/{month.year}: {present}/{len(members)} đảng viên có mặt. "
                            + (f"Chuyên đề: {topic}." if topic else "Đánh giá nhiệm vụ tháng, đề ra phương hướng tháng tới.")
                        ),
                        chair_id=chair,
                        attendance=attendance,
                        decisions=[]
                        if topic
                        else [
                            (
                                DECISIONS[0].format(m=f"{month.month}/{month.year}"),
                                present - (1 if present > 5 else 0),
                                0,
                                1 if present > 5 else 0,
                            )
                        ],
                    )
                )
            month = (month + dt.timedelta(days=32)).replace(day=1)
    n = meetings.meetings_record_past(actor=None, meetings=past, guideline=guideline)
    # the next meeting of the demo cell, with its documents
    day = today + dt.timedelta(days=2)
    start = _at(day, 14)
    chair = chairs.get(demo.pk)
    upcoming = meetings.meeting_plan(
        actor=None,
        organization=demo,
        kind=MeetingKind.REGULAR,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2, minutes=30),
        place="Phòng họp tầng 3, Sở Tư pháp",
        agenda=(
            "1. Kiểm tra số lượng đảng viên dự họp\n2. Thông báo thời sự, văn bản mới của cấp trên\n"
            f"3. Đánh giá việc thực hiện nhiệm vụ tháng {today.month}/{today.year}\n"
            "4. Phương hướng, nhiệm vụ tháng tới\n5. Biểu quyết, thông qua biên bản"
        ),
        chair=PostHolding.objects.get(organization=demo, post=PostKind.SECRETARY, valid_to__isnull=True).person
        if chair
        else None,
        guideline=guideline,
    )
    meetings.documents_send(
        actor=None,
        meeting=upcoming,
        documents=[
            meetings.DocumentIn(
                title=f"Dự thảo nghị quyết chi bộ tháng {day.month}/{day.year}",
                url="https://tulieuvankien.dangcongsan.vn/",
            ),
            meetings.DocumentIn(title="Thông báo thời sự tháng (Ban Tuyên giáo)", url="https://dangcongsan.vn/thoi-su"),
        ],
        sent_on=today,
    )
    return n + 1
