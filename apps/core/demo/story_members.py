"""The demo's members: who they are, when they join, move, retire or leave."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction

from apps.core.dates import add_months
from apps.core.demo import people
from apps.core.demo.story_base import HORIZON, MEMBERS, SECRETARY_NAME, Planned, StoryBase, years
from apps.core.demo.story_orgs import MERGER_DAY
from apps.core.errors import DomainError
from apps.members import services as members
from apps.members.choices import EndReason, MembershipKind, StartReason
from apps.members.models import Membership, Person
from apps.organizations.models import Organization

D = dt.date


class MembersStory(StoryBase):
    def plan_members(self, code: str, founded: dt.date, size: int, *, cohort: bool) -> None:
        rng = self.rng
        size = max(1, round(size * self.scale))
        for k in range(size):
            start, end = self.life[code]
            last = min(end or HORIZON, HORIZON) - dt.timedelta(days=1)
            first_cohort = cohort and k < size * 0.35
            if first_cohort:
                join = min(founded + dt.timedelta(days=rng.randint(0, 60)), last)
            else:
                join = start + dt.timedelta(days=rng.randint(1, max(1, (last - start).days)))
            self.planned.append(self.new_person(code, join, first_cohort))

    def new_person(self, code: str, join: dt.date, first_cohort: bool, **fixed: Any) -> Planned:
        rng = self.rng
        gender = fixed.pop("gender", "M" if rng.random() < 0.55 else "F")
        age = rng.triangular(23, 50, 31) if first_cohort else rng.triangular(22, 46, 28)
        birth = join - years(age) - dt.timedelta(days=rng.randint(0, 200))
        if not first_cohort and age <= 40 and rng.random() < 0.45:
            admission, reason = join, StartReason.ADMITTED
        else:
            admission = birth + years(rng.triangular(19, max(19.5, min(age - 0.3, 40)), 25))
            admission = min(admission, join - dt.timedelta(days=30))
            reason = StartReason.TRANSFERRED_IN
        full = add_months(admission, 12) + dt.timedelta(days=rng.randint(0, 45))
        ethnicity = people.draw_ethnicity(rng, khmer=0.12, hoa=0.06)
        name = people.draw_name(rng, gender, ethnicity)
        data = {
            "family_name": name.family,
            "middle_name": name.middle,
            "given_name": name.given,
            "birth_date": birth,
            "gender": gender,
            "ethnicity": name.ethnicity,
            "religion": name.religion,
            "hometown": people.hometown_soc_trang(rng),
            "citizen_id": self.ids.make(
                people.SOC_TRANG if rng.random() < 0.85 else rng.choice(people.PROVINCE_CODES), birth, gender
            ),
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
            "education_level": people.EDUCATION.draw(rng),
            "theory_level": people.THEORY.draw(rng),
            "admission_date": admission,
            "full_member_date": full if full <= HORIZON else None,
            "card_number": self.card() if full <= HORIZON else "",
        } | fixed
        suffix = "QĐ/ĐUK" if join < MERGER_DAY else "QĐ/ĐU"
        decision = self.decision(join, suffix) if reason == StartReason.ADMITTED else self.decision(join, "GGT/ĐU")
        retires = birth + years(60 if gender == "M" else 55) + dt.timedelta(days=rng.randint(1, 60))
        return Planned(data, code, join, reason, decision, retires)

    def card(self) -> str:
        while True:
            number = f"{self.rng.randint(10_000_000, 99_999_999)}"
            if number not in self.cards:
                self.cards.add(number)
                return number

    def schedule_members(self) -> None:
        rng = self.rng
        stable = [code for code in self.leaves if self.life[code][1] is None]
        for p in self.special:
            self.at(p.join, MEMBERS, partial(self.admit, p))
        for p in self.planned:
            self.at(p.join, MEMBERS, partial(self.admit, p))
            ends = None
            if p.join + dt.timedelta(days=60) < p.retires <= HORIZON:
                ends = p.retires
                self.at(
                    p.retires,
                    MEMBERS,
                    partial(self.end, p, p.retires, EndReason.TRANSFERRED_OUT, "Đảng bộ xã, phường nơi cư trú"),
                )
            last = (ends or HORIZON) - dt.timedelta(days=30)
            if rng.random() < 0.10 and (last - p.join).days > 400:
                day = p.join + dt.timedelta(days=rng.randint(400, (last - p.join).days))
                targets = [c for c in self.leaves if self.alive(c, day) and c != p.org]
                target = rng.choice(targets)
                self.at(day, MEMBERS, partial(self.transfer, p, target, day))
        # a few temporary assignments elsewhere, and their return
        for p in rng.sample(self.planned, 8):
            start = D(2021, 6, 1) + dt.timedelta(days=rng.randint(0, 500))
            back = start + dt.timedelta(days=rng.randint(150, 300))
            if p.join < start and back < min(p.retires, HORIZON):
                host = rng.choice([c for c in stable if self.alive(c, start)])
                self.at(start, MEMBERS, partial(self.transfer, p, host, start, MembershipKind.TEMPORARY))
                self.at(back, MEMBERS, partial(self.transfer, p, None, back))
        for p in rng.sample(self.planned, 10):
            last = min(p.retires, HORIZON)
            if (last - p.join).days > 400:
                day = p.join + dt.timedelta(days=rng.randint(365, (last - p.join).days - 1))
                self.at(day, MEMBERS, partial(self.end, p, day, EndReason.DECEASED))
        self.at(D(2023, 9, 15), MEMBERS, partial(self.strike_off, D(2023, 9, 15)))

    def strike_off(self, day: dt.date) -> None:
        """One member struck off the roll (xóa tên): the first current one from a third of the way down the list."""
        for p in self.planned[len(self.planned) // 3 :]:
            current = self.current(p)
            if current is not None and current.valid_from < day:
                self.end(p, day, EndReason.STRUCK_OFF)
                return

    def alive(self, code: str, day: dt.date) -> bool:
        start, end = self.life[code]
        return start < day and (end is None or day < end)

    def admit(self, p: Planned) -> None:
        try:
            p.person = members.member_admit(
                actor=None,
                organization=self.orgs[p.org],
                data=p.data,
                on_date=p.join,
                reason=p.reason,
                decision_symbol=p.decision,
                decision_date=p.join,
            )
        except DomainError as exc:
            self.summary.skipped[f"admit:{exc.code}"] += 1

    def current(self, p: Planned) -> Membership | None:
        if p.person is None:
            return None
        return Membership.objects.filter(person=p.person, valid_to__isnull=True).first()

    def end(self, p: Planned, day: dt.date, reason: str, destination: str = "") -> None:
        current = self.current(p)
        if current is None or current.valid_from >= day:
            self.summary.skipped[f"end:{reason}"] += 1
            return
        assert p.person is not None
        self.end_person_posts(p.person, day)
        members.member_end(
            actor=None,
            person=Person.objects.get(pk=p.person.pk),
            on_date=day,
            reason=reason,
            decision_symbol=self.decision(day, "QĐ/ĐU" if day >= MERGER_DAY else "QĐ/ĐUK"),
            decision_date=day,
            destination=destination,
        )

    def transfer(self, p: Planned, target: str | None, day: dt.date, kind: str = MembershipKind.PERMANENT) -> None:
        current = self.current(p)
        if current is None or current.valid_from >= day:
            self.summary.skipped["transfer:not_current"] += 1
            return
        assert p.person is not None
        person = Person.objects.get(pk=p.person.pk)
        if target is None:  # the return from a temporary assignment
            if current.kind != MembershipKind.TEMPORARY:
                return
            to = person.organization
        else:
            if current.kind == MembershipKind.TEMPORARY:
                self.summary.skipped["transfer:away"] += 1
                return
            to = Organization.objects.get(code=target)
        try:
            with transaction.atomic():
                if kind == MembershipKind.PERMANENT:
                    self.end_person_posts(person, day)
                members.member_transfer(
                    actor=None,
                    person=person,
                    to_organization=to,
                    on_date=day,
                    kind=kind,
                    decision_symbol=self.decision(day, "GGT/ĐU"),
                    decision_date=day,
                )
        except DomainError as exc:
            self.summary.skipped[f"transfer:{exc.code}"] += 1

    def transfer_all_out(self, code: str, day: dt.date, destination: str) -> None:
        for person in Person.objects.filter(memberships__organization=self.orgs[code], memberships__valid_to__isnull=True):
            self.end_person_posts(person, day)
            members.member_end(
                actor=None,
                person=person,
                on_date=day,
                reason=EndReason.TRANSFERRED_OUT,
                decision_symbol=self.decision(day, "QĐ/ĐU"),
                decision_date=day,
                destination=destination,
            )

    def plan_special_people(self) -> None:
        """The Secretary the article names, and the deliberate data-quality problems."""
        secretary = self.new_person(
            "CB-VPKCQ",
            MERGER_DAY,
            True,
            gender="M",
            family_name=SECRETARY_NAME[0],
            middle_name=SECRETARY_NAME[1],
            given_name=SECRETARY_NAME[2],
            ethnicity="Kinh",
            religion="Không",
            hometown="tỉnh Sóc Trăng",
        )
        self.secretary = secretary
        self.special.append(secretary)
        # the same member twice: once as entered, once from an old list typed without diacritics
        nhung = self.new_person(
            "CB-STC",
            D(2012, 4, 2),
            False,
            gender="F",
            family_name="Trần",
            middle_name="Thị Hồng",
            given_name="Nhung",
            ethnicity="Kinh",
        )
        copy = dict(nhung.data) | {
            "family_name": "Tran",
            "middle_name": "Thi Hong",
            "given_name": "Nhung",
            "citizen_id": "",
            "hometown": "",
            "card_number": self.card(),
        }
        # and a Khmer name split two ways: given name "Sô Phal", or middle "Sô" and given "Phal"
        phal = self.new_person(
            "DB-BVDK-3",
            D(2010, 8, 16),
            False,
            gender="M",
            family_name="Thạch",
            middle_name="",
            given_name="Sô Phal",
            ethnicity="Khmer",
            religion="Phật giáo Nam tông Khmer",
        )
        other = dict(phal.data) | {
            "middle_name": "Sô",
            "given_name": "Phal",
            "citizen_id": self.ids.make(people.SOC_TRANG, phal.data["birth_date"], "M"),
            "card_number": self.card(),
        }
        missing = self.new_person(
            "CB-SXD", D(2015, 5, 4), False, gender="M", family_name="Lê", middle_name="Văn", given_name="Hậu", citizen_id=""
        )
        self.special += [nhung, phal, missing]
        for data, code, day in ((copy, "DB-SYT-1", D(2023, 5, 10)), (other, "DB-DIENLUC-3", D(2024, 3, 15))):
            self.special.append(Planned(data, code, day, StartReason.IMPORTED, "", HORIZON))
