"""The registry pages: who may open them (an internal document outside the scope answers 404, a public one opens
for anyone logged in and for visitors), the list's filters and search that ignores diacritics, the register form
prefilled from a citation and its refusals at the field, the file download, links, and the pages of other apps that
now link their citations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.accounts.choices import Role
from apps.core.testing import make_user
from apps.documents import services
from apps.documents.choices import LinkKind
from apps.documents.models import Document, DocumentLink
from apps.documents.tests.world import World, build
from apps.organizations import services as org_services

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def world() -> World:
    return build()


def test_scope_internal_documents_stay_in_their_subtree_public_ones_open_to_all(world: World) -> None:
    a = client_for(make_user(role=Role.CELL_SECRETARY, organization=world.orgs["A"]))
    b = client_for(make_user(role=Role.CELL_SECRETARY, organization=world.orgs["B"]))
    plan_a, merger = world.docs["plan_a"], world.docs["merger"]
    assert a.get(reverse("documents:detail", args=[plan_a.pk])).status_code == 200
    assert b.get(reverse("documents:detail", args=[plan_a.pk])).status_code == 404
    assert b.get(reverse("documents:file", args=[plan_a.pk])).status_code == 404
    for c in (a, b, client_for(make_user()), Client()):
        assert c.get(reverse("documents:detail", args=[merger.pk])).status_code == 200
    assert Client().get(reverse("documents:detail", args=[plan_a.pk])).status_code == 404
    listed = b.get(reverse("documents:list")).content.decode()
    assert "1628-QĐ/TU" in listed and "Kế hoạch học tập" in listed and "Kế hoạch kiểm tra" not in listed
    assert client_for(make_user()).get(reverse("documents:list")).status_code == 403
    assert Client().get(reverse("documents:list")).status_code == 302


def test_the_list_filters_and_searches_without_diacritics(world: World) -> None:
    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"]))
    url = reverse("documents:list")
    full = office.get(url, {"q": "hop nhat dang bo khoi"}).content.decode()
    assert "<html" in full and "Văn bản</a>" in full  # the whole page, with the menu link

    def results(**query: str) -> str:
        return office.get(url, query, HTTP_HX_REQUEST="true").content.decode()

    page = results(q="hop nhat dang bo khoi")
    assert "<html" not in page and "1628-QĐ/TU" in page and "33-CT/TW" not in page
    page = results(q="33-ct/tw")
    assert "33-CT/TW" in page and "1628-QĐ/TU" not in page
    page = results(loai="KH", nam="2021")
    assert page.count("12-KH/ĐU") == 2 and "1628-QĐ/TU" not in page
    page = results(co_quan="TW")
    assert "33-CT/TW" in page and "12-KH/ĐU" not in page
    services.document_link(actor=None, source=world.docs["plan_b"], target=world.docs["plan_a"], kind=LinkKind.REPLACES)
    page = results(tinh_trang="replaced")
    assert "Kế hoạch kiểm tra" in page and "Kế hoạch học tập" not in page


def test_the_detail_shows_status_links_both_ways_and_who_cites(world: World) -> None:
    old, new = world.docs["plan_a"], world.docs["plan_b"]
    services.document_update(actor=None, document=new, expected_version=1, data={"access": "public"})
    services.document_link(actor=None, source=new, target=old, kind=LinkKind.REPLACES, effective_on=D(2021, 4, 2))
    services.document_link(actor=None, source=old, target=world.docs["directive"], kind=LinkKind.IMPLEMENTS)
    org_services.organization_rename(
        actor=None,
        organization=world.orgs["A1"],
        new_name="Chi bộ Kế toán - Tài vụ",
        on_date=D(2021, 5, 1),
        decision=org_services.Decision("12-KH/ĐU", D(2021, 3, 1), "Đảng ủy Sở Tài chính"),
    )
    from django.core.management import call_command

    call_command("reindex_citations", verbosity=0)
    office_a = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"]))
    page = office_a.get(reverse("documents:detail", args=[old.pk])).content.decode()
    assert "Đã bị thay thế" in page and "bị thay thế bởi" in page and f'href="/van-ban/{new.pk}/"' in page
    assert "hướng dẫn, thực hiện" in page and f'href="/van-ban/{world.docs["directive"].pk}/"' in page
    assert 'data-testid="cited-by"' in page and f"/to-chuc/{world.orgs['A1'].pk}/" in page
    directive = office_a.get(reverse("documents:detail", args=[world.docs["directive"].pk])).content.decode()
    assert "được hướng dẫn, thực hiện bởi" in directive and f'href="/van-ban/{old.pk}/"' in directive
    # B sees the public directive, and that an internal document of A implements it, without its name
    office_b = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["B"]))
    directive = office_b.get(reverse("documents:detail", args=[world.docs["directive"].pk])).content.decode()
    assert "một văn bản ngoài phạm vi của bạn" in directive and f'href="/van-ban/{old.pk}/"' not in directive


def test_register_prefilled_from_a_citation_and_refusals_at_the_field(world: World) -> None:
    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"]))
    url = reverse("documents:register")
    page = office.get(url, {"symbol": "08-HD/BTCTU", "ngay": "7-8-2018", "co_quan": "Ban Tổ chức Tỉnh ủy", "loai": "HD"})
    text = page.content.decode()
    assert page.status_code == 200 and 'value="08-HD/BTCTU"' in text and 'value="7-8-2018"' in text
    assert 'value="Ban Tổ chức Tỉnh ủy"' in text
    data = {
        "organization": world.orgs["A"].pk,
        "symbol": "08 - HD/BTCTU",
        "issued_on": "7/8/2018",
        "issuing_body": "Ban Tổ chức Tỉnh ủy Sóc Trăng",
        "title": "Hướng dẫn nội dung, quy trình sinh hoạt chi bộ",
        "access": "public",
        "file": SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.7\n..."),
    }
    response = office.post(url, data)
    doc = Document.objects.get(symbol="08-HD/BTCTU")
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{doc.pk}/"
    assert doc.issuer_code == "BTCTU" and doc.type_code == "HD" and doc.file
    download = office.get(reverse("documents:file", args=[doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    data["file"] = SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.7\n...")
    again = office.post(url, data)
    assert again.status_code == 422 and "đã có trong sổ" in again.content.decode()
    assert Document.objects.filter(symbol="08-HD/BTCTU").count() == 1
    # a registry outside the scope is no choice
    data |= {"organization": world.orgs["B"].pk, "issued_on": "8/8/2018", "file": SimpleUploadedFile("x.pdf", b"%PDF-")}
    assert office.post(url, data).status_code == 422
    member = client_for(make_user(role=Role.MEMBER, organization=world.orgs["A"]))
    assert member.get(url).status_code == 403


def test_edit_and_link_pages(world: World) -> None:
    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"]))
    plan = world.docs["plan_a"]
    response = office.post(
        reverse("documents:edit", args=[plan.pk]),
        {
            "symbol": plan.symbol,
            "issued_on": "1-3-2021",
            "issuing_body": plan.issuing_body,
            "title": "Sửa trích yếu",
            "access": "internal",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Sửa trích yếu"
    assert office.get(reverse("documents:edit", args=[world.docs["plan_b"].pk])).status_code == 404
    link_url = reverse("documents:link", args=[plan.pk])
    response = office.post(link_url, {"kind": "implements", "target_symbol": "33-ct/tw"})
    assert response.status_code == 302 and DocumentLink.objects.filter(source=plan, target=world.docs["directive"]).exists()
    response = office.post(link_url, {"kind": "replaces", "target_symbol": "12-KH/ĐU", "target_date": "2-4-2021"})
    # B's plan is not in A's scope: no such document for this user
    assert response.status_code == 422 and "chưa có văn bản" in response.content.decode()
    response = office.post(link_url, {"kind": "replaces", "target_symbol": "12-KH/ĐU"})
    assert response.status_code == 422 and "chính nó" in response.content.decode()
    link = DocumentLink.objects.get(source=plan)
    b_office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["B"]))
    assert b_office.post(reverse("documents:unlink", args=[link.pk])).status_code == 404
    assert office.post(reverse("documents:unlink", args=[link.pk])).status_code == 302
    assert not DocumentLink.objects.exists()


def test_the_menu_and_other_apps_pages_link_citations(world: World) -> None:
    member_user = make_user(role=Role.MEMBER, organization=world.orgs["A1"])
    home = client_for(member_user).get(reverse("organizations:tree")).content.decode()
    assert f'href="{reverse("documents:list")}"' in home
    org_services.organization_rename(
        actor=None,
        organization=world.orgs["A1"],
        new_name="Chi bộ Kế toán - Tài vụ",
        on_date=D(2019, 7, 1),
        decision=org_services.Decision("1628-QĐ/TU", D(2019, 6, 27), "Ban Thường vụ Tỉnh ủy Sóc Trăng"),
    )
    board = client_for(make_user(role=Role.ORGANIZATION_BOARD, organization=world.orgs["A"]))
    page = board.get(reverse("organizations:detail", args=[world.orgs["A1"].pk])).content.decode()
    assert f'<a href="/van-ban/{world.docs["merger"].pk}/" class="cite"' in page


def test_the_detail_and_the_list_read_a_fixed_number_of_queries(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = client_for(make_user(role=Role.OFFICE_CLERK, organization=world.orgs["R"]))
    directive = world.docs["directive"]

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert office.get(url).status_code == 200
        return len(ctx.captured_queries)

    detail, listing = reverse("documents:detail", args=[directive.pk]), reverse("documents:list")
    services.document_link(actor=None, source=world.docs["plan_a"], target=directive, kind=LinkKind.IMPLEMENTS)
    before = (count(detail), count(listing))
    for n in range(5):
        plan = services.document_register(
            actor=None,
            organization=world.orgs["A"],
            symbol=f"{30 + n}-KH/ĐU",
            issued_on=D(2022, 1, 1 + n),
            issuing_body="Đảng ủy Sở Tài chính",
            title=f"Kế hoạch {n}",
        )
        services.document_link(actor=None, source=plan, target=directive, kind=LinkKind.IMPLEMENTS)
    assert (count(detail), count(listing)) == before
