"""The rating rules from the rule table: bands, the cap on the excellent level (20% exactly allowed), the
disciplined member, and the rule in force on the period's end date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from apps.core import audit
from apps.core.errors import DomainError
from apps.core.models import RuleValue
from apps.ratings import rules, services
from apps.ratings.choices import Level
from apps.ratings.models import MemberReview
from apps.ratings.services import Proposal
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db
D = dt.date
E, G, P, F = Level.EXCELLENT, Level.GOOD, Level.PASS, Level.FAIL


def _a_members(world: World) -> list:
    return world.people["A1"] + world.people["A2"]


def _decide(world: World, year: int, levels: Sequence[str], **kw: Any) -> list[MemberReview]:
    people = _a_members(world)[: len(levels)]
    return services.committee_decide_bulk(
        actor=kw.pop("actor", None),
        period=world.periods[year],
        organization=world.org("A"),
        decisions=[Proposal(p.pk, lv) for p, lv in zip(people, levels, strict=True)],
        on_date=D(year + 1, 1, 15),
        decision_symbol="12-QĐ/ĐU",
    )


@pytest.mark.parametrize(
    ("score", "level"),
    [("100", E), ("90", E), ("89.99", G), ("70", G), ("69.99", P), ("50", P), ("49.99", F), ("0", F)],
)
def test_bands(world: World, score: str, level: str) -> None:
    assert rules.band_of(Decimal(score), D(2025, 12, 31)) == level
    rules.check_score(level, Decimal(score), D(2025, 12, 31))  # the right band passes


def test_a_score_outside_its_band_is_refused_naming_the_rule(world: World) -> None:
    person = world.people["A1"][1]
    with pytest.raises(DomainError) as exc:
        services.cell_propose(actor=None, period=world.periods[2025], person=person, level=E, score="85", on_date=D(2025, 12, 10))
    message = exc.value.message
    assert exc.value.code == "score_band"
    assert message.startswith("Quy định 366-QĐ/TW: 85 điểm thuộc mức Hoàn thành tốt nhiệm vụ (từ 70 đến dưới 90 điểm)")
    assert "không phải Hoàn thành xuất sắc nhiệm vụ (từ 90 điểm)" in message
    assert not MemberReview.objects.exclude(proposed_level="").exists()
    # the 2024 review is judged by the rule in force at its end: 124-QĐ/TW
    with pytest.raises(DomainError) as exc:
        services.self_assess(actor=None, period=world.periods[2024], person=person, level=P, score="72", on_date=D(2024, 12, 10))
    assert exc.value.message.startswith("Quy định 124-QĐ/TW: 72 điểm thuộc mức Hoàn thành tốt nhiệm vụ")


def test_the_cap_refuses_the_whole_decision_naming_the_rule_and_the_numbers(world: World) -> None:
    levels = [E] * 5 + [G] * 15 + [P] * 5
    with pytest.raises(DomainError) as exc:
        _decide(world, 2025, levels)
    assert exc.value.code == "excellent_cap"
    assert exc.value.message == (
        "Quy định 366-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ (5) vượt 20% số Hoàn thành tốt nhiệm vụ trở lên "
        "(20) của Đảng bộ Sở Tài chính; tối đa 4."
    )
    assert not MemberReview.objects.exclude(decided_level="").exists()  # nothing of the decision was kept


def test_exactly_twenty_percent_is_allowed(world: World) -> None:
    levels = [E] * 4 + [G] * 16 + [P] * 5
    done = _decide(world, 2025, levels)
    assert [r.level for r in done] == levels
    assert MemberReview.objects.filter(decided_level=E).count() == 4
    # one more excellent, replacing a good one, breaks it: 5 of 20
    fifth = _a_members(world)[4]
    with pytest.raises(DomainError, match=r"Quy định 366-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ \(5\)"):
        services.committee_decide(actor=None, period=world.periods[2025], person=fifth, level=E, on_date=D(2026, 1, 20))
    assert MemberReview.objects.get(person=fifth, period=world.periods[2025]).decided_level == G


def test_the_cap_counts_each_grassroots_organization_on_its_own(world: World) -> None:
    # the grassroots cell C: 1 excellent of 4 good-or-above is 25%, refused, although A's figures would allow it
    _decide(world, 2025, [E] * 4 + [G] * 16)
    with pytest.raises(DomainError, match="của Chi bộ Sở Tư pháp"):
        services.committee_decide_bulk(
            actor=None,
            period=world.periods[2025],
            organization=world.org("C"),
            decisions=[Proposal(p.pk, lv) for p, lv in zip(world.people["C"], [E, G, G, G], strict=True)],
            on_date=D(2026, 1, 15),
        )
    done = services.committee_decide_bulk(
        actor=None,
        period=world.periods[2025],
        organization=world.org("C"),
        decisions=[Proposal(p.pk, lv) for p, lv in zip(world.people["C"], [G, G, G, P], strict=True)],
        on_date=D(2026, 1, 15),
    )
    assert len(done) == 4


def test_a_disciplined_member_may_not_be_excellent(world: World) -> None:
    person = world.people["A2"][0]
    period = world.periods[2025]
    with pytest.raises(DomainError) as exc:
        services.cell_propose(
            actor=None, period=period, person=person, level=E, score="95", on_date=D(2025, 12, 10), disciplined_in_period=True
        )
    assert exc.value.code == "disciplined_excellent"
    assert exc.value.message.startswith("Quy định 366-QĐ/TW: đảng viên bị kỷ luật trong kỳ không được xếp loại")
    review = services.cell_propose(
        actor=None,
        period=period,
        person=person,
        level=P,
        on_date=D(2025, 12, 10),
        disciplined_in_period=True,
        discipline_note="Khiển trách (ví dụ)",
    )
    assert review.disciplined_in_period and review.level == P
    with pytest.raises(DomainError, match="bị kỷ luật trong kỳ"):
        services.committee_decide(actor=None, period=period, person=person, level=E, on_date=D(2026, 1, 10))
    # the rule is data: a version that lifts it, in force before the period's end, lets the decision through
    with audit.service_scope():
        RuleValue.objects.create(
            key=rules.DISCIPLINED, value=False, regulation="999-QĐ/TW", effective_from=D(2025, 12, 1), description="thử"
        )
    services.committee_decide(actor=None, period=period, person=person, level=E, on_date=D(2026, 1, 10))


def test_the_rule_in_force_on_the_period_end_decides(world: World) -> None:
    # a stricter cap from 1-1-2026 does not touch the 2025 period, whose end came before it
    RuleValue.objects.create(key=rules.CAP, value=10, regulation="500-QĐ/TW", effective_from=D(2026, 1, 1))
    _decide(world, 2025, [E] * 4 + [G] * 16)
    # a 2026 review is judged by it: 2 of 16 (12.5%) is over 10%
    later = services.review_period_open(
        actor=None, organization=world.org("R"), year=2026, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31)
    )
    people = _a_members(world)[:16]
    with pytest.raises(DomainError) as exc:
        services.committee_decide_bulk(
            actor=None,
            period=later,
            organization=world.org("A"),
            decisions=[Proposal(p.pk, E if i < 2 else G) for i, p in enumerate(people)],
            on_date=D(2026, 11, 1),
        )
    assert exc.value.message.startswith("Quy định 500-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ (2) vượt 10% số")
    # the 2024 period is judged by 124-QĐ/TW: the same 20%, cited by its own number
    with pytest.raises(DomainError) as exc:
        _decide(world, 2024, [E] * 5 + [G] * 15)
    assert exc.value.message.startswith("Quy định 124-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ (5) vượt 20%")


def test_seeded_rules_name_their_regulation_and_are_marked_verify(db: None) -> None:
    rows = RuleValue.objects.filter(key__startswith="ratings.")
    assert {(r.key, r.regulation) for r in rows} == {
        (key, reg) for key in (rules.BANDS, rules.CAP, rules.DISCIPLINED) for reg in ("124-QĐ/TW", "366-QĐ/TW")
    }
    assert all(r.verify for r in rows)
    assert rows.get(key=rules.CAP, regulation="366-QĐ/TW").effective_from == D(2025, 8, 30)
