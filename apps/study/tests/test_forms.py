"""The study write pages: a campaign, a session (and a make-up one), a reporter, each through its service, with
refusals shown at the field in Vietnamese and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.members import services as member_services
from apps.study.models import Campaign, Reporter, Session
from apps.study.tests.world import World, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def _client(world: World, role: str = Role.PROPAGANDA, org: str = "R") -> Client:
    c = Client()
    c.force_login(make_user(role=role, organization=world.orgs[org]))
    return c


def test_the_propaganda_board_creates_a_campaign_with_the_symbol_normalized(world: World) -> None:
    c = _client(world)
    assert "Tạo đợt học tập" in c.get("/hoc-tap/").content.decode()
    r = c.post(
        "/hoc-tap/tao-dot/",
        {
            "organization": world.orgs["R"].pk,
            "title": "Học tập Nghị quyết 18",
            "document_symbol": "18 - NQ/TW",
            "document_date": "25-10-2017",
            "document_issuer": "Ban Chấp hành Trung ương",
            "start_date": "1-12-2026",
            "end_date": "31-12-2026",
        },
    )
    campaign = Campaign.objects.get(title="Học tập Nghị quyết 18")
    assert r.status_code == 302 and r["Location"] == f"/hoc-tap/dot/{campaign.pk}/"
    assert campaign.document_symbol == "18-NQ/TW" and campaign.document_date == dt.date(2017, 10, 25)
    assert AuditEvent.objects.filter(target_id=str(campaign.pk), event_type="study.campaign_created").exists()


def test_a_bad_campaign_is_refused_at_its_fields_and_nothing_is_written(world: World) -> None:
    c = _client(world)
    before = Campaign.objects.count()
    r = c.post(
        "/hoc-tap/tao-dot/",
        {
            "organization": world.orgs["R"].pk,
            "title": "X",
            "document_symbol": "Nghị quyết",
            "start_date": "31-12-2026",
            "end_date": "1-12-2026",
        },
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert "Không đọc được số, ký hiệu" in page and "Ngày kết thúc phải từ ngày bắt đầu trở đi" in page
    assert Campaign.objects.count() == before


def test_a_session_and_a_make_up_session_are_added_from_the_campaign_page(world: World) -> None:
    c = _client(world)
    campaign = world.campaign
    assert "Thêm buổi học tập" in c.get(f"/hoc-tap/dot/{campaign.pk}/").content.decode()
    r = c.post(
        f"/hoc-tap/dot/{campaign.pk}/them-buoi/",
        {
            "organization": world.orgs["A1"].pk,
            "held_on": "25-3-2023",
            "place": "Phòng họp",
            "makeup_for": world.sessions["A1"].pk,
        },
    )
    session = Session.objects.get(organization=world.orgs["A1"], held_on=dt.date(2023, 3, 25))
    assert r.status_code == 302 and r["Location"] == f"/hoc-tap/buoi/{session.pk}/"
    assert session.makeup_for_id == world.sessions["A1"].pk


def test_a_session_outside_the_campaign_is_refused_naming_the_dates(world: World) -> None:
    c = _client(world)
    before = Session.objects.count()
    r = c.post(f"/hoc-tap/dot/{world.campaign.pk}/them-buoi/", {"organization": world.orgs["B"].pk, "held_on": "1-7-2023"})
    assert r.status_code == 422
    assert "Ngày học tập phải trong thời gian của đợt (1/3/2023 – 31/5/2023)" in r.content.decode()
    assert Session.objects.count() == before


def test_a_reporter_is_added_by_card_number_within_scope_only(world: World) -> None:
    hoa = world.people["hoa"]
    member_services.member_update(actor=None, person=hoa, expected_version=hoa.version, data={"card_number": "79012345"})
    c = _client(world)
    r = c.post(
        "/hoc-tap/bao-cao-vien/them/",
        {"member": "79012345", "role": "reporter", "organization": world.orgs["B"].pk, "valid_from": "1-1-2026"},
    )
    reporter = Reporter.objects.get(person=hoa)
    assert r.status_code == 302 and r["Location"] == f"/hoc-tap/bao-cao-vien/{reporter.pk}/"
    # a secretary of A1 cannot find Hoa (in B) by her card number
    a1 = _client(world, Role.CELL_SECRETARY, "A1")
    r = a1.post(
        "/hoc-tap/bao-cao-vien/them/",
        {"member": "79012345", "role": "reporter", "organization": world.orgs["A1"].pk, "valid_from": "1-1-2026"},
    )
    assert r.status_code == 422 and "Không tìm thấy đảng viên có số thẻ hoặc số CCCD" in r.content.decode()
    assert Reporter.objects.count() == 1


def test_a_member_may_not_open_the_write_pages(world: World) -> None:
    c = _client(world, Role.MEMBER, "A1")
    assert c.get("/hoc-tap/tao-dot/").status_code == 403
    assert c.get("/hoc-tap/bao-cao-vien/them/").status_code == 403
