"""The study pages: who may open them (a record outside the scope answers 404), the campaign's participation
with drill-down, the attendance sheet and its one-tap marks (whole page and HTMX fragment), the roster."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.testing import make_user
from apps.study.models import SessionAttendance, StudyCredit
from apps.study.tests.world import World, build

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def world() -> World:
    return build()


def test_the_committee_sees_the_campaign_and_drills_down(world: World) -> None:
    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"]))
    page = office.get(reverse("study:campaign_list"))
    assert page.status_code == 200 and "01-NQ/ĐH" in page.content.decode() and "87.50%" in page.content.decode()
    page = office.get(reverse("study:campaign", args=[world.campaign.pk]), {"ngay": "1-6-2023"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Đảng bộ Sở Tài chính" in text and "Chi bộ Sở Y tế" in text and "7/8" in text
    assert f"?to_chuc={world.orgs['A'].pk}" in text  # drill-down link
    assert "Dũng" in text  # the one who has not studied
    page = office.get(
        reverse("study:campaign", args=[world.campaign.pk]), {"to_chuc": str(world.orgs["A"].pk), "ngay": "1-6-2023"}
    )
    text = page.content.decode()
    assert "Chi bộ Kế toán" in text and "3/4" in text and "Chi bộ Sở Y tế" not in text
    assert office.get(reverse("study:campaign", args=[world.campaign.pk]), {"ngay": "12-3-2023"}).content.decode().count("3/8")


def test_scope_a_cell_secretary_sees_their_part_and_nothing_else(world: World) -> None:
    secretary = client_for(make_user(role=Role.CELL_SECRETARY, organization=world.orgs["B"]))
    page = secretary.get(reverse("study:campaign", args=[world.campaign.pk]), {"ngay": "1-6-2023"})
    text = page.content.decode()
    assert page.status_code == 200 and "Chi bộ Sở Y tế" in text and "2/2" in text and "Chi bộ Kế toán" not in text
    assert (
        secretary.get(reverse("study:campaign", args=[world.campaign.pk]), {"to_chuc": str(world.orgs["A"].pk)}).status_code
        == 404
    )
    assert secretary.get(reverse("study:session", args=[world.sessions["A1"].pk])).status_code == 404
    assert secretary.get(reverse("study:session", args=[world.sessions["B"].pk])).status_code == 200
    row = SessionAttendance.objects.get(session=world.sessions["A1"], person=world.people["an"])
    response = secretary.post(
        reverse("study:session_mark", args=[world.sessions["A1"].pk]), {"person": row.person_id, "present": "0"}
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.present
    nobody = client_for(make_user())
    assert nobody.get(reverse("study:campaign_list")).status_code == 403
    assert nobody.get(reverse("study:campaign", args=[world.campaign.pk])).status_code == 404
    assert Client().get(reverse("study:campaign_list")).status_code == 302


def test_one_tap_marks_a_member_and_the_figure_follows(world: World) -> None:
    secretary = client_for(make_user(role=Role.CELL_SECRETARY, organization=world.orgs["A"]))
    url = reverse("study:session_mark", args=[world.sessions["A1"].pk])
    dung = world.people["dung"]
    page = secretary.get(reverse("study:session", args=[world.sessions["A1"].pk]))
    assert page.status_code == 200 and f'id="p{dung.pk}"' in page.content.decode()
    response = secretary.post(url, {"person": dung.pk, "present": "1"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and text.strip().startswith("<li") and "st-present" in text
    # the tally above the sheet comes with the line, swapped out of band
    assert 'id="st-counts"' in text and 'hx-swap-oob="true"' in text and "Chưa điểm danh 0" in text
    assert StudyCredit.objects.filter(campaign=world.campaign, person=dung).exists()
    response = secretary.post(url, {"person": dung.pk, "present": "0", "reason": "Đi công tác"})
    assert response.status_code == 302
    row = SessionAttendance.objects.get(session=world.sessions["A1"], person=dung)
    assert not row.present and row.absence_reason == "Đi công tác"
    assert not StudyCredit.objects.filter(campaign=world.campaign, person=dung).exists()
    # a member of another organization is refused with the reason, nothing written
    response = secretary.post(url, {"person": world.people["hoa"].pk, "present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "Hoa" in response.content.decode()
    assert not SessionAttendance.objects.filter(person=world.people["hoa"], session=world.sessions["A1"]).exists()


def test_the_roster_lists_reporters_with_the_sessions_they_led(world: World) -> None:
    from apps.study import services

    reporter = services.reporter_add(
        actor=None, person=world.people["an"], role="reporter", organization=world.orgs["A"], valid_from=D(2020, 1, 1)
    )
    services.session_plan(
        actor=None, campaign=world.campaign, organization=world.orgs["A2"], held_on=D(2023, 4, 1), reporter=reporter
    )
    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"]))
    text = office.get(reverse("study:reporters")).content.decode()
    assert "Báo cáo viên" in text and reverse("study:reporter", args=[reporter.pk]) in text
    text = office.get(reverse("study:reporter", args=[reporter.pk])).content.decode()
    assert "Chi bộ Ngân sách" in text and "1/4/2023" in text
    other = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["B"]))
    assert other.get(reverse("study:reporter", args=[reporter.pk])).status_code == 404
