"""The reorganization pages: scoping, forms, previews that change nothing, applies that match them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.errors import NotVisibleError
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import counts
from apps.members.models import Membership
from apps.organizations import selectors, services, tree
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization, Reorganization
from apps.organizations.webflow import verified_write

pytestmark = pytest.mark.django_db
D = dt.date
DECISION = {
    "decision_symbol": "1628-QĐ/TU",
    "decision_date": "27-6-2019",
    "decision_issuer": "Ban Thường vụ Tỉnh ủy",
    "effective_on": "27/6/2019",
}


@pytest.fixture
def story() -> dict[str, Any]:
    root = make_org("TU", name="Đảng bộ tỉnh", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    kcq = make_org(
        "KCQ", name="Đảng bộ Khối Các cơ quan", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    kdn = make_org(
        "KDN", name="Đảng bộ Khối Doanh nghiệp", kind=OrganizationKind.PARTY_COMMITTEE, parent=root, on_date=D(2000, 1, 1)
    )
    c1 = make_org("C1", name="Chi bộ Sở Tài chính", parent=kcq, on_date=D(2005, 1, 1))
    c2 = make_org("C2", name="Chi bộ Sở Xây dựng", parent=kcq, on_date=D(2005, 1, 1))
    d1 = make_org("D1", name="Chi bộ Công ty Cấp nước", parent=kdn, on_date=D(2005, 1, 1))
    people = [make_person(c1, given_name=n, on_date=D(2012, 3, 1)) for n in ("An", "Bình", "Cường")]
    make_person(c2, given_name="Dũng", on_date=D(2012, 3, 1))
    make_person(d1, given_name="Em", on_date=D(2012, 3, 1))
    clerk = make_user("vanphong", role=Role.OFFICE_CLERK, organization=kcq)
    other = make_user("khoidn", role=Role.OFFICE_CLERK, organization=kdn)
    secretary = make_user("bithu", role=Role.CELL_SECRETARY, organization=c1)
    return {
        "root": root,
        "kcq": kcq,
        "kdn": kdn,
        "c1": c1,
        "c2": c2,
        "d1": d1,
        "people": people,
        "clerk": clerk,
        "other": other,
        "secretary": secretary,
        "nobody": make_user("khongvaitro"),
        "admin": make_user("quantri", superuser=True),
    }


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_of(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the preview carries a token"
    return match.group(1)


def page_urls(s: dict[str, Any]) -> list[str]:
    c1 = s["c1"].pk
    return [
        reverse("organizations:found") + f"?cap_tren={s['kcq'].pk}",
        reverse("organizations:rename", args=[c1]),
        reverse("organizations:move", args=[c1]),
        reverse("organizations:split", args=[c1]),
        reverse("organizations:dissolve", args=[c1]),
        reverse("organizations:merge") + f"?nguon={c1}",
        reverse("organizations:bulk"),
    ]


def test_pages_answer_by_role_and_subtree(story):
    urls = page_urls(story)
    anonymous = Client()
    for url in urls:
        assert anonymous.get(url).status_code == 302
    for user in (story["nobody"], story["secretary"]):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
    # a clerk of the other bloc: the pages about C1 are missing, the general ones do not offer C1
    other = login(story["other"])
    for url in urls[:5]:
        assert other.get(url).status_code == 404, url
    for url in urls[5:]:
        response = other.get(url)
        assert response.status_code == 200
        assert "Chi bộ Sở Tài chính (C1)" not in response.content.decode(), f"{url} offers an organization out of scope"
    clerk = login(story["clerk"])
    for url in urls:
        response = clerk.get(url)
        assert response.status_code == 200, url
        assert "Công ty Cấp nước" not in response.content.decode(), f"{url} offers an organization out of scope"


def test_organization_page_links_to_the_reorganizations(story):
    html = login(story["clerk"]).get(reverse("organizations:detail", args=[story["c1"].pk])).content.decode()
    for name in ("rename", "move", "split", "dissolve"):
        assert reverse(f"organizations:{name}", args=[story["c1"].pk]) in html
    assert reverse("organizations:merge") + f"?nguon={story['c1'].pk}" in html
    viewer = login(story["secretary"]).get(reverse("organizations:detail", args=[story["c1"].pk])).content.decode()
    assert 'data-testid="org-actions"' not in viewer


def test_found_reads_vietnamese_dates_and_answers_htmx_with_a_redirect(story):
    clerk = login(story["clerk"])
    data = DECISION | {
        "parent": story["kcq"].pk,
        "new_code": "c3",
        "new_name": "Chi bộ Sở Y tế",
        "new_kind": OrganizationKind.ATTACHED_CELL,
        "new_sector": "state_agency",
        "new_host_body": "Sở Y tế",
        "effective_on": "ngày 1 tháng 7 năm 2019",
    }
    response = clerk.post(reverse("organizations:found"), data, HTTP_HX_REQUEST="true")
    org = Organization.objects.get(code="C3")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("organizations:detail", args=[org.pk])
    assert org.founded_on == D(2019, 7, 1)
    reorg = Reorganization.objects.get(links__organization=org)
    assert (reorg.decision_symbol, reorg.decision_date, reorg.decision_issuer) == (
        "1628-QĐ/TU",
        D(2019, 6, 27),
        "Ban Thường vụ Tỉnh ủy",
    )
    assert AuditEvent.objects.filter(target_id=str(org.pk), event_type="organization.founded", actor=story["clerk"]).exists()


def test_bad_dates_and_domain_errors_sit_next_to_their_field(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:rename", args=[story["c1"].pk])
    response = clerk.post(url, DECISION | {"new_name": "Chi bộ mới", "effective_on": "32/13/2019"})
    assert response.status_code == 422
    assert "effective_on" in response.context["form"].errors
    assert "27-6-2019" in response.context["form"].errors["effective_on"][0]
    # the service refuses a date before the organization's last change: shown at the effective date
    response = clerk.post(url, DECISION | {"new_name": "Chi bộ mới", "effective_on": "1-1-2004", "decision_date": "1-1-2004"})
    assert response.status_code == 422
    assert "sớm hơn" in response.context["form"].errors["effective_on"][0]
    # moving a committee under its own cell: shown at the new parent
    response = clerk.post(reverse("organizations:move", args=[story["kcq"].pk]), DECISION | {"new_parent": story["c1"].pk})
    assert response.status_code == 422
    assert "cấp dưới" in response.context["form"].errors["new_parent"][0]
    story["c1"].refresh_from_db()
    assert story["c1"].name == "Chi bộ Sở Tài chính"


def test_dissolve_with_members_asks_where_they_go(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:dissolve", args=[story["c1"].pk])
    response = clerk.post(url, DECISION)
    assert response.status_code == 422
    assert "đảng viên" in response.context["form"].errors["members_to"][0]
    story["c1"].refresh_from_db()
    assert story["c1"].ended_on is None
    response = clerk.post(url, DECISION | {"members_to": story["c2"].pk})
    assert response.status_code == 302
    story["c1"].refresh_from_db()
    assert story["c1"].ended_on == D(2019, 6, 27)
    assert counts.subtree_count(story["c2"].pk, D(2019, 6, 27)) == 4


def merge_data(s: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return (
        DECISION
        | {
            "sources": [s["kcq"].pk, s["kdn"].pk],
            "target_mode": "new",
            "new_code": "CCQDN",
            "new_name": "Đảng bộ Các cơ quan và Doanh nghiệp",
            "new_kind": OrganizationKind.PARTY_COMMITTEE,
            "new_sector": "other",
            "parent": s["root"].pk,
        }
        | extra
    )


def test_merge_preview_changes_nothing_and_apply_does_what_it_showed(story):
    admin = login(story["admin"])
    url = reverse("organizations:merge") + f"?nguon={story['kcq'].pk}"
    orgs, events, memberships = Organization.objects.count(), AuditEvent.objects.count(), Membership.objects.count()
    preview = admin.post(url, merge_data(story, action="preview"), HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<html" not in html, "an HTMX request gets the form fragment only"
    p = preview.context["preview"]
    assert (p.founded, p.ended, p.moved) == (1, 2, 3)
    assert p.result[0]["members"] == 5 and sorted(p.result[0]["children"]) == sorted(
        ["Chi bộ Sở Tài chính", "Chi bộ Sở Xây dựng", "Chi bộ Công ty Cấp nước"]
    )
    assert (Organization.objects.count(), AuditEvent.objects.count(), Membership.objects.count()) == (orgs, events, memberships)
    # Apply with a token that does not match the input previews again and changes nothing
    changed = admin.post(url, merge_data(story, action="apply", token=token_of(preview), new_name="Tên khác"))
    assert changed.status_code == 200 and changed.context["notice"]
    assert Organization.objects.count() == orgs
    applied = admin.post(url, merge_data(story, action="apply", token=token_of(preview)))
    target = Organization.objects.get(code="CCQDN")
    assert applied.status_code == 302 and applied["Location"] == reverse("organizations:detail", args=[target.pk])
    nodes = selectors.tree_as_of(story["admin"], D(2021, 1, 1))
    assert [n.name for n in nodes[0].children] == ["Đảng bộ Các cơ quan và Doanh nghiệp"]
    assert nodes[0].children[0].members == p.result[0]["members"]
    assert tree.verify() == [] and counts.verify() == []


def test_merge_refuses_sources_out_of_scope(story):
    clerk = login(story["clerk"])
    data = merge_data(story, action="preview", sources=[story["c1"].pk, story["d1"].pk], parent=story["kcq"].pk)
    response = clerk.post(reverse("organizations:merge"), data)
    assert response.status_code == 422
    assert "sources" in response.context["form"].errors
    story["d1"].refresh_from_db()
    assert story["d1"].ended_on is None


def test_merge_into_an_existing_cell_within_scope(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:merge") + f"?nguon={story['c1'].pk}"
    data = DECISION | {"sources": [story["c1"].pk], "target_mode": "existing", "into": story["c2"].pk, "action": "preview"}
    preview = clerk.post(url, data)
    assert preview.status_code == 200 and preview.context["preview"].members == 3
    assert clerk.post(url, data | {"action": "apply", "token": token_of(preview)}).status_code == 302
    story["c1"].refresh_from_db()
    assert story["c1"].ended_on == D(2019, 6, 27)
    assert counts.subtree_count(story["c2"].pk, D(2020, 1, 1)) == 4


def test_split_with_one_member_assigned_to_the_second_successor(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:split", args=[story["c1"].pk])
    assert clerk.get(url).context["form"].member_names  # the page offers a per-member assignment
    cuong = story["people"][2]
    data = DECISION | {
        "kt-TOTAL_FORMS": "2",
        "kt-INITIAL_FORMS": "0",
        "kt-0-code": "C1A",
        "kt-0-name": "Chi bộ Sở Tài chính 1",
        "kt-0-kind": OrganizationKind.ATTACHED_CELL,
        "kt-0-sector": "state_agency",
        "kt-1-code": "C1B",
        "kt-1-name": "Chi bộ Sở Tài chính 2",
        "kt-1-kind": OrganizationKind.ATTACHED_CELL,
        "kt-1-sector": "state_agency",
        f"member_{cuong.pk}": "1",
        "action": "preview",
    }
    preview = clerk.post(url, data)
    assert preview.status_code == 200, preview.context["form"].errors
    assert preview.context["preview"].founded == 2 and preview.context["preview"].members == 3
    assert not Organization.objects.filter(code="C1A").exists()
    assert clerk.post(url, data | {"action": "apply", "token": token_of(preview)}).status_code == 302
    second = Organization.objects.get(code="C1B")
    assert Membership.objects.get(person=cuong, valid_to__isnull=True).organization == second
    assert counts.subtree_count(Organization.objects.get(code="C1A").pk, D(2020, 1, 1)) == 2


def test_split_names_a_used_code_in_its_row(story):
    clerk = login(story["clerk"])
    data = DECISION | {
        "kt-TOTAL_FORMS": "2",
        "kt-INITIAL_FORMS": "0",
        "kt-0-code": "C1A",
        "kt-0-name": "Chi bộ 1",
        "kt-0-kind": OrganizationKind.ATTACHED_CELL,
        "kt-1-code": "c2",
        "kt-1-name": "Chi bộ 2",
        "kt-1-kind": OrganizationKind.ATTACHED_CELL,
        "action": "preview",
    }
    response = clerk.post(reverse("organizations:split", args=[story["c1"].pk]), data)
    assert response.status_code == 422
    assert response.context["formset"].forms[1].errors["code"] == ["Mã tổ chức “C2” đã được dùng."]


def test_split_needs_two_successors(story):
    clerk = login(story["clerk"])
    data = DECISION | {
        "kt-TOTAL_FORMS": "2",
        "kt-INITIAL_FORMS": "0",
        "kt-0-code": "C1A",
        "kt-0-name": "Chi bộ 1",
        "kt-0-kind": OrganizationKind.ATTACHED_CELL,
        "kt-0-sector": "other",
        "kt-1-sector": "other",
        "action": "preview",
    }
    response = clerk.post(reverse("organizations:split", args=[story["c1"].pk]), data)
    assert response.status_code == 422
    assert "hai tổ chức kế tục" in " ".join(response.context["form"].non_field_errors())


def test_bulk_text_preview_then_apply(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:bulk")
    text = "# sắp xếp theo Đề án 08\nchuyển c2 -> C1\n\nGiải thể C2\n"
    data = DECISION | {"operations": text, "action": "preview", "effective_on": "1-1-2020", "decision_date": "1-1-2020"}
    preview = clerk.post(url, data)
    assert preview.status_code == 422  # dissolving C2 with a member left is refused, naming the line
    assert "Dòng 2" in preview.context["form"].errors["operations"][0]
    data["operations"] = "sap nhap c2 -> C1\ndoi ten C1 -> Chi bộ Sở Tài chính - Xây dựng"
    preview = clerk.post(url, data)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.organizations_moved, result.organizations_ended, result.members_moved) == (0, 1, 1)
    assert preview.context["form"]["operations"].value() == "hợp nhất C2 -> C1\nđổi tên C1 -> Chi bộ Sở Tài chính - Xây dựng"
    story["c2"].refresh_from_db()
    assert story["c2"].ended_on is None
    applied = clerk.post(url, data | {"action": "apply", "token": token_of(preview)})
    assert applied.status_code == 302
    story["c2"].refresh_from_db()
    assert story["c2"].ended_on == D(2020, 1, 1)
    assert counts.subtree_count(story["c1"].pk, D(2020, 1, 1)) == 4
    assert selectors.names_on([story["c1"].pk], D(2019, 12, 31)) == {story["c1"].pk: "Chi bộ Sở Tài chính"}
    assert selectors.names_on([story["c1"].pk], D(2020, 1, 1)) == {story["c1"].pk: "Chi bộ Sở Tài chính - Xây dựng"}


def test_bulk_upload_csv_and_errors_name_the_line(story):
    clerk = login(story["clerk"])
    url = reverse("organizations:bulk")
    csv = "thao tác,mã,mã đích,tên,loại\nđổi tên,C1,,Chi bộ Sở Tài chính - Kế hoạch,\nmove,C2,C9\n".encode()
    data = DECISION | {"action": "preview", "upload": SimpleUploadedFile("ds.csv", csv, content_type="text/csv")}
    response = clerk.post(url, data)
    assert response.status_code == 422
    assert (
        "Dòng 2" in response.context["form"].errors["operations"][0] and "C9" in response.context["form"].errors["operations"][0]
    )
    bad = "chuyển C1\nxóa C2\n"
    response = clerk.post(url, DECISION | {"action": "preview", "operations": bad})
    errors = response.context["form"].errors["operations"]
    assert any(e.startswith("Dòng 1") for e in errors) and any(e.startswith("Dòng 2") for e in errors)
    # an organization out of scope is "not found", like a missing one
    response = clerk.post(url, DECISION | {"action": "preview", "operations": "giải thể D1"})
    assert "không tìm thấy" in response.context["form"].errors["operations"][0]


def test_write_then_verify_rolls_back_what_the_user_could_not_see(story):
    def found() -> Organization:
        return services.organization_found(
            actor=None,
            code="X1",
            name="Chi bộ X",
            kind=OrganizationKind.ATTACHED_CELL,
            parent=story["kdn"],
            on_date=D(2020, 1, 1),
        )

    with pytest.raises(NotVisibleError):
        verified_write(
            found, lambda org: Organization.objects.visible_to(story["clerk"], "organizations.view").filter(pk=org.pk).exists()
        )
    assert not Organization.objects.filter(code="X1").exists()
