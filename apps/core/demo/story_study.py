"""The demo's resolution study: campaigns of the 2015-2020 and 2020-2025 terms, a session in every grassroots
organization of the covered committee, make-up sessions for those who missed, and the roster of reporters.

2015-2020: each bloc committee studies its congress resolution (2015), Directive 05-CT/TW (2016) and Resolution
4 of the 12th Central Committee (4-NQ/TW, 2016-2017); the merged committee studies Directive 33-CT/TW after the
merger of 27-6-2019. 2020-2025: one campaign a year. Attendance is drawn so that about 2.5% miss their session and
four in five of them attend the make-up held in the campaign's last week, which gives a participation of about 99.3% computed from the sheets
(the congress's "over 99%" target). Each sheet is one ``attendance_record`` call, so one audit row per session.
Dates of the campaigns and sessions are illustrative; the documents are real.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from apps.core.demo.story_orgs import AGENCIES_BLOC, ENTERPRISES_BLOC, MERGED, MERGER_DAY
from apps.members.models import Membership, Person
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.study import services as study
from apps.study.choices import ReporterRole
from apps.study.models import Reporter

D = dt.date
ABSENT_SHARE = 0.025
MAKEUP_PRESENT = 0.8
REASONS = ("Đi công tác", "Ốm, điều trị tại bệnh viện", "Nghỉ phép", "Việc gia đình", "Đi học tập trung")
PLACES = ("Hội trường cơ quan", "Phòng họp chi bộ", "Hội trường Tỉnh ủy")


@dataclass(frozen=True)
class Plan:
    committee: str
    symbol: str
    document_date: dt.date
    issuer: str
    document_title: str
    start: dt.date
    end: dt.date

    @property
    def title(self) -> str:
        return f"Học tập, quán triệt {self.document_title[0].lower()}{self.document_title[1:]}"


CC = "Ban Chấp hành Trung ương Đảng"
POLITBURO = "Bộ Chính trị"
CAMPAIGNS = [
    Plan(
        AGENCIES_BLOC,
        "01-NQ/ĐH",
        D(2015, 6, 12),
        "Đại hội đại biểu Đảng bộ Khối Các cơ quan tỉnh lần thứ VII",
        "Nghị quyết Đại hội đại biểu Đảng bộ Khối Các cơ quan tỉnh lần thứ VII, nhiệm kỳ 2015-2020",
        D(2015, 7, 1),
        D(2015, 9, 30),
    ),
    Plan(
        ENTERPRISES_BLOC,
        "01-NQ/ĐH",
        D(2015, 6, 19),
        "Đại hội đại biểu Đảng bộ Khối Doanh nghiệp tỉnh lần thứ IV",
        "Nghị quyết Đại hội đại biểu Đảng bộ Khối Doanh nghiệp tỉnh lần thứ IV, nhiệm kỳ 2015-2020",
        D(2015, 7, 1),
        D(2015, 9, 30),
    ),
    *[
        Plan(
            code,
            "05-CT/TW",
            D(2016, 5, 15),
            POLITBURO,
            "Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            D(2016, 7, 1),
            D(2016, 9, 30),
        )
        for code in (AGENCIES_BLOC, ENTERPRISES_BLOC)
    ],
    *[
        Plan(
            code,
            "4-NQ/TW",
            D(2016, 10, 30),
            CC,
            "Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng",
            D(2016, 12, 1),
            D(2017, 2, 28),
        )
        for code in (AGENCIES_BLOC, ENTERPRISES_BLOC)
    ],
    Plan(
        MERGED,
        "33-CT/TW",
        D(2019, 3, 18),
        POLITBURO,
        "Chỉ thị 33-CT/TW về tăng cường xây dựng tổ chức đảng trong các đơn vị kinh tế tư nhân",
        D(2019, 8, 1),
        D(2019, 10, 31),
    ),
    Plan(
        MERGED,
        "01-NQ/ĐH",
        D(2020, 7, 31),
        "Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII",
        "Nghị quyết Đại hội đại biểu Đảng bộ Các cơ quan và Doanh nghiệp tỉnh lần thứ VIII, nhiệm kỳ 2020-2025",
        D(2020, 9, 1),
        D(2020, 11, 30),
    ),
    Plan(
        MERGED,
        "21-KL/TW",
        D(2021, 10, 25),
        CC,
        "Kết luận 21-KL/TW về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        D(2021, 11, 15),
        D(2021, 12, 31),
    ),
    Plan(
        MERGED,
        "27-NQ/TW",
        D(2022, 11, 9),
        CC,
        "Nghị quyết 27-NQ/TW về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam",
        D(2022, 11, 20),
        D(2022, 12, 31),
    ),
    Plan(
        MERGED,
        "41-NQ/TW",
        D(2023, 10, 10),
        POLITBURO,
        "Nghị quyết 41-NQ/TW về xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam trong thời kỳ mới",
        D(2023, 11, 1),
        D(2023, 12, 31),
    ),
    Plan(
        MERGED,
        "144-QĐ/TW",
        D(2024, 5, 9),
        POLITBURO,
        "Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        D(2024, 6, 1),
        D(2024, 8, 31),
    ),
]


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def _grassroots_under(committee: Organization, day: dt.date) -> list[Organization]:
    inside = TreePath.objects.filter(ancestor=committee, depth__gte=1).filter(_valid_on(day)).values("descendant_id")
    return list(Organization.objects.filter(pk__in=inside, kind__in=GRASSROOTS_KINDS).order_by("code"))


Interval = tuple[int, dt.date, dt.date | None]


def _open(rows: list[Interval], day: dt.date) -> list[int]:
    return [x for x, vf, vt in rows if vf <= day and (vt is None or vt > day)]


class Roll:
    """The memberships and the dated tree, read once: who was a member of an organization's subtree on a day."""

    def __init__(self) -> None:
        self.paths: dict[int, list[Interval]] = defaultdict(list)
        for anc, desc, vf, vt in TreePath.objects.values_list("ancestor_id", "descendant_id", "valid_from", "valid_to"):
            self.paths[anc].append((desc, vf, vt))
        self.held: dict[int, list[Interval]] = defaultdict(list)
        for pid, org, vf, vt in Membership.objects.values_list("person_id", "organization_id", "valid_from", "valid_to"):
            self.held[org].append((pid, vf, vt))

    def members(self, org: Organization, day: dt.date) -> list[int]:
        return sorted(pid for sub in _open(self.paths[org.pk], day) for pid in _open(self.held[sub], day))


class StudyStory:
    def __init__(self, orgs: dict[str, Organization], seed: int = 2015) -> None:
        self.orgs = orgs
        self.rng = random.Random(seed)
        self.reporters: dict[str, list[Reporter]] = {}
        self.sessions = 0
        self.roll = Roll()

    def roster(self) -> None:
        """Reporters of each committee (from its members), and a propagandist in some grassroots organizations."""
        for code, start, end, n in (
            (AGENCIES_BLOC, D(2015, 6, 15), MERGER_DAY, 6),
            (ENTERPRISES_BLOC, D(2015, 6, 22), MERGER_DAY, 4),
            (MERGED, MERGER_DAY, None, 8),
        ):
            committee = self.orgs[code]
            people = list(Person.objects.filter(pk__in=self.roll.members(committee, start)).order_by("id"))
            self.rng.shuffle(people)
            made: list[Reporter] = []
            for person in people[:n]:
                r = study.reporter_add(
                    actor=None,
                    person=person,
                    role=ReporterRole.REPORTER,
                    organization=committee,
                    valid_from=start,
                    decision_symbol=f"{40 + len(made)}-QĐ/ĐU",
                )
                if end is not None:
                    r = study.reporter_end(actor=None, reporter=r, valid_to=end)
                made.append(r)
            self.reporters[code] = made
            for org in _grassroots_under(committee, start)[::5]:
                members = list(Person.objects.filter(pk__in=self.roll.members(org, start)).order_by("id")[:3])
                if members:
                    r = study.reporter_add(
                        actor=None,
                        person=self.rng.choice(members),
                        role=ReporterRole.PROPAGANDIST,
                        organization=org,
                        valid_from=start,
                    )
                    if end is not None:
                        r = study.reporter_end(actor=None, reporter=r, valid_to=end)
                    self.reporters.setdefault(org.code, []).append(r)

    def campaign(self, plan: Plan) -> None:
        committee = self.orgs[plan.committee]
        campaign = study.campaign_create(
            actor=None,
            organization=committee,
            title=plan.title,
            document_symbol=plan.symbol,
            document_date=plan.document_date,
            document_issuer=plan.issuer,
            document_title=plan.document_title,
            start_date=plan.start,
            end_date=plan.end,
        )
        span = (plan.end - plan.start).days
        for org in _grassroots_under(committee, plan.start):
            day = plan.start + dt.timedelta(days=self.rng.randint(0, span // 3))
            if not org.alive_on(day) or not org.alive_on(plan.end):
                continue
            leads = self.rng.choice(self.reporters[plan.committee])
            session = study.session_plan(
                actor=None,
                campaign=campaign,
                organization=org,
                held_on=day,
                place=self.rng.choice(PLACES),
                reporter=leads,
            )
            marks: list[study.Mark] = []
            missed: set[int] = set()
            for pid in self.roll.members(org, day):
                present = self.rng.random() >= ABSENT_SHARE
                marks.append(study.Mark(pid, present, "" if present else self.rng.choice(REASONS)))
                if not present:
                    missed.add(pid)
            if not marks:
                continue
            study.attendance_record(actor=None, session=session, marks=marks)
            self.sessions += 1
            makeup_day = plan.end - dt.timedelta(days=self.rng.randint(2, 6))
            own = [
                r
                for r in self.reporters.get(org.code, [])
                if r.valid_from <= makeup_day and (r.valid_to is None or r.valid_to > makeup_day)
            ]
            # those who missed, and those who joined since
            then = self.roll.members(org, makeup_day)
            marked = {m.person_id for m in marks}
            due = [pid for pid in then if pid in missed or pid not in marked]
            if not due:
                continue
            makeup = study.session_plan(
                actor=None,
                campaign=campaign,
                organization=org,
                held_on=makeup_day,
                place=PLACES[1],
                reporter=own[0] if own else leads,
                makeup_for=session,
                note="Học bù cho đảng viên vắng buổi học tập",
            )
            study.attendance_record(
                actor=None,
                session=makeup,
                marks=[
                    study.Mark(pid, ok, "" if ok else self.rng.choice(REASONS))
                    for pid in due
                    for ok in [self.rng.random() < MAKEUP_PRESENT]
                ],
            )
            self.sessions += 1

    def build(self) -> int:
        self.roster()
        for plan in CAMPAIGNS:
            self.campaign(plan)
        return self.sessions


def build_study(orgs: dict[str, Organization]) -> int:
    """The demo's study campaigns; answers the number of sessions recorded."""
    return StudyStory(orgs).build()
