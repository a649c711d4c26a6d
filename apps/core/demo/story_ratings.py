"""The demo's reviews and ratings.

* Organizations, 2015-2019: each year the two bloc committees (from 2019 the merged committee) rate the grassroots
  organizations below them. The shares rated good or above are those the committee's yearly reports gave (about
  82, 84, 86, 88 and 90%), so the 2015-2020 resolution's target 6 ("each year at least 80% ... good or above") is
  computed from these reviews instead of typed in.
* Members, 2024 and 2025: the members of the Health Department's committee (its three cells) and of the Justice
  Department's cell (CB-STP: the demo's Secretary ``bithu`` and member ``dangvien``) assess themselves, their cells
  propose and the committee decides, within the cap on the excellent level.

Levels are drawn from a fixed seed; scores fall in each level's band. Written through the bulk services (one
audit row per review), a second or so.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.core.demo.story_orgs import AGENCIES_BLOC, ENTERPRISES_BLOC, MERGED, PEOPLES_COMMITTEE
from apps.members.models import Membership, Person
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization, TreePath
from apps.ratings import services as ratings
from apps.ratings.choices import Level
from apps.ratings.services import Proposal

D = dt.date
E, G, P, F = Level.EXCELLENT, Level.GOOD, Level.PASS, Level.FAIL

#: the share of grassroots organizations rated good or above each year, as the yearly reports gave it
ORGANIZATION_SHARES = {2015: "82.4", 2016: "84.3", 2017: "86.3", 2018: "88.2", 2019: "90.2"}
MEMBER_COMMITTEE = "DB-SYT"
MEMBER_CELL = "CB-STP"
SCORES: dict[str, tuple[int, int]] = {E: (90, 98), G: (72, 88), P: (52, 68), F: (35, 48)}


def _grassroots_under(root: Organization, day: dt.date) -> list[Organization]:
    ids = (
        TreePath.objects.filter(ancestor=root, depth__gt=0, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values("descendant_id")
    )
    return list(Organization.objects.filter(pk__in=ids, kind__in=list(GRASSROOTS_KINDS)).order_by("code"))


def _levels(n: int, good_or_above: int, rng: random.Random, fail: int = 0) -> list[str]:
    """``n`` levels with ``good_or_above`` of them good or better, the excellent ones a little under the 20% cap."""
    excellent = max(0, good_or_above // 5 - (1 if good_or_above >= 10 else 0))
    fail = min(fail, n - good_or_above)
    levels: list[str] = []
    levels.extend([E] * excellent + [G] * (good_or_above - excellent) + [P] * (n - good_or_above - fail) + [F] * fail)
    rng.shuffle(levels)
    return levels


def _score(level: str, rng: random.Random) -> Decimal:
    lo, hi = SCORES[level]
    return Decimal(rng.randint(lo * 2, hi * 2)) / 2


def _organizations(rng: random.Random) -> int:
    """Yearly reviews of the grassroots organizations, 2015-2019, decided in the following January."""
    made = 0
    for year, share in ORGANIZATION_SHARES.items():
        end = D(year, 12, 31)
        roots = [AGENCIES_BLOC, ENTERPRISES_BLOC] if year < 2019 else [MERGED]
        groups = [
            (Organization.objects.get(code=code), _grassroots_under(Organization.objects.get(code=code), end)) for code in roots
        ]
        total = sum(len(orgs) for _root, orgs in groups)
        wanted = max(round(Decimal(share) * total / 100), -(-total * 4 // 5))  # never under 80%
        # spread the good-or-above ones over the committees in proportion to their size
        left = wanted
        for i, (root, orgs) in enumerate(groups):
            good = left if i == len(groups) - 1 else round(Decimal(wanted) * len(orgs) / total)
            left -= good
            levels = _levels(len(orgs), good, rng)
            period = ratings.review_period_open(actor=None, organization=root, year=year, start_date=D(year, 1, 1), end_date=end)
            ratings.organization_propose_bulk(
                actor=None,
                period=period,
                proposals=[Proposal(o.pk, lv, _score(lv, rng)) for o, lv in zip(orgs, levels, strict=True)],
                on_date=D(year, 12, 20),
            )
            ratings.organization_decide_bulk(
                actor=None,
                period=period,
                decisions=[Proposal(o.pk, lv) for o, lv in zip(orgs, levels, strict=True)],
                on_date=D(year + 1, 1, 20),
                decision_symbol=f"{12 + year - 2015}-QĐ/ĐU",
            )
            made += len(orgs)
    return made


def _members_of(org: Organization, day: dt.date) -> list[Person]:
    inside = (
        TreePath.objects.filter(ancestor=org, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values("descendant_id")
    )
    ids = (
        Membership.objects.filter(organization_id__in=inside, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids).select_related("user").order_by("sort_key", "id"))


def _members(rng: random.Random) -> int:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["bithu", "dangvien"])}
    made = 0
    for year, code in ((2024, MERGED), (2025, PEOPLES_COMMITTEE)):
        end = D(year, 12, 31)
        period = ratings.review_period_open(
            actor=None,
            organization=Organization.objects.get(code=code),
            year=year,
            start_date=D(year, 1, 1),
            end_date=end,
            note=f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}",
        )
        for org_code in (MEMBER_COMMITTEE, MEMBER_CELL):
            org = Organization.objects.get(code=org_code)
            people = _members_of(org, end)
            n = len(people)
            levels = _levels(n, n - max(1, n // 8), rng, fail=1 if n > 20 else 0)
            # the member's own view: a little more generous than the cell's at times, within its band
            own = [E if lv == G and rng.random() < 0.2 else lv for lv in levels]
            me = [k for k, p in enumerate(people) if p.user is not None and p.user.username == "dangvien"]
            for k in me:  # the demo member records their own, through their own record
                ratings.self_assess(
                    actor=people[k].user,
                    period=period,
                    person=people[k],
                    level=own[k],
                    score=_score(own[k], rng),
                    note="Hoàn thành các nhiệm vụ được giao; giữ gìn phẩm chất đạo đức, lối sống.",
                    on_date=D(year, 12, 8),
                )
            ratings.self_assess_bulk(  # the others' written self-assessments, entered by the cells
                actor=None,
                period=period,
                organization=org,
                assessments=[Proposal(p.pk, own[k], _score(own[k], rng)) for k, p in enumerate(people) if k not in me],
                on_date=D(year, 12, 8),
            )
            proposer = users.get("bithu") if org_code == MEMBER_CELL else None
            ratings.cell_propose_bulk(
                actor=proposer,
                period=period,
                organization=org,
                proposals=[Proposal(p.pk, lv, _score(lv, rng)) for p, lv in zip(people, levels, strict=True)],
                on_date=D(year, 12, 15),
            )
            ratings.committee_decide_bulk(
                actor=None,
                period=period,
                organization=org,
                decisions=[Proposal(p.pk, lv) for p, lv in zip(people, levels, strict=True)],
                on_date=D(year + 1, 1, 15),
                decision_symbol=f"{3 + year - 2024}-QĐ/ĐU" if org_code == MEMBER_COMMITTEE else f"{20 + year - 2024}-QĐ/ĐU",
            )
            made += n
    return made


def build_ratings(orgs: dict[str, Organization], seed: int = 366) -> tuple[int, int]:
    """The demo's organization and member reviews; answers how many of each."""
    rng = random.Random(seed)
    return _organizations(rng), _members(rng)
