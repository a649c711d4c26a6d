"""The three steps of a review: who may record each, their order, the level derived from the latest one, the audit
trail; organizations reviewed likewise; the indicators."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core import indicators
from apps.core.errors import DomainError, NotVisibleError
from apps.core.indicators import Question
from apps.core.models import AuditEvent
from apps.ratings import selectors, services
from apps.ratings.choices import AuditEventType, Level, Step
from apps.ratings.models import MemberReview, OrganizationReview
from apps.ratings.services import Proposal
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db
D = dt.date
E, G, P, F = Level.EXCELLENT, Level.GOOD, Level.PASS, Level.FAIL


def test_the_steps_in_order_and_the_level_from_the_latest(world: World) -> None:
    period = world.periods[2025]
    me = world.people["A1"][0]
    member, secretary, board = world.users["member"], world.users["secretary_a1"], world.users["board_a"]
    review = services.self_assess(
        actor=member, period=period, person=me, level=E, score="92", note="Tự nhận", on_date=D(2025, 12, 1)
    )
    assert (review.level, review.step) == (E, Step.SELF)
    assert review.organization == world.org("A") and review.unit == world.org("A1")  # placed at the period's end
    review = services.cell_propose(actor=secretary, period=period, person=me, level=G, score="85", on_date=D(2025, 12, 10))
    assert (review.level, review.step, review.self_level) == (G, Step.PROPOSED, E)
    assert review.proposed_by == secretary and review.proposed_by_label == "secretary_a1"
    with pytest.raises(DomainError, match="không sửa tự đánh giá"):
        services.self_assess(actor=member, period=period, person=me, level=G, on_date=D(2025, 12, 11))
    review = services.committee_decide(
        actor=board, period=period, person=me, level=G, on_date=D(2026, 1, 10), decision_symbol="05-QĐ/ĐU"
    )
    assert (review.level, review.step, review.decided_by_label, review.decision_symbol) == (
        G,
        Step.DECIDED,
        "board_a",
        "05-QĐ/ĐU",
    )
    with pytest.raises(DomainError, match="không sửa đề xuất"):
        services.cell_propose(actor=secretary, period=period, person=me, level=P, on_date=D(2026, 1, 11))
    # each step audited with before and after, on the member's cell
    events = list(AuditEvent.objects.filter(target_type="ratings.memberreview", target_id=str(review.pk)).order_by("id"))
    assert [e.event_type for e in events] == [AuditEventType.SELF_ASSESSED, AuditEventType.PROPOSED, AuditEventType.DECIDED]
    assert (events[1].before or {})["proposed_level"] == "" and (events[1].after or {})["proposed_level"] == G
    assert events[2].actor == board and {e.organization_id for e in events} == {world.org("A1").pk}
    # the history, as the member sees it
    assert list(selectors.member_history(member, me)) == [review]


def test_who_may_record_each_step(world: World) -> None:
    period = world.periods[2025]
    other = world.people["A1"][1]
    member, secretary_a1, secretary_c = world.users["member"], world.users["secretary_a1"], world.users["secretary_c"]
    # a member assesses only themself
    with pytest.raises(NotVisibleError):
        services.self_assess(actor=member, period=period, person=other, level=G, on_date=D(2025, 12, 1))
    # the Secretary records it for a member of their cell, not for another cell's
    services.self_assess(actor=secretary_a1, period=period, person=other, level=G, on_date=D(2025, 12, 1))
    with pytest.raises(NotVisibleError):
        services.cell_propose(actor=secretary_c, period=period, person=other, level=G, on_date=D(2025, 12, 2))
    # a Secretary proposes but does not decide
    with pytest.raises(NotVisibleError):
        services.committee_decide(actor=secretary_a1, period=period, person=other, level=G, on_date=D(2026, 1, 2))
    with pytest.raises(NotVisibleError):
        services.committee_decide_bulk(
            actor=world.users["outsider"],
            period=period,
            organization=world.org("A"),
            decisions=[Proposal(other.pk, G)],
            on_date=D(2026, 1, 2),
        )
    assert not MemberReview.objects.exclude(decided_level="").exists()
    with pytest.raises(NotVisibleError):
        services.review_period_open(
            actor=secretary_a1, organization=world.org("R"), year=2023, start_date=D(2023, 1, 1), end_date=D(2023, 12, 31)
        )


def test_dates_and_placement_are_checked(world: World) -> None:
    period = world.periods[2025]
    person = world.people["C"][0]
    with pytest.raises(DomainError, match="trước khi đợt đánh giá bắt đầu"):
        services.self_assess(actor=None, period=period, person=person, level=G, on_date=D(2024, 12, 31))
    with pytest.raises(DomainError, match="tương lai"):
        services.cell_propose(actor=None, period=period, person=person, level=G, on_date=D(2099, 1, 1))
    services.cell_propose(actor=None, period=period, person=person, level=G, on_date=D(2025, 12, 10))
    with pytest.raises(DomainError, match="trước bước trước đó"):
        services.committee_decide(actor=None, period=period, person=person, level=G, on_date=D(2025, 12, 9))
    # a member of A is not decided in C's bulk decision
    with pytest.raises(DomainError, match="không thuộc Chi bộ Sở Tư pháp"):
        services.committee_decide_bulk(
            actor=None,
            period=period,
            organization=world.org("C"),
            decisions=[Proposal(world.people["A1"][0].pk, G)],
            on_date=D(2026, 1, 2),
        )
    with pytest.raises(DomainError, match="tổ chức cơ sở đảng"):
        services.committee_decide_bulk(
            actor=None, period=period, organization=world.org("A1"), decisions=[Proposal(person.pk, G)], on_date=D(2026, 1, 2)
        )


def test_bulk_proposal_and_decision_write_one_audit_row_per_review(world: World) -> None:
    period = world.periods[2025]
    people = world.people["A1"] + world.people["A2"]
    secretary = world.users["secretary_a1"]
    # the A1 Secretary may not propose for A2's members: the whole bulk is refused, naming the row
    with pytest.raises(NotVisibleError):
        services.cell_propose_bulk(
            actor=secretary,
            period=period,
            organization=world.org("A"),
            proposals=[Proposal(p.pk, G) for p in people],
            on_date=D(2025, 12, 10),
        )
    assert not MemberReview.objects.exclude(proposed_level="").exists()
    done = services.cell_propose_bulk(
        actor=secretary,
        period=period,
        organization=world.org("A"),
        proposals=[Proposal(p.pk, G, score="80") for p in world.people["A1"]],
        on_date=D(2025, 12, 10),
    )
    assert {r.proposed_level for r in done} == {G}
    assert AuditEvent.objects.filter(event_type=AuditEventType.PROPOSED).count() == len(world.people["A1"])
    levels = [E] * 2 + [G] * 15 + [P] * 7 + [F]
    services.committee_decide_bulk(
        actor=world.users["board"],
        period=period,
        organization=world.org("A"),
        decisions=[Proposal(p.pk, lv) for p, lv in zip(people, levels, strict=True)],
        on_date=D(2026, 1, 12),
        decision_symbol="07-QĐ/ĐU",
    )
    events = AuditEvent.objects.filter(event_type=AuditEventType.DECIDED)
    assert events.count() == len(people) and len(set(events.values_list("request_id", flat=True))) == 1
    shares = selectors.member_shares(world.users["board"], period, world.org("R"))
    assert shares.counts == {E: 2, G: 15, P: 7, F: 1} and shares.decided == 25
    assert shares.share(E) == 8  # 2 of 25
    assert {s.organization.code: s.decided for s in shares.children} == {"A": 25}
    # as of a day before the decision: none decided yet
    assert selectors.member_shares(world.users["board"], period, world.org("R"), D(2026, 1, 11)).decided == 0
    # the A1 Secretary sees A1's part only
    assert selectors.member_shares(secretary, period, world.org("A")).decided == len(world.people["A1"])


def test_organizations_reviewed_likewise_and_the_share_indicator(world: World) -> None:
    period = world.periods[2025]
    a, c = world.org("A"), world.org("C")
    services.organization_self_assess(
        actor=world.users["board_a"], period=period, organization=a, level=G, score=82, on_date=D(2025, 12, 5)
    )
    with pytest.raises(DomainError, match="Quy định 366-QĐ/TW: 60 điểm thuộc mức Hoàn thành nhiệm vụ"):
        services.organization_propose(actor=None, period=period, organization=c, level=G, score=60, on_date=D(2025, 12, 10))
    with pytest.raises(DomainError, match="số tổ chức đảng Hoàn thành xuất sắc nhiệm vụ \\(1\\) vượt 20%"):
        services.organization_decide_bulk(
            actor=world.users["board"], period=period, decisions=[Proposal(a.pk, E), Proposal(c.pk, G)], on_date=D(2026, 1, 5)
        )
    # the committee running the period decides for the organizations below it, not for itself
    with pytest.raises(DomainError, match="không thuộc"):
        services.organization_decide(actor=None, period=period, organization=world.org("R"), level=G, on_date=D(2026, 1, 5))
    services.organization_decide_bulk(
        actor=world.users["board"], period=period, decisions=[Proposal(a.pk, G), Proposal(c.pk, P)], on_date=D(2026, 1, 5)
    )
    assert [r.level for r in OrganizationReview.objects.order_by("organization__code")] == [G, P]
    q = Question(
        organization_ids=(world.org("R").pk,),
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        as_of=D(2026, 6, 1),
        params={"level": "good_or_above"},
    )
    figure = indicators.compute("ratings.organization_share", q)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, 50)
    # as of a day before the decision there is nothing to count; the year before has no reviews
    assert (
        indicators.compute(
            "ratings.organization_share", Question(q.organization_ids, q.start, q.end, D(2026, 1, 4), q.params)
        ).denominator
        == 0
    )
    evidence = indicators.get("ratings.organization_share").evidence(q, world.users["board"])
    assert [r.organization.code for r in evidence.queryset] == ["C", "A"]  # Chi bộ before Đảng bộ
    assert (
        not indicators.get("ratings.organization_share")
        .evidence(q, world.users["secretary_c"])
        .queryset.filter(organization=a)
        .exists()
    )


def test_member_share_indicator(world: World) -> None:
    period = world.periods[2024]
    services.committee_decide_bulk(
        actor=None,
        period=period,
        organization=world.org("C"),
        decisions=[Proposal(p.pk, lv) for p, lv in zip(world.people["C"], [G, G, P, F], strict=True)],
        on_date=D(2025, 1, 10),
    )
    for level, expected in (("good_or_above", 50), ("pass_or_above", 75), ("fail", 25), ("excellent", 0)):
        q = Question((world.org("R").pk,), D(2024, 1, 1), D(2024, 12, 31), D(2025, 12, 31), {"level": level})
        assert indicators.compute("ratings.member_share", q).value == expected, level
    # counted once when the question names the committee and a grassroots organization inside it
    q = Question((world.org("R").pk, world.org("C").pk), D(2024, 1, 1), D(2024, 12, 31), D(2025, 12, 31), {"level": "fail"})
    assert indicators.compute("ratings.member_share", q).denominator == 4


def test_self_assessments_entered_in_bulk_by_the_secretary(world: World) -> None:
    period = world.periods[2025]
    secretary = world.users["secretary_a1"]
    with pytest.raises(NotVisibleError):  # A2's members are not the A1 Secretary's to enter
        services.self_assess_bulk(
            actor=secretary,
            period=period,
            organization=world.org("A"),
            assessments=[Proposal(p.pk, G, 80) for p in world.people["A1"] + world.people["A2"][:1]],
            on_date=D(2025, 12, 8),
        )
    with pytest.raises(DomainError) as exc:
        services.self_assess_bulk(
            actor=secretary,
            period=period,
            organization=world.org("A"),
            assessments=[Proposal(p.pk, G, 80 if i else 91) for i, p in enumerate(world.people["A1"])],
            on_date=D(2025, 12, 8),
        )
    assert exc.value.row == 1 and exc.value.code == "score_band"
    assert not MemberReview.objects.exclude(self_level="").exists()
    done = services.self_assess_bulk(
        actor=secretary,
        period=period,
        organization=world.org("A"),
        assessments=[Proposal(p.pk, G, 80) for p in world.people["A1"]],
        on_date=D(2025, 12, 8),
    )
    assert [r.step for r in done] == [Step.SELF] * len(world.people["A1"])
    assert MemberReview.objects.filter(self_level=G, self_by=secretary, version=2).count() == len(world.people["A1"])
    assert AuditEvent.objects.filter(event_type=AuditEventType.SELF_ASSESSED).count() == len(world.people["A1"])
