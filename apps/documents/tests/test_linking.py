"""Citations in stored text: a registered document the reader may see is linked, an unregistered one is offered for
registration only to those who may register documents, anything else stays text; the text itself is escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from apps.accounts.choices import Role
from apps.core.testing import make_user
from apps.documents.linking import link_citations_html, link_symbol_html
from apps.documents.tests.world import World, build

pytestmark = pytest.mark.django_db
D = dt.date

TEXT = (
    "Thực hiện Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy và Hướng dẫn 08-HD/BTCTU "
    "ngày 7-8-2018; kế hoạch 12-KH/ĐU ngày 1-3-2021 <script>alert(1)</script> & xong."
)


@pytest.fixture
def world() -> World:
    return build()


def test_a_registered_document_is_linked_and_the_text_escaped(world: World) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"])
    html = str(link_citations_html(TEXT, clerk))
    merger = world.docs["merger"]
    assert f'<a href="/van-ban/{merger.pk}/" class="cite"' in html
    assert ">Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy</a>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; xong." in html
    # A's own internal plan of that date is linked for A's clerk
    assert f'href="/van-ban/{world.docs["plan_a"].pk}/"' in html


def test_an_unregistered_citation_is_offered_for_registration_only_to_who_may_register(world: World) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"])
    html = str(link_citations_html(TEXT, clerk))
    assert 'class="cite cite-new"' in html
    assert "/van-ban/them/?symbol=08-HD%2FBTCTU&amp;ngay=7-8-2018&amp;loai=HD" in html
    member = make_user(role=Role.MEMBER, organization=world.orgs["A1"])
    html = str(link_citations_html(TEXT, member))
    assert "cite-new" not in html and "them/" not in html
    assert "Hướng dẫn 08-HD/BTCTU ngày 7-8-2018" in html  # plain text
    assert f'href="/van-ban/{world.docs["merger"].pk}/"' in html  # public: linked for every reader
    assert 'class="cite cite-new"' not in str(link_citations_html(TEXT, clerk, register_links=False))


def test_an_internal_document_outside_the_scope_stays_text(world: World) -> None:
    clerk_b = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["B"])
    html = str(link_citations_html(TEXT, clerk_b))
    assert str(world.docs["plan_a"].pk) + "/" not in html.replace(f"/van-ban/{world.docs['merger'].pk}/", "")
    # not linked to A's plan: B's clerk is offered to register it (B sees only its own plan, of another date)
    assert "12-KH%2F%C4%90U&amp;ngay=1-3-2021" in html
    visitor = str(link_citations_html(TEXT, AnonymousUser()))
    assert f'href="/van-ban/{world.docs["merger"].pk}/"' in visitor
    assert "cite-new" not in visitor and f"/van-ban/{world.docs['plan_a'].pk}/" not in visitor


def test_a_symbol_stored_apart_from_its_date_links_the_document_of_that_date(world: World) -> None:
    from apps.documents import services

    later = services.document_register(
        actor=None,
        organization=world.orgs["R"],
        symbol="1628-QĐ/TU",
        issued_on=D(2024, 1, 5),
        issuing_body="Ban Thường vụ Tỉnh ủy",
        title="Cùng số, nhiệm kỳ sau",
        access="public",
    )
    user = make_user(role=Role.MEMBER, organization=world.orgs["A1"])
    assert f"/van-ban/{world.docs['merger'].pk}/" in link_symbol_html("1628-QĐ/TU", D(2019, 6, 27), user)
    assert f"/van-ban/{later.pk}/" in link_symbol_html("1628-QĐ/TU", D(2024, 1, 5), user)
    assert link_symbol_html("<b>", None, user) == "&lt;b&gt;"
    template = Template("{% load documents_tags %}{{ text|cite_links:user }}|{% cite_symbol s d %}")
    out = template.render(Context({"text": "Chỉ thị 33-CT/TW <i>", "user": user, "s": "1628-QĐ/TU", "d": D(2019, 6, 27)}))
    assert f'<a href="/van-ban/{world.docs["directive"].pk}/" class="cite"' in out and "&lt;i&gt;" in out
    assert f"/van-ban/{world.docs['merger'].pk}/" in out.split("|")[1]
