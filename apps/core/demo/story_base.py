"""The demo's machinery: a queue of dated events, run in date order through the real services.

Organizations are founded, members admitted, transferred and retired, posts assigned and organizations
reorganized as dated events; those of one day run in a fixed order (posts end, the tree changes, members
move, posts are filled), so every record, audit event and derived row is the one the application itself
would have written. The same seed always tells the same story.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apps.core.demo import people
from apps.core.demo.story_orgs import AGENCIES, DEPARTMENTS_DAY, ENTERPRISES, PRIVATE
from apps.members import services as members
from apps.members.models import Person, PostHolding
from apps.organizations import services as orgs
from apps.organizations.models import Organization
from apps.organizations.services import Decision, NewOrganization

D = dt.date
HORIZON = D(2025, 12, 31)  # membership events stop here, so only the last weeks' admissions are still probationary
SCALE_TO = 3000  # members over the whole story
SECRETARY_NAME = ("Lý", "Bình", "Cang")  # named in the source article as the committee's Secretary

# Ends of organizations reorganized later in the story (see plan_reorganizations).
PLANNED_ENDS = {
    "CB-TTYTDP": D(2018, 10, 1),
    "CB-TTHIV": D(2018, 10, 1),
    "CB-VPKCQ": D(2019, 7, 15),
    "CB-VPKDN": D(2019, 7, 15),
    "DB-BVDK-1": D(2021, 3, 1),
    "CB-CTDT": D(2021, 5, 31),
} | dict.fromkeys(("CB-STC", "CB-SKHDT", "CB-STTTT", "CB-SNV", "CB-SLDTBXH", "CB-STNMT"), DEPARTMENTS_DAY)

# Order of the events of one day: posts end, the tree changes, members move, posts are filled.
POSTS_END, REORGANIZE, MEMBERS, POSTS = range(4)


@dataclass
class Planned:
    """A member to be admitted, with the facts of their record."""

    data: dict[str, Any]
    org: str
    join: dt.date
    reason: str
    decision: str
    retires: dt.date
    person: Person | None = None


@dataclass
class Summary:
    organizations: int = 0
    members: int = 0
    current_members: int = 0
    reorganizations: int = 0
    posts: int = 0
    users: int = 0
    targets: int = 0
    seconds: float = 0.0
    skipped: Counter[str] = field(default_factory=Counter)


def years(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n * 365.25))


class StoryBase:
    def __init__(self, seed: int = 2019, log: Callable[[str], None] | None = None) -> None:
        self.rng = random.Random(seed)
        self.log = log or (lambda line: None)
        self.orgs: dict[str, Organization] = {}
        self.life: dict[str, tuple[dt.date, dt.date | None]] = {}  # planned, for placing members
        self.events: list[tuple[dt.date, int, int, Callable[[], object]]] = []
        self.seq = itertools.count()
        self.planned: list[Planned] = []
        self.ids = people.CitizenIds()
        self.cards: set[str] = set()
        self.decisions: Counter[tuple[int, str]] = Counter()
        self.summary = Summary()
        self.scale = 1.0
        self.secretary: Planned | None = None
        self.special: list[Planned] = []
        self.grassroots: set[str] = (
            {c.code for c in AGENCIES + ENTERPRISES} | {c.code for c, _d, _s in PRIVATE} | {"CB-CDC", "CB-VPCCQDN"}
        )
        committees = {c.code for c in AGENCIES + ENTERPRISES if c.cells}
        self.leaves: list[str] = []  # organizations that hold members, filled as they are planned
        self.committees = committees

    # ------------------------------------------------------------ the event queue

    def at(self, day: dt.date, order: int, action: Callable[[], object]) -> None:
        heapq.heappush(self.events, (day, order, next(self.seq), action))

    def run(self) -> None:
        while self.events:
            _day, _order, _n, action = heapq.heappop(self.events)
            action()

    def decision(self, day: dt.date, suffix: str) -> str:
        """The next number of a kind of decision in a year (numbers restart each year in this demo)."""
        key = (day.year, suffix)
        self.decisions[key] += 1
        return f"{self.decisions[key] * 3 + 11}-{suffix}"

    # ------------------------------------------------------------ organizations and posts

    def found(
        self, code: str, name: str, kind: str, sector: str, parent: str | None, day: dt.date, decision: Decision | None = None
    ) -> None:
        def action() -> None:
            self.orgs[code] = orgs.organization_found(
                actor=None,
                code=code,
                name=name,
                kind=kind,
                parent=self.orgs[parent] if parent else None,
                on_date=day,
                sector=sector,
                decision=decision,
            )

        self.at(day, REORGANIZE, action)

    def merge(
        self, sources: list[str], into: NewOrganization | str, day: dt.date, parent: str | None, decision: Decision
    ) -> None:
        target = orgs.organization_merge(
            actor=None,
            sources=[self.orgs[s] for s in sources],
            into=into if isinstance(into, NewOrganization) else self.orgs[into],
            on_date=day,
            parent=self.orgs[parent] if parent else None,
            decision=decision,
        )
        self.orgs[target.code] = target

    def split(self, source: str, into: list[NewOrganization], day: dt.date, decision: Decision, **kw: Any) -> None:
        for new in orgs.organization_split(actor=None, source=self.orgs[source], into=into, on_date=day, decision=decision, **kw):
            self.orgs[new.code] = new

    def end_posts(self, codes: list[str], day: dt.date) -> None:
        for holding in PostHolding.objects.filter(organization__code__in=codes, valid_to__isnull=True, valid_from__lt=day):
            members.post_end(actor=None, holding=holding, on_date=day)

    def end_person_posts(self, person: Person, day: dt.date) -> None:
        for holding in PostHolding.objects.filter(person=person, valid_to__isnull=True, valid_from__lt=day):
            members.post_end(actor=None, holding=holding, on_date=day)

    # ------------------------------------------------------------ provided by the subclasses

    def plan_members(self, code: str, founded: dt.date, size: int, *, cohort: bool) -> None:
        raise NotImplementedError

    def transfer_all_out(self, code: str, day: dt.date, destination: str) -> None:
        raise NotImplementedError
