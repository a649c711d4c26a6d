"""The handbook's world: the meetings world (``apps.meetings.tests.world``) with a member's whole year, built
through the services.

    R ── A ── A1 (cell: pa = ``dangvien_a1``, pa2 Secretary, pa3 deputy) ; B ── B1 (cell: pb = ``dangvien_b1``)

* A1's next meeting in two days with three documents (a text file, a PDF, a link); B1's next meeting with its
  own document (another member's);
* three meetings of A1 held this year (pa present at two, excused at one) and one last year;
* two open study campaigns: one of A where pa missed A1's session and a make-up is planned, one of R that pa
  studied; and one that ended last year;
* pa's ratings: last year decided (good), this year self-assessed only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.meetings import services as meetings
from apps.meetings.choices import AttendanceStatus
from apps.meetings.models import Meeting
from apps.meetings.tests.world import World as MeetingsWorld
from apps.meetings.tests.world import build as build_meetings
from apps.meetings.tests.world import plan
from apps.members import services as members
from apps.members.choices import PostKind
from apps.ratings import services as ratings
from apps.ratings.choices import Level
from apps.study import services as study
from apps.study.models import Campaign, Session

D = dt.date
TEXT = "Dự thảo nghị quyết chi bộ\n\nMột là, tiếp tục thực hiện tốt nhiệm vụ chuyên môn.\nHai là, đẩy mạnh chuyển đổi số.\n"


@dataclass
class World:
    base: MeetingsWorld
    next_meeting: Meeting
    other_meeting: Meeting
    past: list[Meeting]  # this year's, in order
    campaigns: dict[str, Campaign]
    makeup: Session
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def users(self) -> dict[str, Any]:
        return self.base.users

    @property
    def people(self) -> dict[str, Any]:
        return self.base.people


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _past_times(now: dt.datetime) -> list[dt.datetime]:
    """Three starts earlier this year (on the first days of the year; or earlier today in its first days)."""
    year_start = D(now.year, 1, 1)
    starts = [_at(year_start + dt.timedelta(days=i), 8) for i in (1, 2, 3)]
    if starts[-1] + dt.timedelta(hours=2) < now:
        return starts
    local = timezone.localtime(now)
    return [local - dt.timedelta(minutes=m) for m in (40, 30, 20)]


def build() -> World:
    base = build_meetings()
    a1 = base.orgs["A1"]
    pa, pa2, pa3 = base.people["pa"], base.people["pa2"], base.people["pa3"]
    now = timezone.now()
    today = timezone.localdate(now)

    members.post_assign(
        actor=None, organization=a1, person=pa2, post=PostKind.SECRETARY, valid_from=D(2020, 5, 1), term_label="2020-2025"
    )
    members.post_assign(
        actor=None, organization=a1, person=pa3, post=PostKind.DEPUTY_SECRETARY, valid_from=D(2020, 5, 1), term_label="2020-2025"
    )

    # the meetings held: three this year, one last year
    statuses = [(AttendanceStatus.PRESENT, ""), (AttendanceStatus.EXCUSED, "Đi công tác"), (AttendanceStatus.PRESENT, "")]
    held = []
    for start, status in zip(_past_times(now), statuses, strict=True):
        held.append(
            meetings.PastMeeting(
                organization=a1,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=10),
                place="Phòng họp tầng 2",
                minutes="Chi bộ họp thường kỳ.",
                attendance={pa.pk: status, pa2.pk: (AttendanceStatus.PRESENT, ""), pa3.pk: (AttendanceStatus.PRESENT, "")},
            )
        )
    last_year = _at(D(today.year - 1, 6, 5), 8)
    held.append(
        meetings.PastMeeting(
            organization=a1,
            starts_at=last_year,
            ends_at=last_year + dt.timedelta(hours=2),
            place="Phòng họp tầng 2",
            minutes="Chi bộ họp thường kỳ.",
            attendance={pa.pk: (AttendanceStatus.UNEXCUSED, "")},
        )
    )
    meetings.meetings_record_past(actor=None, meetings=held)
    past = list(Meeting.objects.filter(organization=a1, on_date__year=today.year, closed_at__isnull=False).order_by("starts_at"))

    # the next meetings, with their documents
    start = _at(today + dt.timedelta(days=2), 14)
    nxt = plan(base, start=start, topic="", agenda="1. Thông báo thời sự\n2. Dự thảo nghị quyết tháng")
    meetings.documents_send(
        actor=None,
        meeting=nxt,
        documents=[
            meetings.DocumentIn(title="Dự thảo nghị quyết", file=SimpleUploadedFile("du-thao.txt", TEXT.encode())),
            meetings.DocumentIn(title="Báo cáo tháng", file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")),
            meetings.DocumentIn(title="Thông báo thời sự", url="https://dangcongsan.vn/thoi-su"),
        ],
    )
    other = plan(base, org="B1", start=start, actor=base.users["other"])
    meetings.documents_send(
        actor=None,
        meeting=other,
        documents=[meetings.DocumentIn(title="Tài liệu chi bộ Dược", file=SimpleUploadedFile("duoc.txt", b"Chi bo Duoc"))],
    )

    # study: missed with a make-up ahead; studied; ended last year
    missed = study.campaign_create(
        actor=None,
        organization=base.orgs["A"],
        title="Học tập, quán triệt Nghị quyết Đại hội Đảng bộ Sở",
        document_symbol="01-NQ/ĐH",
        start_date=today - dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=20),
    )
    session = study.session_plan(
        actor=None, campaign=missed, organization=a1, held_on=today - dt.timedelta(days=10), place="Hội trường"
    )
    study.attendance_record(
        actor=None,
        session=session,
        marks=[study.Mark(pa.pk, False, "Ốm"), study.Mark(pa2.pk, True), study.Mark(pa3.pk, True)],
    )
    makeup = study.session_plan(
        actor=None,
        campaign=missed,
        organization=a1,
        held_on=today + dt.timedelta(days=5),
        place="Phòng họp chi bộ",
        makeup_for=session,
    )
    studied = study.campaign_create(
        actor=None,
        organization=base.orgs["R"],
        title="Học tập Chỉ thị 05-CT/TW",
        document_symbol="05-CT/TW",
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=30),
    )
    s2 = study.session_plan(actor=None, campaign=studied, organization=a1, held_on=today - dt.timedelta(days=3))
    study.attendance_record(actor=None, session=s2, marks=[study.Mark(pa.pk, True)])
    ended = study.campaign_create(
        actor=None,
        organization=base.orgs["R"],
        title="Học tập Kết luận 21-KL/TW",
        document_symbol="21-KL/TW",
        start_date=D(today.year - 1, 3, 1),
        end_date=D(today.year - 1, 4, 30),
    )

    # ratings: last year decided, this year self-assessed
    y = today.year
    period_last = ratings.review_period_open(
        actor=None, organization=base.orgs["R"], year=y - 1, start_date=D(y - 1, 1, 1), end_date=D(y - 1, 12, 31)
    )
    ratings.self_assess(actor=None, period=period_last, person=pa, level=Level.GOOD, on_date=D(y - 1, 12, 10))
    ratings.cell_propose(actor=None, period=period_last, person=pa, level=Level.GOOD, on_date=D(y - 1, 12, 15))
    ratings.committee_decide(
        actor=None, period=period_last, person=pa, level=Level.GOOD, on_date=D(y - 1, 12, 28), decision_symbol="05-QĐ/ĐU"
    )
    period_now = ratings.review_period_open(
        actor=None, organization=base.orgs["R"], year=y, start_date=D(y, 1, 1), end_date=D(y, 12, 31)
    )
    ratings.self_assess(actor=None, period=period_now, person=pa, level=Level.EXCELLENT, on_date=today)

    return World(
        base=base,
        next_meeting=nxt,
        other_meeting=other,
        past=past,
        campaigns={"missed": missed, "studied": studied, "ended": ended},
        makeup=makeup,
    )
