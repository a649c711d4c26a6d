"""The member's handbook: what a member sees on each page, that nothing of another member's is reachable, the login
without a member record, the installable app's files, and the pages' size."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.testing import make_user
from apps.handbook.tests.world import TEXT, build
from apps.meetings.models import MeetingDocument

pytestmark = pytest.mark.django_db

#: the page budget for a cheap phone on a weak connection (docs/performance.md)
PAGE_BUDGET = 30_000


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text_of(response) -> str:
    """The page's text, tags dropped and spaces collapsed (what the member reads)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(response, testid: str) -> str:
    html = response.content.decode()
    match = re.search(rf'data-testid="{testid}".*?</section>', html, re.S)
    assert match, f"no section {testid}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_home_shows_the_members_own_year(world):
    r = client_for(world.users["member"]).get(reverse("handbook:home"))
    assert r.status_code == 200
    org = section(r, "organization")
    assert "Chi bộ Kế toán" in org
    assert "Bí thư: Trần Thị Cúc" in org
    assert "Phó Bí thư: Thạch Sophal" in org
    nxt = section(r, "next-meeting")
    m = world.next_meeting
    local = timezone.localtime(m.starts_at)
    assert f"{m.on_date.day}/{m.on_date.month}/{m.on_date.year}" in nxt
    assert f"Từ {local:%H:%M}" in nxt and "Phòng họp tầng 2" in nxt
    assert "Dự thảo nghị quyết tháng" in nxt  # the agenda
    for doc in m.documents.all():
        assert reverse("handbook:document", args=[m.pk, doc.pk]) in r.content.decode()
    # two days ahead: the check-in button is not there yet, the time it opens is
    assert 'data-testid="checkin"' not in r.content.decode()
    assert "Nút điểm danh mở từ 13:30" in nxt
    study = section(r, "study")
    assert "Nghị quyết Đại hội Đảng bộ Sở" in study and "Vắng buổi học ngày" in study
    makeup_day = world.makeup.held_on
    assert f"Học bù: ngày {makeup_day.day}/{makeup_day.month}/{makeup_day.year}, Phòng họp chi bộ" in study
    assert "Chỉ thị 05-CT/TW" in study and "Đã học ngày" in study
    assert "21-KL/TW" not in study  # ended last year: on the study page, not here
    attendance = section(r, "attendance")
    assert f"Dự sinh hoạt năm {timezone.localdate().year}" in attendance
    assert "Có mặt 2/3 buổi" in attendance  # last year's unexcused absence does not count this year
    rated = section(r, "ratings")
    year = timezone.localdate().year
    assert f"Năm {year - 1}: Hoàn thành tốt nhiệm vụ" in rated
    assert f"Năm {year}: chưa có quyết định, đang ở bước “Tự đánh giá”" in rated
    assert "xuất sắc" not in rated  # the member's own self-assessed level is not shown as a result


def test_checkin_button_while_the_window_is_open(world):
    from apps.meetings.tests.world import plan

    now = timezone.now()
    m = plan(world.base, start=now + dt.timedelta(minutes=10))
    r = client_for(world.users["member"]).get(reverse("handbook:home"))
    html = r.content.decode()
    assert reverse("handbook:meeting", args=[m.pk]) in html
    assert f'href="{reverse("meetings:checkin", args=[m.code])}" data-testid="checkin"' in html


def test_another_members_meeting_and_documents_are_404(world):
    other = world.other_meeting
    doc = other.documents.get()
    member = client_for(world.users["member"])
    for url in (
        reverse("handbook:meeting", args=[other.pk]),
        reverse("handbook:document", args=[other.pk, doc.pk]),
        reverse("handbook:document_file", args=[other.pk, doc.pk]),
        # another meeting's document through one's own meeting
        reverse("handbook:document", args=[world.next_meeting.pk, doc.pk]),
        reverse("handbook:document_file", args=[world.next_meeting.pk, doc.pk]),
        reverse("handbook:meeting", args=[999999]),
    ):
        assert member.get(url).status_code == 404, url
    assert "Chi bộ Dược" not in member.get(reverse("handbook:meetings")).content.decode()
    # and the other member reads their own
    assert client_for(world.users["member_b"]).get(reverse("handbook:document", args=[other.pk, doc.pk])).status_code == 200


def test_meeting_page_and_documents(world):
    m = world.next_meeting
    member = client_for(world.users["member"])
    r = member.get(reverse("handbook:meeting", args=[m.pk]))
    assert r.status_code == 200
    assert "Thông báo thời sự" in text_of(r)
    text_doc, pdf, link = MeetingDocument.objects.filter(meeting=m).order_by("id")
    page = member.get(reverse("handbook:document", args=[m.pk, text_doc.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Một là, tiếp tục thực hiện tốt nhiệm vụ chuyên môn." in body and 'data-testid="document-text"' in body
    pdf_page = member.get(reverse("handbook:document", args=[m.pk, pdf.pk])).content.decode()
    assert 'data-testid="document-text"' not in pdf_page
    assert reverse("handbook:document_file", args=[m.pk, pdf.pk]) in pdf_page
    download = member.get(reverse("handbook:document_file", args=[m.pk, pdf.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment") and "bao-cao.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    link_page = member.get(reverse("handbook:document", args=[m.pk, link.pk])).content.decode()
    assert 'href="https://dangcongsan.vn/thoi-su"' in link_page
    assert member.get(reverse("handbook:document_file", args=[m.pk, link.pk])).status_code == 404
    assert TEXT.splitlines()[0] in body


def test_meetings_page_lists_the_year_with_my_attendance(world):
    member = client_for(world.users["member"])
    r = member.get(reverse("handbook:meetings"))
    past = section(r, "past")
    assert "Có mặt 2/3 buổi" in past
    assert past.count("Có mặt") == 3 and "Vắng có lý do" in past  # the count line and two present
    m = world.next_meeting
    assert f"{m.on_date.day}/{m.on_date.month}/{m.on_date.year}" in section(r, "upcoming")
    assert f'href="{reverse("handbook:meeting", args=[m.pk])}"' in r.content.decode()
    last_year = timezone.localdate().year - 1
    assert f"?nam={last_year}" in r.content.decode()
    before = member.get(reverse("handbook:meetings"), {"nam": last_year})
    assert "Vắng không lý do" in section(before, "past") and "Có mặt 0/1 buổi" in section(before, "past")
    assert member.get(reverse("handbook:meetings"), {"nam": 1990}).status_code == 404
    assert member.get(reverse("handbook:meetings"), {"nam": "x"}).status_code == 200
    # a past meeting's page shows the member's attendance
    excused = world.past[1]
    page = member.get(reverse("handbook:meeting", args=[excused.pk]))
    assert "Vắng có lý do" in text_of(page) and "Đi công tác" in text_of(page)


def test_study_and_ratings_pages(world):
    member = client_for(world.users["member"])
    study = member.get(reverse("handbook:study"))
    assert "Học bù" in section(study, "study-open")
    ended = section(study, "study-ended")
    assert "21-KL/TW" in ended and "Chưa học" in ended
    rated = member.get(reverse("handbook:ratings"))
    text = text_of(rated)
    assert "Hoàn thành tốt nhiệm vụ" in text and "Quyết định 05-QĐ/ĐU" in text
    assert "đang ở bước “Tự đánh giá”" in text


def test_a_login_without_member_record(world):
    from apps.accounts.choices import Role

    for user in (make_user("khong_ho_so"), make_user("bithu_khac", role=Role.CELL_SECRETARY, organization=world.base.orgs["A1"])):
        c = client_for(user)
        r = c.get(reverse("handbook:home"))
        assert r.status_code == 200
        assert "chưa được gắn với hồ sơ đảng viên" in text_of(r)
        for name in ("meetings", "study", "ratings"):
            assert "chưa được gắn với hồ sơ đảng viên" in text_of(c.get(reverse(f"handbook:{name}")))
        # a secretary's role shows nothing of a member's pages without a record of their own
        assert c.get(reverse("handbook:meeting", args=[world.next_meeting.pk])).status_code == 200
        assert "Phòng họp tầng 2" not in text_of(c.get(reverse("handbook:meeting", args=[world.next_meeting.pk])))
        assert c.get(reverse("handbook:offline_list")).json()["pages"] == []


def test_anonymous_is_sent_to_login(world):
    c = Client()
    for name in ("home", "meetings", "study", "ratings"):
        r = c.get(reverse(f"handbook:{name}"))
        assert r.status_code == 302 and "/tai-khoan/dang-nhap/" in r["Location"]
    data = c.get(reverse("handbook:offline_list")).json()
    assert data["owner"] == "" and data["pages"] == []  # the worker then drops the saved pages


def test_manifest_and_service_worker(world):
    c = Client()
    manifest = c.get(reverse("handbook:manifest"))
    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"] == "Sổ tay đảng viên" and data["scope"] == "/so-tay/" and data["start_url"] == "/so-tay/"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/handbook/") and icon["src"].endswith(".png")
    sw = c.get(reverse("handbook:sw"))
    assert sw.status_code == 200
    assert sw["Content-Type"] == "application/javascript; charset=utf-8"
    assert sw["Service-Worker-Allowed"] == "/so-tay/"
    assert b'addEventListener("fetch"' in sw.content
    csp = sw.get("Content-Security-Policy", "") or c.get(reverse("handbook:offline")).get("Content-Security-Policy", "")
    # workers fall back to script-src, which allows the site's own scripts
    assert "script-src 'self'" in csp and "worker-src" not in csp


def test_offline_list_names_the_next_meeting_and_its_documents(world):
    m = world.next_meeting
    member = client_for(world.users["member"])
    data = member.get(reverse("handbook:offline_list")).json()
    assert data["owner"]
    pages = data["pages"]
    assert reverse("handbook:home") in pages and reverse("handbook:meeting", args=[m.pk]) in pages
    for doc in m.documents.all():
        assert reverse("handbook:document", args=[m.pk, doc.pk]) in pages
        assert (reverse("handbook:document_file", args=[m.pk, doc.pk]) in pages) == bool(doc.file)
    assert all(p.startswith("/so-tay/") for p in pages)  # in the worker's scope
    assert reverse("handbook:offline") in data["shell"]
    other = client_for(world.users["member_b"]).get(reverse("handbook:offline_list")).json()
    assert other["owner"] != data["owner"]
    assert reverse("handbook:meeting", args=[m.pk]) not in other["pages"]


def test_pages_are_small_and_need_few_queries(world):
    member = client_for(world.users["member"])
    m = world.next_meeting
    doc = m.documents.order_by("id").first()
    urls = [
        reverse("handbook:home"),
        reverse("handbook:meetings"),
        reverse("handbook:meeting", args=[m.pk]),
        reverse("handbook:document", args=[m.pk, doc.pk]),
        reverse("handbook:study"),
        reverse("handbook:ratings"),
        reverse("handbook:offline"),
    ]
    for url in urls:
        r = member.get(url)
        assert r.status_code == 200
        assert len(r.content) < PAGE_BUDGET, (url, len(r.content))
        assert "<script>" not in r.content.decode() and "style=" not in r.content.decode()  # the CSP allows neither
    with CaptureQueriesContext(connection) as home:
        member.get(reverse("handbook:home"))
    # a fixed number whatever the data (four of them resolve the scope of each permission read)
    assert len(home) <= 22, [q["sql"] for q in home.captured_queries]


def test_menu_link_only_for_a_member_record(world):
    assert (
        'href="/so-tay/" data-testid="handbook"'
        in client_for(world.users["member"]).get(reverse("organizations:tree")).content.decode()
    )
    assert (
        'data-testid="handbook"' not in client_for(world.users["secretary"]).get(reverse("organizations:tree")).content.decode()
    )
