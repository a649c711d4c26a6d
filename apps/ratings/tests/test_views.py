"""The pages: scope (a forbidden period or organization answers 404), the three steps in the table, bulk entry
with the refusal shown at the top naming the rule, the shares with drill-down, the member's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.testing import make_user
from apps.ratings import services
from apps.ratings.choices import Level
from apps.ratings.models import MemberReview
from apps.ratings.services import Proposal
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db
D = dt.date
E, G, P = Level.EXCELLENT, Level.GOOD, Level.PASS


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _period_url(world: World, org: str | None = None) -> str:
    url = reverse("ratings:period", args=[world.periods[2025].pk])
    return f"{url}?to_chuc={world.org(org).pk}" if org else url


def test_scope_decides_what_answers_404(world: World) -> None:
    assert _client(make_user("nobody")).get(_period_url(world)).status_code == 404
    secretary = _client(world.users["secretary_a1"])
    assert secretary.get(_period_url(world)).status_code == 200  # a cell's Secretary sees the committee's period
    page = secretary.get(_period_url(world, "A"))
    assert page.status_code == 200
    text = page.content.decode()
    assert world.people["A1"][0].full_name in text and "Chi bộ Ngân sách" not in text  # only their cell's members
    assert secretary.get(_period_url(world, "C")).status_code == 404
    assert _client(world.users["outsider"]).get(_period_url(world, "A")).status_code == 404
    assert secretary.get(reverse("ratings:periods")).status_code == 200
    assert _client(make_user("nobody2")).get(reverse("ratings:periods")).status_code == 403


def test_bulk_decision_refused_at_the_top_naming_the_rule_then_accepted(world: World) -> None:
    board = _client(world.users["board"])
    page = board.get(_period_url(world, "A")).content.decode()
    assert 'id="decide-form"' in page and 'id="propose-form"' not in page  # the Board decides, does not propose
    people = world.people["A1"] + world.people["A2"]
    url = reverse("ratings:decide", args=[world.periods[2025].pk, world.org("A").pk])
    levels = [E] * 5 + [G] * 15 + [P] * 5
    data = {f"level_{p.pk}": lv for p, lv in zip(people, levels, strict=True)} | {"ngay": "15-1-2026", "so_quyet_dinh": "3-QĐ/ĐU"}
    response = board.post(url, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert 'data-testid="refusal"' in text
    assert (
        "Quy định 366-QĐ/TW: số đảng viên Hoàn thành xuất sắc nhiệm vụ (5) vượt 20% số Hoàn thành tốt nhiệm vụ trở lên (20)"
        in text
    )
    assert text.count(" selected>Hoàn thành xuất sắc nhiệm vụ<") >= 5  # the choices kept for correcting
    assert not MemberReview.objects.exclude(decided_level="").exists()
    data[f"level_{people[4].pk}"] = G
    response = board.post(url, data)
    assert response.status_code == 302
    assert MemberReview.objects.filter(decided_level=E).count() == 4
    assert MemberReview.objects.filter(decision_symbol="3-QĐ/ĐU").count() == 25
    # a cell's Secretary may not post a decision
    assert _client(world.users["secretary_a1"]).post(url, data).status_code == 404


def test_bulk_proposal_by_the_secretary(world: World) -> None:
    secretary = _client(world.users["secretary_a1"])
    url = reverse("ratings:propose", args=[world.periods[2025].pk, world.org("A").pk])
    people = world.people["A1"]
    data = {f"level_{p.pk}": G for p in people} | {f"score_{p.pk}": "80" for p in people} | {"ngay": "10-12-2025"}
    data[f"score_{people[0].pk}"] = "95"
    response = secretary.post(url, data)
    assert response.status_code == 422
    assert "Quy định 366-QĐ/TW: 95 điểm thuộc mức Hoàn thành xuất sắc nhiệm vụ" in response.content.decode()
    data[f"score_{people[0].pk}"] = "88.5"
    assert secretary.post(url, data).status_code == 302
    assert MemberReview.objects.filter(proposed_level=G, proposed_by=world.users["secretary_a1"]).count() == len(people)


def test_shares_and_drill_down(world: World) -> None:
    period = world.periods[2025]
    people = world.people["A1"] + world.people["A2"]
    levels = [E] * 3 + [G] * 17 + [P] * 5
    services.committee_decide_bulk(
        actor=None,
        period=period,
        organization=world.org("A"),
        decisions=[Proposal(p.pk, lv) for p, lv in zip(people, levels, strict=True)],
        on_date=D(2026, 1, 15),
    )
    board = _client(world.users["board"])
    page = board.get(reverse("ratings:shares", args=[period.pk])).content.decode()
    assert "(12,0%)" in page and "(68,0%)" in page and "Đảng bộ Sở Tài chính" in page
    listed = board.get(reverse("ratings:shares", args=[period.pk]) + f"?to_chuc={world.org('A').pk}&muc=excellent")
    assert listed.status_code == 200
    names = {p.full_name for p in people[:3]}
    text = listed.content.decode()
    assert all(n in text for n in names)
    before = board.get(reverse("ratings:shares", args=[period.pk]) + "?ngay=14-1-2026").content.decode()
    assert "(12,0%)" not in before


def test_the_member_sees_their_rating_history_on_their_page(world: World) -> None:
    me = world.people["A1"][0]
    for year in (2024, 2025):
        services.self_assess(
            actor=world.users["member"], period=world.periods[year], person=me, level=G, score=80, on_date=D(year, 12, 1)
        )
    services.committee_decide(
        actor=None, period=world.periods[2024], person=me, level=G, on_date=D(2025, 1, 10), decision_symbol="1-QĐ/ĐU"
    )
    page = _client(world.users["member"]).get(reverse("members:detail", args=[me.pk])).content.decode()
    assert 'data-testid="ratings-history"' in page and "Năm 2025" in page and "Năm 2024" in page and "1-QĐ/ĐU" in page
    # another member's page is not theirs to see; the Board sees the history of anyone in its subtree
    other = world.people["A1"][1]
    assert _client(world.users["member"]).get(reverse("members:detail", args=[other.pk])).status_code == 404
    assert "ratings-history" in _client(world.users["board"]).get(reverse("members:detail", args=[me.pk])).content.decode()
