"""The demo member's handbook on a small tree with the demo's codes: the next meeting with a document that reads
as text, one campaign studied and one missed with a make-up ahead, all from the demo's own parts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.demo.story_handbook import build_handbook
from apps.core.demo.story_meetings import build_meetings
from apps.core.testing import make_org, make_person, make_user
from apps.members import services as member_services
from apps.members.services_accounts import person_link_user
from apps.organizations.choices import OrganizationKind
from apps.study.models import Campaign, Session

pytestmark = pytest.mark.django_db
D = dt.date


def test_demo_member_has_a_full_handbook(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = make_org("DBUBND-ST", name="Đảng bộ UBND tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2010, 1, 1))
    other = make_org("CB-STC", name="Chi bộ Sở Tài chính", parent=committee, on_date=D(2010, 1, 1))
    cell = make_org("CB-STP", name="Chi bộ Sở Tư pháp", parent=committee, on_date=D(2010, 1, 1))
    for i in range(5):
        make_person(other, given_name=f"Khác{i}", on_date=D(2012, 3, 1))
    people = [make_person(cell, given_name=f"Người{i}", on_date=D(2012, 3, 1)) for i in range(6)]
    member_services.post_assign(actor=None, organization=cell, person=people[0], post="secretary", valid_from=D(2020, 1, 1))
    user = make_user("dangvien", role=Role.MEMBER, organization=cell)
    person_link_user(actor=None, person=people[1], user=user)
    build_meetings({})

    assert build_handbook({}) == 4  # two campaigns, a session in each grassroots organization
    assert Campaign.objects.count() == 2
    assert Session.objects.filter(makeup_for__isnull=False, organization=cell).count() == 1

    c = Client()
    c.force_login(user)
    home = c.get(reverse("handbook:home")).content.decode()
    assert "Bí thư" in home and people[0].full_name in home
    assert "366-QĐ/TW" in home and "Đã học ngày" in home
    assert "296-QĐ/TW" in home and "Vắng buổi học ngày" in home and "Học bù: ngày" in home
    offline = c.get(reverse("handbook:offline_list")).json()["pages"]
    documents = [p for p in offline if "/tai-lieu/" in p and not p.endswith("/tep/")]
    assert len(documents) == 3  # the two links of the demo's meetings part and the text
    texts = [c.get(p).content.decode() for p in documents]
    assert sum('data-testid="document-text"' in t for t in texts) == 1
    assert any("III. Nhiệm vụ tháng tới" in t for t in texts)
