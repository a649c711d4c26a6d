"""The organizations' review page (self-assessment, proposal, decision of the organizations a committee rates,
the cap refused naming the rule, nothing written on a refusal) and the member's own self-assessment pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.ratings import services
from apps.ratings.models import MemberReview, OrganizationReview
from apps.ratings.tests.world import World

pytestmark = pytest.mark.django_db
D = dt.date


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _page(world: World) -> str:
    return reverse("ratings:organizations", args=[world.periods[2025].pk])


def _step(world: World, step: str) -> str:
    return reverse("ratings:organization_step", args=[world.periods[2025].pk, step])


def _rows(text: str) -> int:
    return text.count("<tr data-org=")


def test_the_page_lists_the_organizations_the_committee_rates_in_scope(world: World) -> None:
    assert _client(make_user("nobody")).get(_page(world)).status_code == 404
    board = _client(world.users["board"]).get(_page(world)).content.decode()
    assert _rows(board) == 2 and "Đảng bộ Sở Tài chính" in board and "Chi bộ Sở Tư pháp" in board
    assert "Chi bộ Kế toán" not in board  # A's cells are rated by A, not by R
    assert 'id="decide-form"' in board and 'id="propose-form"' not in board  # the Board decides, does not propose
    assert 'id="self-form"' not in board  # the self-assessments are the organizations' own
    assert f'id="d-{world.org("A").pk}"' in board
    # C's Secretary: only C, whose self-assessment they record; no proposal, no decision
    secretary = _client(world.users["secretary_c"]).get(_page(world)).content.decode()
    assert _rows(secretary) == 1 and f'id="s-{world.org("C").pk}"' in secretary
    assert 'id="decide-form"' not in secretary and 'id="propose-form"' not in secretary
    # the period page links to it
    assert (
        _page(world)
        in _client(world.users["board"]).get(reverse("ratings:period", args=[world.periods[2025].pk])).content.decode()
    )


def test_a_grassroots_committees_period_lists_its_cells(world: World) -> None:
    period = services.review_period_open(
        actor=None, organization=world.org("A"), year=2025, start_date=D(2025, 1, 1), end_date=D(2025, 12, 31)
    )
    text = _client(world.users["board_a"]).get(reverse("ratings:organizations", args=[period.pk])).content.decode()
    assert _rows(text) == 2 and "Chi bộ Kế toán" in text and "Chi bộ Ngân sách" in text


def test_self_assessment_refused_naming_the_band_then_recorded(world: World) -> None:
    c = world.org("C")
    secretary = _client(world.users["secretary_c"])
    events = AuditEvent.objects.filter(event_type="rating.org_self_assessed")
    response = secretary.post(
        _step(world, "tu-danh-gia"), {f"level_{c.pk}": "excellent", f"score_{c.pk}": "85", "ngay": "1-12-2025"}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert 'data-testid="refusal"' in text and "Tự đánh giá không được ghi" in text
    assert "Chi bộ Sở Tư pháp: Quy định 366-QĐ/TW: 85 điểm thuộc mức Hoàn thành tốt nhiệm vụ" in text
    assert 'value="85"' in text  # the score kept for correcting
    assert not OrganizationReview.objects.exists() and not events.exists()
    response = secretary.post(_step(world, "tu-danh-gia"), {f"level_{c.pk}": "good", f"score_{c.pk}": "85", "ngay": "1-12-2025"})
    assert response.status_code == 302
    review = OrganizationReview.objects.get(organization=c)
    assert (review.self_level, review.self_score, review.self_on) == ("good", 85, D(2025, 12, 1))
    assert events.get().organization_id == c.pk
    # another organization's self-assessment is out of scope: 404, nothing written
    a = world.org("A")
    assert secretary.post(_step(world, "tu-danh-gia"), {f"level_{a.pk}": "good", "ngay": "1-12-2025"}).status_code == 404
    assert OrganizationReview.objects.count() == 1
    # a bad day is refused at the top, nothing written
    response = secretary.post(_step(world, "tu-danh-gia"), {f"level_{c.pk}": "pass", "ngay": "31-2-2025"})
    assert response.status_code == 422 and OrganizationReview.objects.get().self_level == "good"
    assert secretary.post(_step(world, "khac"), {}).status_code == 404


def test_the_decision_refused_over_the_cap_naming_the_rule_then_recorded(world: World) -> None:
    a, c = world.org("A"), world.org("C")
    board = _client(world.users["board"])
    events = AuditEvent.objects.filter(event_type="rating.org_decided")
    data = {f"level_{a.pk}": "excellent", f"level_{c.pk}": "good", "ngay": "15-1-2026", "so_quyet_dinh": "5-QĐ/ĐU"}
    response = board.post(_step(world, "quyet-dinh"), data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Quyết định xếp loại không được ghi" in text
    assert (
        "Quy định 366-QĐ/TW: số tổ chức đảng Hoàn thành xuất sắc nhiệm vụ (1) vượt 20% số Hoàn thành tốt nhiệm vụ trở lên (2)"
        " của các tổ chức đảng thuộc Đảng bộ Khối" in text
    )
    assert 'value="5-QĐ/ĐU"' in text and text.count(" selected>Hoàn thành xuất sắc nhiệm vụ<") == 1
    assert not OrganizationReview.objects.exclude(decided_level="").exists() and not events.exists()
    # through HTMX the refusal comes back as the section alone, status 200 (htmx swaps it)
    response = board.post(_step(world, "quyet-dinh"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert 'data-testid="refusal"' in response.content.decode()
    data[f"level_{a.pk}"] = "good"
    response = board.post(_step(world, "quyet-dinh"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == _page(world)
    assert dict(OrganizationReview.objects.values_list("organization_id", "decided_level")) == {a.pk: "good", c.pk: "good"}
    assert events.count() == 2 and OrganizationReview.objects.filter(decision_symbol="5-QĐ/ĐU").count() == 2
    page = board.get(_page(world)).content.decode()
    assert "Hoàn thành tốt nhiệm vụ <b>2</b>" in page
    # a Board below R (C's) may not decide the period's organizations
    outsider = _client(world.users["outsider"])
    assert outsider.post(_step(world, "quyet-dinh"), {f"level_{c.pk}": "pass", "ngay": "16-1-2026"}).status_code == 404
    assert OrganizationReview.objects.get(organization=c).decided_level == "good"


def test_the_proposal_then_closed_after_the_decision(world: World) -> None:
    a = world.org("A")
    office = _client(make_user("office", role=Role.OFFICE_CLERK, organization=world.org("R")))
    assert (
        office.post(_step(world, "de-xuat"), {f"level_{a.pk}": "good", f"score_{a.pk}": "80", "ngay": "10-1-2026"}).status_code
        == 302
    )
    review = OrganizationReview.objects.get(organization=a)
    assert (review.proposed_level, review.proposed_score) == ("good", 80)
    assert AuditEvent.objects.filter(event_type="rating.org_proposed", target_id=review.pk).exists()
    assert office.post(_step(world, "quyet-dinh"), {f"level_{a.pk}": "good", "ngay": "15-1-2026"}).status_code == 302
    assert f'id="p-{a.pk}"' not in office.get(_page(world)).content.decode()  # the proposal is closed
    response = office.post(_step(world, "de-xuat"), {f"level_{a.pk}": "pass", "ngay": "16-1-2026"})
    assert response.status_code == 422 and "Cấp ủy đã quyết định xếp loại" in response.content.decode()
    assert OrganizationReview.objects.get(organization=a).proposed_level == "good"
    # nothing picked: refused, not an empty success
    assert office.post(_step(world, "de-xuat"), {"ngay": "16-1-2026"}).status_code == 422


# ---------------------------------------------------------------- the member's own self-assessment


def test_the_member_self_assesses_through_their_own_pages(world: World) -> None:
    member, own = _client(world.users["member"]), world.people["A1"][0]
    assert reverse("ratings:mine") in member.get(reverse("handbook:ratings")).content.decode()  # the handbook links here
    mine = member.get(reverse("ratings:mine")).content.decode()
    assert mine.count('data-testid="my-review"') == 2  # 2025 and 2024
    url = reverse("ratings:self_assessment", args=[world.periods[2025].pk])
    assert url in mine
    page = member.get(url).content.decode()
    assert own.full_name in page and "Khung điểm theo Quy định 366-QĐ/TW" in page and "từ 90 điểm" in page
    response = member.post(url, {"level": "excellent", "score": "85", "note": "", "on_date": "1-12-2025"})
    assert response.status_code == 422
    assert "Quy định 366-QĐ/TW: 85 điểm thuộc mức Hoàn thành tốt nhiệm vụ" in response.content.decode()
    assert not MemberReview.objects.filter(person=own).exists()
    response = member.post(
        url, {"level": "good", "score": "85,5", "note": "Hoàn thành các nhiệm vụ được giao", "on_date": "1-12-2025"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("ratings:mine")
    review = MemberReview.objects.get(person=own, period=world.periods[2025])
    assert (review.self_level, str(review.self_score), review.self_by) == ("good", "85.50", world.users["member"])
    assert AuditEvent.objects.filter(event_type="rating.self_assessed", target_id=review.pk).count() == 1
    # once the cell has proposed, the page says so and a post changes nothing
    services.cell_propose(actor=None, period=world.periods[2025], person=own, level="good", on_date=D(2025, 12, 10))
    assert 'data-testid="closed"' in member.get(url).content.decode()
    assert member.post(url, {"level": "pass", "on_date": "11-12-2025"}).status_code == 422
    assert MemberReview.objects.get(pk=review.pk).self_level == "good"


def test_the_self_assessment_is_the_members_own_only(world: World) -> None:
    url = reverse("ratings:self_assessment", args=[world.periods[2025].pk])
    # no member record: nothing to assess
    nobody = _client(make_user("nobody"))
    assert nobody.get(url).status_code == 404
    assert 'data-testid="my-review"' not in nobody.get(reverse("ratings:mine")).content.decode()
    # a period that does not review the member (C's own): 404
    other = services.review_period_open(
        actor=None, organization=world.org("C"), year=2025, start_date=D(2025, 1, 1), end_date=D(2025, 12, 31)
    )
    assert _client(world.users["member"]).get(reverse("ratings:self_assessment", args=[other.pk])).status_code == 404
    assert not MemberReview.objects.exists()
