"""The pages of the targets app: who may open them, the term list and report, a target's page, entering and
withdrawing a value by hand, and setting targets. The story is built through the services, like real data."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind, Sector
from apps.organizations.services import Decision, NewOrganization
from apps.targets import report, services
from apps.targets.choices import AuditEventType, Comparator, Status, TargetGroup, TargetKind, TargetPeriod
from apps.targets.forms import parse_number
from apps.targets.models import Measurement, Target

pytestmark = pytest.mark.django_db
D = dt.date


def build_story() -> dict[str, Any]:
    """Two bloc committees merged on 27-6-2019 into the committee of provincial agencies and enterprises; its
    terms 2015-2020 (finished) and 2020-2025 with computed and hand-entered targets."""
    committee = OrganizationKind.PARTY_COMMITTEE
    root = make_org("TU", name="Đảng bộ tỉnh Sóc Trăng", kind=committee, on_date=D(2000, 1, 1))
    kcq = make_org("KCQ", name="Đảng bộ Khối Các cơ quan tỉnh", kind=committee, parent=root, on_date=D(2000, 1, 1))
    kdn = make_org("KDN", name="Đảng bộ Khối Doanh nghiệp tỉnh", kind=committee, parent=root, on_date=D(2000, 1, 1))
    cells = {
        "VP": make_org("VP", name="Chi bộ Văn phòng Tỉnh ủy", parent=kcq, on_date=D(2005, 1, 1), sector=Sector.PARTY_AGENCY),
        "TC": make_org("TC", name="Chi bộ Sở Tài chính", parent=kcq, on_date=D(2005, 1, 1)),
        "CN": make_org("CN", name="Chi bộ Công ty Cấp nước", parent=kdn, on_date=D(2005, 1, 1), sector=Sector.STATE_ENTERPRISE),
    }
    names = iter(
        [
            ("Lý", "Bình", "Cang"),
            ("Trần", "Thị", "Hoa"),
            ("Nguyễn", "Văn", "An"),
            ("Thạch", "", "Sophal"),
            ("Lâm", "Thị", "Mai"),
            ("Kim", "", "Thol"),
            ("Võ", "Thanh", "Tùng"),
            ("Danh", "", "Sóc"),
            ("Lê", "Hoàng", "Yến"),
            ("Đặng", "Văn", "Ơn"),
            ("Sơn", "Thị", "Sa Rươne"),
            ("Phạm", "Minh", "Đức"),
        ]
    )
    seq = iter(range(100))

    def admit(code: str, day: dt.date) -> Any:
        f, m, g = next(names)
        n = next(seq)
        return make_person(
            cells[code],
            family_name=f,
            middle_name=m,
            given_name=g,
            birth_date=D(1975 + n % 15, 1 + n % 12, 1 + n % 27),
            admission_date=day,
            on_date=day,
        )

    for code in ("VP", "TC", "CN"):
        admit(code, D(2012, 3, 1))
    # admitted during the 2015-2020 term, before the merger
    admit("TC", D(2016, 5, 10))
    admit("CN", D(2018, 9, 2))
    merged = org_services.organization_merge(
        actor=None,
        sources=[kcq, kdn],
        into=NewOrganization(code="CCQDN", name="Đảng bộ Các cơ quan và Doanh nghiệp tỉnh", kind=committee),
        parent=root,
        on_date=D(2019, 6, 27),
        decision=Decision(symbol="1628-QĐ/TU", date=D(2019, 6, 27), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    # admitted during the 2020-2025 term
    for code, day in (("TC", D(2021, 4, 5)), ("TC", D(2021, 11, 20)), ("CN", D(2022, 3, 8)), ("VP", D(2022, 8, 19))):
        admit(code, day)

    old = services.term_create(
        actor=None, organization=merged, label="2015-2020", start_date=D(2015, 7, 20), end_date=D(2020, 7, 29)
    )
    services.congress_record(
        actor=None, term=old, ordinal=7, opened_on=D(2015, 7, 20), closed_on=D(2015, 7, 22), held_by=kcq, delegates_summoned=200
    )
    old_res = services.resolution_record(
        actor=None, term=old, symbol="01-NQ/ĐH", issued_on=D(2015, 7, 22), issuer="Đại hội", title="Nghị quyết Đại hội VII"
    )
    services.target_create(
        actor=None,
        resolution=old_res,
        statement="Kết nạp ít nhất 2 đảng viên mới",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(2),
        period=TargetPeriod.CUMULATIVE,
        indicator="members.admitted",
    )
    term = services.term_create(
        actor=None, organization=merged, label="2020-2025", start_date=D(2020, 7, 29), end_date=D(2025, 7, 29)
    )
    services.congress_record(
        actor=None,
        term=term,
        ordinal=8,
        opened_on=D(2020, 7, 29),
        closed_on=D(2020, 7, 31),
        place="Hội trường Tỉnh ủy",
        delegates_summoned=250,
        delegates_present=247,
    )
    res = services.resolution_record(
        actor=None,
        term=term,
        symbol="01-NQ/ĐH",
        issued_on=D(2020, 7, 31),
        issuer="Đại hội đại biểu lần thứ VIII",
        title="Nghị quyết Đại hội Đảng bộ lần thứ VIII",
    )
    admitted = services.target_create(
        actor=None,
        resolution=res,
        statement="Kết nạp ít nhất 10 đảng viên mới trong nhiệm kỳ",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(10),
        period=TargetPeriod.CUMULATIVE,
        indicator="members.admitted",
    )
    members = services.target_create(
        actor=None,
        resolution=res,
        statement="Giữ số đảng viên ít nhất 9 người",
        kind=TargetKind.COUNT,
        unit="đảng viên",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(9),
        indicator="members.count",
    )
    meetings = services.target_create(
        actor=None,
        resolution=res,
        statement="Hằng năm có ít nhất 90% chi bộ sinh hoạt thường kỳ đúng quy định",
        kind=TargetKind.RATE,
        comparator=Comparator.AT_LEAST,
        goal=Decimal(90),
        period=TargetPeriod.EACH_YEAR,
        group=TargetGroup.PARTY_BUILDING,
    )
    private = services.target_create(
        actor=None,
        resolution=res,
        statement="Thành lập 3 tổ chức đảng trong doanh nghiệp ngoài khu vực nhà nước",
        kind=TargetKind.COUNT,
        unit="tổ chức",
        comparator=Comparator.AT_LEAST,
        goal=Decimal(3),
        group=TargetGroup.POLITICAL_TASKS,
    )
    milestone = services.target_create(
        actor=None,
        resolution=res,
        statement="Hoàn thành số hóa hồ sơ đảng viên",
        kind=TargetKind.MILESTONE,
        comparator=Comparator.BY_DATE,
        goal_date=D(2023, 12, 31),
    )
    services.measurement_enter(
        actor=None, target=meetings, on_date=D(2022, 1, 10), year=2021, value=Decimal(95), evidence="Báo cáo tổng kết năm 2021"
    )
    services.measurement_enter(
        actor=None,
        target=private,
        on_date=D(2022, 6, 30),
        value=Decimal(1),
        evidence="Báo cáo sơ kết",
        evidence_symbol="45-BC/ĐU",
    )
    outside = make_org("KHAC", name="Đảng bộ tỉnh khác", kind=committee, on_date=D(2000, 1, 1))
    outside_term = services.term_create(
        actor=None, organization=outside, label="2020-2025", start_date=D(2020, 8, 1), end_date=D(2025, 8, 1)
    )
    return {
        "root": root,
        "kcq": kcq,
        "kdn": kdn,
        "merged": merged,
        "cells": cells,
        "old": old,
        "term": term,
        "resolution": res,
        "admitted": admitted,
        "members": members,
        "meetings": meetings,
        "private": private,
        "milestone": milestone,
        "outside": outside,
        "outside_term": outside_term,
        "leader": make_user("lanhdao", role=Role.LEADER, organization=root),
        "propaganda": make_user("tuyengiao", role=Role.PROPAGANDA, organization=merged),
        "secretary": make_user("bithu", role=Role.CELL_SECRETARY, organization=cells["TC"]),
        "member": make_user("dangvien", role=Role.MEMBER, organization=cells["TC"]),
        "stranger": make_user("tinhkhac", role=Role.LEADER, organization=outside),
    }


@pytest.fixture
def story() -> dict[str, Any]:
    return build_story()


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def find(pattern: str, text: str) -> re.Match[str]:
    """The first match of ``pattern`` (dot matches newlines); fails the test when there is none."""
    match = re.search(pattern, text, re.S)
    assert match is not None, f"not found: {pattern}"
    return match


def text_of(response: Any) -> str:
    """The page's text without tags and with collapsed spaces (what a reader sees)."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------- who may open what


def test_anonymous_is_sent_to_login(story):
    client = Client()
    urls = [
        reverse("targets:dashboard"),
        reverse("targets:term_list"),
        reverse("targets:term_report", args=[story["term"].pk]),
        reverse("targets:target_detail", args=[story["private"].pk]),
        reverse("targets:target_update", args=[story["private"].pk]),
        reverse("targets:target_create", args=[story["resolution"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


def test_user_without_targets_view_is_refused(story):
    client = login(story["member"])
    assert client.get(reverse("targets:dashboard")).status_code == 403
    assert client.get(reverse("targets:term_list")).status_code == 403
    assert client.get(reverse("targets:term_report", args=[story["term"].pk])).status_code == 404
    assert client.get(reverse("targets:target_detail", args=[story["private"].pk])).status_code == 404


def test_user_on_another_subtree_gets_404(story):
    client = login(story["stranger"])
    for url in (
        reverse("targets:term_report", args=[story["term"].pk]),
        reverse("targets:target_detail", args=[story["private"].pk]),
        reverse("targets:target_evidence", args=[story["admitted"].pk]),
        reverse("targets:target_update", args=[story["private"].pk]),
        reverse("targets:target_create", args=[story["resolution"].pk]),
        reverse("targets:dashboard") + f"?to_chuc={story['merged'].pk}",
        reverse("targets:term_summary", args=[story["term"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("targets:measurement_enter", args=[story["private"].pk]), {"on_date": "1-1-2023", "value": "2", "evidence": "x"}
    )
    assert response.status_code == 404
    assert Measurement.objects.filter(target=story["private"]).count() == 1
    # their own committee's dashboard is theirs
    assert client.get(reverse("targets:dashboard")).status_code == 200


def test_viewer_without_change_cannot_enter_or_edit(story):
    client = login(story["propaganda"])
    assert client.get(reverse("targets:target_detail", args=[story["private"].pk])).status_code == 200
    assert client.get(reverse("targets:target_update", args=[story["private"].pk])).status_code == 404
    response = client.post(
        reverse("targets:measurement_enter", args=[story["private"].pk]), {"on_date": "1-1-2023", "value": "2", "evidence": "x"}
    )
    assert response.status_code == 404
    page = client.get(reverse("targets:target_detail", args=[story["private"].pk]))
    assert b'data-testid="entry-form"' not in page.content


def test_menu_shows_targets_only_with_the_permission(story):
    link = reverse("targets:dashboard").encode()
    assert link in login(story["leader"]).get(reverse("targets:term_list")).content
    assert link not in login(story["member"]).get(reverse("organizations:tree")).content


# ---------------------------------------------------------------- term list and report


def test_term_list_shows_each_terms_summary(story):
    response = login(story["leader"]).get(reverse("targets:term_list"))
    assert response.status_code == 200
    text = text_of(response)
    old = report.build(story["old"], story["old"].last_day, with_previous=False)
    assert old.summary_line in text
    assert "Lần thứ VIII" in text and "Đảng bộ Các cơ quan và Doanh nghiệp tỉnh" in text
    assert "2015-2020" in text and "2020-2025" in text
    # the stranger's term is not listed
    assert "Đảng bộ tỉnh khác" not in text


def test_term_list_loads_summaries_past_the_first_rows_lazily(story, monkeypatch):
    from apps.targets import views

    monkeypatch.setattr(views, "SUMMARIES_WITH_PAGE", 1)
    response = login(story["leader"]).get(reverse("targets:term_list"))
    lazy = reverse("targets:term_summary", args=[story["old"].pk])
    assert f'hx-get="{lazy}"'.encode() in response.content, "the second row's summary loads when shown"
    fragment = login(story["leader"]).get(lazy, HTTP_HX_REQUEST="true")
    assert report.build(story["old"], story["old"].last_day, with_previous=False).summary_line in text_of(fragment)


def test_term_report_page(story):
    term = story["term"]
    response = login(story["leader"]).get(reverse("targets:term_report", args=[term.pk]) + "?ngay=1-3-2023")
    assert response.status_code == 200
    text = text_of(response)
    data = report.build(term, D(2023, 3, 1))
    assert data.summary_line in text
    assert "Đại hội lần thứ VIII" in text and "247/250" in text
    assert "01-NQ/ĐH" in text and "Nghị quyết Đại hội Đảng bộ lần thứ VIII" in text
    # every target with its status colour and progress
    for row in data.rows:
        assert f'class="badge status-{row.status}"' in response.content.decode()
    # the each-year target has a cell per year; 2021 was entered (95%)
    assert "95%" in text
    # the previous term's result for the matching target (same indicator)
    prev = report.build(story["old"], story["old"].last_day, with_previous=False)
    assert prev.summary_line in text
    assert 'data-testid="elected"' in response.content.decode()


def test_term_report_query_count_is_bounded(story, django_assert_max_num_queries):
    client = login(story["leader"])
    url = reverse("targets:term_report", args=[story["term"].pk]) + "?ngay=1-3-2023"
    client.get(url)  # warm the per-process caches (content types, rule table)
    with django_assert_max_num_queries(55):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------- a target's page


def test_target_page_of_a_computed_target_shows_its_indicator_and_year_ends(story):
    target = story["admitted"]
    response = login(story["leader"]).get(reverse("targets:target_detail", args=[target.pk]) + "?ngay=1-3-2023")
    assert response.status_code == 200
    text = text_of(response)
    assert "Kết nạp ít nhất 10 đảng viên mới trong nhiệm kỳ" in text
    assert "members.admitted" in response.content.decode()
    # the value at the end of 2021 and 2022 (computed: 2 admitted in 2021, 4 by the end of 2022)
    from apps.targets.results import evaluate

    for day in (D(2021, 12, 31), D(2022, 12, 31)):
        value = report.value_text(evaluate(target, day))
        assert f"31/12/{day.year}" in text and value in text
    assert 'data-testid="entry-form"' not in response.content.decode(), "a computed target takes no hand-entered value"


def test_target_page_of_a_manual_target_lists_history_with_withdrawn_values(story):
    target = story["private"]
    services.measurement_enter(actor=None, target=target, on_date=D(2023, 1, 5), value=Decimal(5), evidence="Nhập nhầm")
    wrong = Measurement.objects.filter(target=target).latest("id")
    services.measurement_withdraw(actor=None, measurement=wrong, reason="Nhập nhầm số")
    response = login(story["leader"]).get(reverse("targets:target_detail", args=[target.pk]))
    html = response.content.decode()
    assert "45-BC/ĐU" in html and "Báo cáo sơ kết" in html
    assert 'class="withdrawn"' in html and "Nhập nhầm số" in html
    assert 'data-testid="entry-form"' in html


# ---------------------------------------------------------------- entering a value by hand


def _entry(target: Target, client: Client, **data: Any) -> Any:
    page = client.get(reverse("targets:target_detail", args=[target.pk]))
    state = find(r'name="state" value="([^"]+)"', page.content.decode()).group(1)
    payload = {"state": state} | data
    return client.post(reverse("targets:measurement_enter", args=[target.pk]), payload)


def test_enter_a_value_by_hand(story, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target = story["private"]
    client = login(story["leader"])
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = _entry(
        target,
        client,
        on_date="30-6-2023",
        value="2",
        evidence="Báo cáo sơ kết 3 năm",
        evidence_symbol="88-BC/ĐU",
        evidence_file=upload,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("targets:target_detail", args=[target.pk])
    m = Measurement.objects.filter(target=target).latest("id")
    assert (m.on_date, m.value, m.evidence_symbol, m.entered_by) == (D(2023, 6, 30), Decimal(2), "88-BC/ĐU", story["leader"])
    assert m.evidence_file.name.endswith(".pdf")
    assert AuditEvent.objects.filter(event_type=AuditEventType.MEASUREMENT_ENTERED, actor=story["leader"]).exists()
    # the file is served to those who see the target, through the app (not a public media address)
    url = reverse("targets:measurement_file", args=[m.pk])
    assert url in client.get(reverse("targets:target_detail", args=[target.pk])).content.decode()
    download = client.get(url)
    assert download.status_code == 200 and download.getvalue() == b"%PDF-1.4 test"
    assert login(story["stranger"]).get(url).status_code == 404
    assert login(story["secretary"]).get(url).status_code == 404


def test_enter_a_value_for_a_year(story):
    target = story["meetings"]
    response = _entry(target, login(story["leader"]), on_date="15-1-2023", year="2022", value="92,5", evidence="Báo cáo năm 2022")
    assert response.status_code == 302
    m = Measurement.objects.filter(target=target).latest("id")
    assert (m.year, m.value) == (2022, Decimal("92.5"))


def test_enter_a_milestone_completion(story):
    target = story["milestone"]
    client = login(story["leader"])
    page = client.get(reverse("targets:target_detail", args=[target.pk])).content.decode()
    assert 'name="done_on"' in page and 'name="value"' not in page, "a milestone records the day it was done"
    response = _entry(target, client, on_date="20-11-2023", done_on="15-11-2023", evidence="Báo cáo số hóa hồ sơ")
    assert response.status_code == 302
    m = Measurement.objects.filter(target=target).latest("id")
    assert (m.done_on, m.value) == (D(2023, 11, 15), None)
    from apps.targets.results import evaluate

    assert evaluate(Target.objects.get(pk=target.pk), D(2023, 12, 1)).status == Status.ACHIEVED
    # completed after the day of the figure: refused at the completion date
    response = _entry(target, client, on_date="1-11-2023", done_on="15-11-2023", evidence="Báo cáo")
    assert response.status_code == 422
    assert "Ngày hoàn thành không thể sau ngày của số liệu." in find(
        r'id="field-done_on">.*?</div>', response.content.decode()
    ).group(0)


def test_invalid_value_is_refused_at_its_field(story):
    target = story["meetings"]
    client = login(story["leader"])
    before = Measurement.objects.count()
    response = _entry(target, client, on_date="15-1-2023", year="2022", value="120", evidence="Báo cáo năm 2022")
    assert response.status_code == 422
    html = response.content.decode()
    field = find(r'<div class="field has-error" id="field-value">.*?</div>', html)
    assert field is not None and "Tỉ lệ phải từ 0 đến 100%." in field.group(0)
    assert Measurement.objects.count() == before
    # the user's input is kept
    assert 'value="Báo cáo năm 2022"' in html or "Báo cáo năm 2022</textarea>" in html


def test_missing_evidence_and_bad_date_are_refused_at_their_fields(story):
    response = _entry(story["private"], login(story["leader"]), on_date="31-2-2023", value="abc", evidence="")
    assert response.status_code == 422
    html = response.content.decode()
    for name in ("on_date", "value", "evidence"):
        assert f'class="field has-error" id="field-{name}"' in html, name


def test_a_date_before_the_term_is_refused_by_the_service_at_its_field(story):
    response = _entry(story["private"], login(story["leader"]), on_date="1-1-2019", value="2", evidence="Báo cáo")
    assert response.status_code == 422
    field = find(r'<div class="field has-error" id="field-on_date">.*?</div>', response.content.decode())
    assert field is not None and "trước khi nhiệm kỳ bắt đầu" in field.group(0)


def test_a_stale_entry_form_is_refused(story):
    target = story["private"]
    client = login(story["leader"])
    page = client.get(reverse("targets:target_detail", args=[target.pk]))
    state = find(r'name="state" value="([^"]+)"', page.content.decode()).group(1)
    # someone else enters a value meanwhile
    services.measurement_enter(actor=None, target=target, on_date=D(2023, 3, 1), value=Decimal(2), evidence="Báo cáo quý I")
    before = Measurement.objects.filter(target=target).count()
    data = {"state": state, "on_date": "30-6-2023", "value": "3", "evidence": "Báo cáo sơ kết"}
    response = client.post(reverse("targets:measurement_enter", args=[target.pk]), data)
    assert response.status_code == 422
    assert "vừa có số liệu mới" in text_of(response)
    assert Measurement.objects.filter(target=target).count() == before
    # the page now shows the other value, and saving again (the form carries the new state) is accepted
    fresh = find(r'name="state" value="([^"]+)"', response.content.decode()).group(1)
    assert fresh != state
    response = client.post(reverse("targets:measurement_enter", args=[target.pk]), data | {"state": fresh})
    assert response.status_code == 302
    assert Measurement.objects.filter(target=target).count() == before + 1


def test_entry_form_for_htmx_answers_the_fragment(story):
    target = story["private"]
    client = login(story["leader"])
    page = client.get(reverse("targets:target_detail", args=[target.pk]))
    state = find(r'name="state" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        reverse("targets:measurement_enter", args=[target.pk]),
        {"state": state, "on_date": "1-1-2023", "value": "", "evidence": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"<html" not in response.content and b'id="field-value"' in response.content


def test_withdraw_a_value(story):
    target = story["private"]
    m = Measurement.objects.get(target=target)
    client = login(story["leader"])
    url = reverse("targets:measurement_withdraw", args=[m.pk])
    response = client.post(url, {f"rut-{m.pk}-reason": ""})
    assert response.status_code == 422 and "Cần ghi lý do rút số liệu." in text_of(response)
    m.refresh_from_db()
    assert m.withdrawn_at is None
    response = client.post(url, {f"rut-{m.pk}-reason": "Số liệu chưa được thẩm định"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.withdrawn_at is not None and m.withdrawn_reason == "Số liệu chưa được thẩm định"
    # the result falls back to no data: nothing else was entered
    from apps.targets.results import evaluate

    assert evaluate(Target.objects.get(pk=target.pk), D(2023, 1, 1)).status == Status.NO_DATA
    assert login(story["stranger"]).post(url, {f"rut-{m.pk}-reason": "x"}).status_code == 404


# ---------------------------------------------------------------- setting targets


def _target_data(**changes: Any) -> dict[str, Any]:
    data = {
        "statement": "Kết nạp ít nhất 3 đảng viên là công nhân",
        "group": TargetGroup.PARTY_BUILDING,
        "kind": TargetKind.COUNT,
        "unit": "đảng viên",
        "comparator": Comparator.AT_LEAST,
        "goal": "3",
        "period": TargetPeriod.CUMULATIVE,
        "weight": "1",
        "indicator": "members.admitted",
        "params_for": "members.admitted",
        "note": "",
    }
    return data | changes


def test_create_a_target_in_a_resolution(story):
    client = login(story["leader"])
    url = reverse("targets:target_create", args=[story["resolution"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="members.admitted"' in page.content.decode(), "the registered indicators are the choices"
    response = client.post(url, _target_data())
    assert response.status_code == 302
    target = Target.objects.get(statement="Kết nạp ít nhất 3 đảng viên là công nhân")
    assert target.number == 6 and target.indicator == "members.admitted" and target.goal == Decimal(3)
    assert response["Location"] == reverse("targets:target_detail", args=[target.pk])


def test_create_refuses_a_rate_goal_over_100_at_its_field(story):
    client = login(story["leader"])
    url = reverse("targets:target_create", args=[story["resolution"].pk])
    response = client.post(url, _target_data(kind=TargetKind.RATE, goal="150", indicator="", params_for="", unit=""))
    assert response.status_code == 422
    field = find(r'<div class="field has-error" id="field-goal">.*?</div>', response.content.decode())
    assert field is not None and "Tỉ lệ phải từ 0 đến 100%." in field.group(0)


def test_an_indicator_with_parameters_shows_them_before_saving(story):
    """Without script, choosing an indicator with parameters shows its parameter fields first."""
    from apps.core import indicators

    with_params = next((i for i in indicators.registered() if i.parameters), None)
    assert with_params is not None, "an indicator with parameters is registered (members.lost)"
    client = login(story["leader"])
    url = reverse("targets:target_create", args=[story["resolution"].pk])
    before = Target.objects.count()
    response = client.post(url, _target_data(indicator=with_params.key, params_for="", kind=TargetKind.COUNT))
    assert response.status_code == 422
    html = response.content.decode()
    assert f'name="param_{with_params.parameters[0].name}"' in html
    assert Target.objects.count() == before
    # the fields come with the page as well when the indicator is chosen on an open form
    page = client.get(url + f"?indicator={with_params.key}")
    assert f'name="param_{with_params.parameters[0].name}"' in page.content.decode()


def test_update_a_target_and_refuse_a_stale_form(story):
    target = story["private"]
    client = login(story["leader"])
    url = reverse("targets:target_update", args=[target.pk])
    assert client.get(url).status_code == 200
    data = _target_data(
        statement=target.statement,
        group=target.group,
        kind=target.kind,
        unit=target.unit,
        goal="4",
        period=target.period,
        indicator="",
        params_for="",
        number=str(target.number),
        version=str(target.version),
    )
    # someone else changes the goal first
    services.target_update(actor=None, target=target, expected_version=target.version, data={"goal": Decimal(2)})
    response = client.post(url, data)
    assert response.status_code == 422
    text = text_of(response)
    assert "Bản ghi đã được người khác sửa" in text
    assert Target.objects.get(pk=target.pk).goal == Decimal(2), "the other change is kept"
    assert 'data-testid="differences"' in response.content.decode()
    # saving again, knowingly, applies this user's input
    fresh = find(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    response = client.post(url, data | {"version": fresh})
    assert response.status_code == 302
    assert Target.objects.get(pk=target.pk).goal == Decimal(4)


def test_numbers_are_read_as_documents_write_them():
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("95,5") == Decimal("95.5")
    assert parse_number("1.200") == Decimal(1200)
    assert parse_number("2.5") == Decimal("2.5")
    assert parse_number("90%") == Decimal(90)
    with pytest.raises(ValueError):
        parse_number("mười")
