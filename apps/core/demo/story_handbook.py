"""What the demo member (``dangvien``, of the Justice Department's cell CB-STP) finds in their handbook beyond the
meetings and ratings the other parts of the demo give them: a document of the next meeting that reads as text
(so it can be read offline), and two study campaigns open today under the People's Committee's Party committee,
one the member studied and one they missed, with a make-up session ahead in their cell.

Each grassroots organization under the committee holds one session per campaign in the weeks before today
(about 2.5% absent, as in :mod:`apps.core.demo.story_study`). Campaigns, sessions, attendance and the document go
through the services. The campaigns' dates and the document's text are illustrative; the two rules studied are
real (Quy định 366-QĐ/TW of 30-8-2025 on the yearly quality rating, 296-QĐ/TW of 30-5-2025 on inspection,
supervision and discipline).
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from apps.core.demo.story_orgs import PEOPLES_COMMITTEE
from apps.meetings import services as meetings
from apps.meetings.models import Meeting
from apps.members.models import Person
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.study import services as study

D = dt.date
DEMO_CELL = "CB-STP"
DEMO_MEMBER = "dangvien"
ABSENT_SHARE = 0.025
REASONS = ("Đi công tác", "Ốm, điều trị tại bệnh viện", "Nghỉ phép", "Việc gia đình")
PLACES = ("Hội trường cơ quan", "Phòng họp chi bộ")

#: (symbol, date, issuer, title, days from today to the start, to the end, whether the demo member attended)
CAMPAIGNS = (
    (
        "366-QĐ/TW",
        D(2025, 8, 30),
        "Bộ Chính trị",
        "Quy định 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân",
        -40,
        20,
        True,
    ),
    (
        "296-QĐ/TW",
        D(2025, 5, 30),
        "Ban Chấp hành Trung ương Đảng",
        "Quy định 296-QĐ/TW về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        -25,
        35,
        False,
    ),
)

READING = """Báo cáo kết quả thực hiện nhiệm vụ tháng {m}/{y} (dự thảo để đảng viên đọc trước)

I. Kết quả
1. Chi bộ duy trì sinh hoạt thường kỳ đúng ngày, đảng viên dự đầy đủ; tổ chức học tập các quy định mới của Trung ương.
2. Chuyên môn: hoàn thành các việc được giao trong tháng; tiếp nhận và giải quyết hồ sơ đúng hạn.
3. Chuyển đổi số: đảng viên dùng Sổ tay đảng viên để xem lịch sinh hoạt, tài liệu và tự điểm danh.

II. Hạn chế
Một số đảng viên chưa đọc tài liệu trước khi họp; việc góp ý cho dự thảo nghị quyết còn ít.

III. Nhiệm vụ tháng tới
1. Đọc trước tài liệu, chuẩn bị ý kiến góp ý cho dự thảo nghị quyết chi bộ.
2. Đảng viên vắng buổi học tập quy định tham gia buổi học bù.
3. Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng cuối năm.
"""


def _grassroots_under(root: Organization, day: dt.date) -> list[Organization]:
    inside = (
        TreePath.objects.filter(ancestor=root, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values("descendant_id")
    )
    return list(Organization.objects.filter(pk__in=inside, kind__in=GRASSROOTS_KINDS, ended_on__isnull=True).order_by("code"))


def build_handbook(orgs: dict[str, Organization], seed: int = 20261201) -> int:
    """Answers the number of study sessions recorded."""
    rng = random.Random(seed)
    today = timezone.localdate()
    committee = orgs.get(PEOPLES_COMMITTEE) or Organization.objects.get(code=PEOPLES_COMMITTEE)
    cell = orgs.get(DEMO_CELL) or Organization.objects.get(code=DEMO_CELL)
    # the demo member (made with the logins, before this part runs); without them the draws decide for everyone
    member = Person.objects.filter(user__username=DEMO_MEMBER).first()

    # a document of the next meeting that reads as text
    nxt = Meeting.objects.filter(organization=cell, closed_at__isnull=True, on_date__gte=today).order_by("starts_at").first()
    if nxt is not None:
        text = READING.format(m=today.month, y=today.year)
        meetings.documents_send(
            actor=None,
            meeting=nxt,
            documents=[
                meetings.DocumentIn(
                    title=f"Báo cáo kết quả thực hiện nhiệm vụ tháng {today.month}/{today.year} (dự thảo)",
                    file=SimpleUploadedFile(f"bao-cao-thang-{today.month}-{today.year}.txt", text.encode()),
                )
            ],
            sent_on=today,
        )

    sessions = 0
    units = _grassroots_under(committee, today)
    for symbol, issued, issuer, title, start, end, attended in CAMPAIGNS:
        start_date, end_date = today + dt.timedelta(days=start), today + dt.timedelta(days=end)
        campaign = study.campaign_create(
            actor=None,
            organization=committee,
            title=f"Học tập, quán triệt {title[0].lower()}{title[1:]}",
            document_symbol=symbol,
            document_date=issued,
            document_issuer=issuer,
            document_title=title,
            start_date=start_date,
            end_date=end_date,
        )
        for org in units:
            day = start_date + dt.timedelta(days=rng.randint(0, min(12, -start - 1)))
            people = sorted(study.members_on(org.pk, day))
            if not people or not org.alive_on(start_date):
                continue
            session = study.session_plan(actor=None, campaign=campaign, organization=org, held_on=day, place=rng.choice(PLACES))
            marks = []
            for pid in people:
                present = attended if member is not None and pid == member.pk else rng.random() >= ABSENT_SHARE
                marks.append(study.Mark(pid, present, "" if present else rng.choice(REASONS)))
            study.attendance_record(actor=None, session=session, marks=marks)
            sessions += 1
            if org.pk == cell.pk and not attended:
                study.session_plan(
                    actor=None,
                    campaign=campaign,
                    organization=org,
                    held_on=today + dt.timedelta(days=6),
                    place=PLACES[1],
                    makeup_for=session,
                    note="Học bù cho đảng viên vắng buổi học tập",
                )
    return sessions
