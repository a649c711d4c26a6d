"""The member write pages: edit with a stale-form check, transfer, end, readmit, posts; all scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import services
from apps.members.choices import EndReason, MembershipKind, MemberStatus, PostKind, StartReason
from apps.members.models import Membership, Person, PostHolding
from apps.organizations.choices import OrganizationKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def story() -> dict[str, Any]:
    committee = make_org("CCQ", name="Đảng bộ Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    c1 = make_org("C1", name="Chi bộ Sở Tài chính", parent=committee, on_date=D(2005, 1, 1))
    c2 = make_org("C2", name="Chi bộ Sở Xây dựng", parent=committee, on_date=D(2005, 1, 1))
    outside = make_org("KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    d1 = make_org("D1", name="Chi bộ Công ty Cấp nước", parent=outside, on_date=D(2005, 1, 1))
    an = make_person(c1, given_name="An", family_name="Lý", middle_name="Bình", phone="0912345678", on_date=D(2012, 3, 1))
    binh = make_person(c2, given_name="Bình", on_date=D(2012, 3, 1))
    em = make_person(d1, given_name="Em", on_date=D(2012, 3, 1))
    return {
        "committee": committee,
        "c1": c1,
        "c2": c2,
        "d1": d1,
        "an": an,
        "binh": binh,
        "em": em,
        "clerk": make_user("vanphong", role=Role.OFFICE_CLERK, organization=committee),
        "secretary": make_user("bithu", role=Role.CELL_SECRETARY, organization=c1),
        "viewer": make_user("lanhdao", role=Role.LEADER, organization=committee),
    }


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_data(person: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "version": person.version,
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "birth_date": f"{person.birth_date.day}/{person.birth_date.month}/{person.birth_date.year}",
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "hometown": person.hometown,
        "citizen_id": person.citizen_id,
        "phone": person.phone,
        "email": person.email,
        "education_level": person.education_level,
        "theory_level": person.theory_level,
        "admission_date": f"{person.admission_date.day}-{person.admission_date.month}-{person.admission_date.year}",
        "full_member_date": "",
        "card_number": person.card_number,
    }
    return data | changes


def write_urls(s: dict[str, Any], person: Person) -> list[str]:
    return [reverse(f"members:{name}", args=[person.pk]) for name in ("edit", "transfer", "end", "readmit", "post_assign")]


def test_write_pages_by_role_and_subtree(story):
    an, em = story["an"], story["em"]
    anonymous = Client()
    for url in write_urls(story, an):
        assert anonymous.get(url).status_code == 302
    viewer = login(story["viewer"])
    for url in write_urls(story, an):
        assert viewer.get(url).status_code == 404, "a leader sees the record but may not change it"
    secretary = login(story["secretary"])
    for url in write_urls(story, an):
        assert secretary.get(url).status_code == 200, url
    for url in write_urls(story, story["binh"]) + write_urls(story, em):
        assert secretary.get(url).status_code == 404, "another cell's member is missing, not forbidden"
    clerk = login(story["clerk"])
    for url in write_urls(story, em):
        assert clerk.get(url).status_code == 404
    html = clerk.get(reverse("members:transfer", args=[an.pk])).content.decode()
    assert "Chi bộ Sở Xây dựng (C2)" in html and "Công ty Cấp nước" not in html


def test_member_page_links_to_the_write_pages(story):
    html = login(story["secretary"]).get(reverse("members:detail", args=[story["an"].pk])).content.decode()
    for name in ("edit", "transfer", "end", "post_assign"):
        assert reverse(f"members:{name}", args=[story["an"].pk]) in html
    viewer = login(story["viewer"]).get(reverse("members:detail", args=[story["an"].pk])).content.decode()
    assert 'data-testid="member-actions"' not in viewer


def test_edit_saves_reads_dates_and_records_the_change(story):
    an = story["an"]
    response = login(story["secretary"]).post(
        reverse("members:edit", args=[an.pk]),
        edit_data(an, hometown="Sóc Trăng", birth_date="ngày 17 tháng 5 năm 1980"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("members:detail", args=[an.pk])
    an.refresh_from_db()
    assert an.hometown == "Sóc Trăng" and an.birth_date == D(1980, 5, 17)
    event = AuditEvent.objects.get(target_id=str(an.pk), event_type="member.updated")
    assert event.actor == story["secretary"]
    assert event.before is not None and event.after is not None
    assert (event.before["hometown"], event.after["hometown"]) == ("", "Sóc Trăng")


def opened_form(client: Client, person: Person) -> dict[str, Any]:
    """The edit form as the browser received it: every field with its value, hidden ones included."""
    form = client.get(reverse("members:edit", args=[person.pk])).context["form"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields} | {
        "birth_date": edit_data(person)["birth_date"],
        "admission_date": edit_data(person)["admission_date"],
        "full_member_date": "",
    }


def test_stale_form_is_refused_keeps_the_input_and_carries_the_other_change(story):
    an = story["an"]
    client = login(story["secretary"])
    opened = opened_form(client, an)
    services.member_update(actor=story["clerk"], person=an, expected_version=an.version, data={"phone": "0987654321"})
    response = client.post(reverse("members:edit", args=[an.pk]), opened | {"hometown": "Vĩnh Châu"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "chưa được lưu" in html
    assert 'value="Vĩnh Châu"' in html, "the user's input is kept"
    an.refresh_from_db()
    assert (an.phone, an.hometown) == ("0987654321", ""), "nothing of the stale form was applied"
    rebase = response.context["rebase"]
    assert rebase.conflicts == []
    assert rebase.taken == [("Điện thoại", "0912345678", "0987654321")]
    form = response.context["form"]
    assert form["phone"].value() == "0987654321", "the field the user left alone now holds the other change"
    assert form["version"].value() == str(an.version)
    # saving again applies this user's change without undoing the other one
    resubmitted = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    again = client.post(reverse("members:edit", args=[an.pk]), resubmitted)
    assert again.status_code == 302
    an.refresh_from_db()
    assert (an.phone, an.hometown) == ("0987654321", "Vĩnh Châu")


def test_stale_form_names_the_fields_both_changed(story):
    an = story["an"]
    client = login(story["secretary"])
    opened = opened_form(client, an)
    services.member_update(actor=story["clerk"], person=an, expected_version=an.version, data={"phone": "0987654321"})
    response = client.post(reverse("members:edit", args=[an.pk]), opened | {"phone": "0911111111"})
    assert response.status_code == 422
    assert response.context["rebase"].conflicts == [("Điện thoại", "0911111111", "0987654321")]
    assert response.context["form"]["phone"].value() == "0911111111"
    an.refresh_from_db()
    assert an.phone == "0987654321"


def test_edit_shows_every_problem_next_to_its_field(story):
    an = story["an"]
    response = login(story["clerk"]).post(
        reverse("members:edit", args=[an.pk]),
        edit_data(an, admission_date="1/1/1990", citizen_id="12345", phone="abc", birth_date="31/2/1980"),
    )
    errors = response.context["form"].errors
    assert response.status_code == 422
    assert set(errors) >= {"birth_date", "citizen_id", "phone"}
    response = login(story["clerk"]).post(
        reverse("members:edit", args=[an.pk]), edit_data(an, admission_date="1/1/1990", citizen_id="12345")
    )
    errors = response.context["form"].errors
    assert "18" in errors["admission_date"][0] and "12" in errors["citizen_id"][0]


def test_transfer_within_scope_and_temporary(story):
    an, clerk = story["an"], login(story["clerk"])
    url = reverse("members:transfer", args=[an.pk])
    refused = clerk.post(url, {"to_organization": story["d1"].pk, "kind": MembershipKind.PERMANENT, "on_date": "1-3-2024"})
    assert refused.status_code == 422 and "to_organization" in refused.context["form"].errors
    done = clerk.post(
        url,
        {
            "to_organization": story["c2"].pk,
            "kind": MembershipKind.TEMPORARY,
            "on_date": "1/3/2024",
            "decision_symbol": "15-GGT/ĐU",
            "decision_date": "28-2-2024",
        },
    )
    assert done.status_code == 302
    current = Membership.objects.get(person=an, valid_to__isnull=True)
    assert (current.organization, current.kind, current.valid_from, current.decision_symbol) == (
        story["c2"],
        MembershipKind.TEMPORARY,
        D(2024, 3, 1),
        "15-GGT/ĐU",
    )
    # a date before the current membership began is the service's error, shown at the date
    back = clerk.post(url, {"to_organization": story["c1"].pk, "kind": MembershipKind.PERMANENT, "on_date": "1-1-2024"})
    assert back.status_code == 422 and "sớm hơn" in back.context["form"].errors["on_date"][0]


def test_end_then_readmit_respects_the_waiting_period(story):
    an, clerk = story["an"], login(story["clerk"])
    missing = clerk.post(reverse("members:end", args=[an.pk]), {"reason": EndReason.EXPELLED, "on_date": "1-6-2023"})
    assert "decision_symbol" in missing.context["form"].errors
    ended = clerk.post(
        reverse("members:end", args=[an.pk]),
        {"reason": EndReason.EXPELLED, "on_date": "1-6-2023", "decision_symbol": "12-QĐ/ĐU", "decision_date": "30/5/2023"},
    )
    assert ended.status_code == 302
    last = Membership.objects.filter(person=an).latest("valid_from")
    an.refresh_from_db()
    assert an.status_on(last=last) == MemberStatus.LEFT
    # the record stays visible where it was, with the way back offered
    html = clerk.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert reverse("members:readmit", args=[an.pk]) in html and reverse("members:transfer", args=[an.pk]) not in html
    url = reverse("members:readmit", args=[an.pk])
    early = clerk.post(url, {"organization": story["c1"].pk, "reason": StartReason.READMITTED, "on_date": "1-6-2025"})
    assert early.status_code == 422 and "36" in early.context["form"].errors["on_date"][0]
    ok = clerk.post(url, {"organization": story["c1"].pk, "reason": StartReason.READMITTED, "on_date": "2-6-2026"})
    assert ok.status_code == 302
    assert Membership.objects.get(person=an, valid_to__isnull=True).start_reason == StartReason.READMITTED


def test_posts_assign_and_end(story):
    an, binh, clerk = story["an"], story["binh"], login(story["clerk"])
    url = reverse("members:post_assign", args=[an.pk])
    data = {"organization": story["c1"].pk, "post": PostKind.SECRETARY, "valid_from": "1-8-2020", "term_label": "2020-2025"}
    assert clerk.post(url, data).status_code == 302
    holding = PostHolding.objects.get(person=an)
    # a second secretary is the service's error, shown at the post
    second = clerk.post(reverse("members:post_assign", args=[binh.pk]), data | {"valid_from": "1-9-2020"})
    assert second.status_code == 422 and "Bí thư" in second.context["form"].errors["post"][0]
    html = clerk.get(reverse("members:detail", args=[an.pk])).content.decode()
    assert reverse("members:post_end", args=[holding.pk]) in html
    bad = clerk.post(reverse("members:post_end", args=[holding.pk]), {"on_date": "1-1-2020"})
    assert bad.status_code == 422 and "on_date" in bad.context["form"].errors
    assert clerk.post(reverse("members:post_end", args=[holding.pk]), {"on_date": "1-7-2025"}).status_code == 302
    holding.refresh_from_db()
    assert holding.valid_to == D(2025, 7, 1)
    other = make_person(story["d1"], given_name="Phúc", on_date=D(2012, 3, 1))
    foreign = services.post_assign(
        actor=None, organization=story["d1"], person=other, post=PostKind.SECRETARY, valid_from=D(2020, 1, 1)
    )
    assert clerk.get(reverse("members:post_end", args=[foreign.pk])).status_code == 404
