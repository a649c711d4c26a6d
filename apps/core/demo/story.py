"""The demo: the Party Committee of Provincial Agencies and Enterprises of Sóc Trăng, from the two bloc
committees it was formed from to its end in 2025, with a few thousand synthetic members, their posts and the
demo users. See :mod:`apps.core.demo.story_base` for how it is built and :mod:`apps.core.demo.story_orgs` for
the organizations and the facts of the source article it keeps.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from functools import partial

from django.db import transaction
from django.db.models import Q

from apps.accounts import services as accounts
from apps.core import audit, context, rules
from apps.core.demo.logins import USERS
from apps.core.demo.story_base import HORIZON, POSTS, POSTS_END, SCALE_TO, Summary, years
from apps.core.demo.story_documents import build_documents
from apps.core.demo.story_handbook import build_handbook
from apps.core.demo.story_meetings import build_meetings
from apps.core.demo.story_orgs import (
    AGENCIES,
    AGENCIES_BLOC,
    CAN_THO_DAY,
    CONGRESS_DAY,
    ENTERPRISES,
    ENTERPRISES_BLOC,
    MERGED,
    MERGER_DAY,
    PARTY_BODIES,
    PEOPLES_COMMITTEE,
    PRIVATE,
    SPLIT_DAY,
)
from apps.core.demo.story_portal import build_portal
from apps.core.demo.story_ratings import build_ratings
from apps.core.demo.story_study import build_study
from apps.core.demo.story_terms import build_terms
from apps.core.demo.story_tree import TreeStory
from apps.members import counts
from apps.members import services as members
from apps.members.choices import MembershipKind, PostKind
from apps.members.models import Membership, Person, PostHolding
from apps.members.services_accounts import person_link_user
from apps.organizations.models import Organization, Reorganization, TreePath

D = dt.date


class Story(TreeStory):
    def members_under(self, code: str, day: dt.date) -> list[Person]:
        inside = TreePath.objects.filter(ancestor=self.orgs[code], valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )
        ids = Membership.objects.filter(
            organization__in=inside.values("descendant"), valid_from__lte=day, kind=MembershipKind.PERMANENT
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        return list(Person.objects.filter(id__in=ids.values("person")).order_by("id"))

    def fill_posts(
        self, code: str, day: dt.date, term: str, posts: Sequence[tuple[str, int]], until: dt.date, first: Person | None = None
    ) -> None:
        busy = set(PostHolding.objects.filter(valid_to__isnull=True).values_list("person_id", flat=True))
        candidates = [
            p
            for p in self.members_under(code, day)
            if p.full_member_date is not None
            and p.full_member_date <= day
            and p.birth_date + years(60 if p.gender == "M" else 55) > until
            and p.id != (first.id if first else None)
            and p.id not in busy
        ]
        self.rng.shuffle(candidates)
        holders = iter(([first] if first else []) + candidates)
        for post, n in posts:
            for _ in range(n):
                person = next(holders, None)
                if person is None:
                    return
                members.post_assign(
                    actor=None,
                    organization=self.orgs[code],
                    person=person,
                    post=post,
                    valid_from=day,
                    term_label=term,
                    decision_symbol=self.decision(day, "QĐ/TU" if code in (MERGED, AGENCIES_BLOC, ENTERPRISES_BLOC) else "QĐ/ĐU"),
                )

    def plan_posts(self) -> None:
        P = PostKind
        committee_posts = [
            (P.SECRETARY, 1),
            (P.DEPUTY_SECRETARY, 2),
            (P.STANDING_MEMBER, 4),
            (P.EXECUTIVE_MEMBER, 10),
            (P.INSPECTION_CHAIR, 1),
            (P.INSPECTION_MEMBER, 3),
        ]
        for code, day in ((AGENCIES_BLOC, D(2015, 6, 12)), (ENTERPRISES_BLOC, D(2015, 6, 19))):
            self.at(day, POSTS, partial(self.fill_posts, code, day, "2015-2020", committee_posts, D(2020, 7, 31)))

        def secretary_first(day: dt.date, term: str, until: dt.date) -> Callable[[], None]:
            def action() -> None:
                self.fill_posts(
                    MERGED, day, term, committee_posts, until, first=self.secretary.person if self.secretary else None
                )

            return action

        self.at(MERGER_DAY, POSTS, secretary_first(MERGER_DAY, "2015-2020", CONGRESS_DAY))
        self.at(CONGRESS_DAY, POSTS_END, lambda: self.end_posts([MERGED], CONGRESS_DAY))
        self.at(CONGRESS_DAY, POSTS, secretary_first(CONGRESS_DAY, "2020-2025", SPLIT_DAY))
        for code in (PARTY_BODIES, PEOPLES_COMMITTEE):
            self.at(
                SPLIT_DAY,
                POSTS,
                partial(self.fill_posts, code, SPLIT_DAY, "2020-2025", committee_posts[:4], D(2026, 12, 31)),
            )
        # grassroots congresses of spring 2020 elect their Secretary and deputy; cells their Secretary
        for code in sorted(self.life):
            if code.startswith(("CB-", "DB-")) and self.alive(code, D(2020, 6, 30)) and self.life[code][0] < D(2020, 3, 1):
                day = D(2020, 4, 1) + dt.timedelta(days=self.rng.randint(0, 90))
                posts = [(P.SECRETARY, 1)] + ([(P.DEPUTY_SECRETARY, 1)] if code in self.grassroots else [])
                self.at(
                    day,
                    POSTS,
                    partial(self.fill_posts, code, day, "2020-2025", posts, D(2027, 12, 31)),
                )

    def users(self) -> None:
        cell = self.orgs["CB-STP"]
        if not PostHolding.objects.filter(organization=cell, post=PostKind.SECRETARY, valid_to__isnull=True).exists():
            self.fill_posts("CB-STP", HORIZON, "2020-2025", [(PostKind.SECRETARY, 1)], D(2027, 12, 31))
        secretary = (
            PostHolding.objects.filter(organization=cell, post=PostKind.SECRETARY, valid_to__isnull=True)
            .select_related("person")
            .first()
        )
        current = Person.objects.filter(
            memberships__organization=cell, memberships__valid_to__isnull=True, posts__isnull=True
        ).order_by("id")
        linked = {"secretary": secretary.person if secretary else None, "member": current.first()}
        for u in USERS:
            person = linked.get(u.person or "")
            full_name = person.full_name if person else u.full_name
            user = accounts.user_create(
                actor=None, username=u.username, password=u.password, full_name=full_name, is_superuser=u.superuser
            )
            if u.role and u.organization_code:
                org = Organization.objects.get(code=u.organization_code)
                accounts.role_grant(
                    actor=None, user=user, role=u.role, organization=org, valid_from=max(org.founded_on, CAN_THO_DAY)
                )
            if person is not None:
                person_link_user(actor=None, person=person, user=user)
            self.summary.users += 1

    def build(self) -> Summary:
        started = time.monotonic()
        sizes = sum(c.size + sum(s.size for s in c.cells) for c in AGENCIES + ENTERPRISES) + sum(c.size for c, _d, _s in PRIVATE)
        self.scale = SCALE_TO / (sizes * 1.05)
        with context.action_context("command"), rules.preloaded(), transaction.atomic():
            self.plan_tree()
            self.plan_reorganizations()
            self.plan_special_people()
            self.schedule_members()
            self.plan_posts()
            self.log(f"{len(self.events)} events planned")
            self.run()
            self.users()
            counts.ensure_checkpoints()
            self.summary.targets = build_terms(self.orgs)
            self.log(f"{build_meetings(self.orgs)} meetings")
            build_ratings(self.orgs)
            self.log(f"{build_study(self.orgs)} study sessions")
            self.log(f"{build_handbook(self.orgs)} study sessions of the member's handbook")
            self.log(f"{build_portal(self.orgs)} portal articles")
            self.log(f"{build_documents(self.orgs)} documents registered, citations indexed")
            s = self.summary
            s.organizations = Organization.objects.count()
            s.members = Person.objects.count()
            s.current_members = Membership.objects.filter(valid_to__isnull=True).count()
            s.reorganizations = Reorganization.objects.count()
            s.posts = PostHolding.objects.count()
            s.seconds = time.monotonic() - started
            with audit.service_scope():
                audit.record(
                    actor="demo_data",
                    event_type="demo.loaded",
                    organization_id=None,
                    after={k: v for k, v in vars(s).items() if k != "skipped"},
                    note="manage.py demo_data",
                )
        return self.summary
