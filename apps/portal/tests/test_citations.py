"""Citations in an article link to the document registry: the congress article's "Quyết định số 1628-QĐ/TU" becomes
a link to the registered decision, and the published article is recorded as citing it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from apps.documents import services as documents
from apps.documents.choices import Access
from apps.documents.models import CitationRef
from apps.portal.tests.world import World, build, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def test_the_decision_is_linked_and_the_article_indexed(world: World) -> None:
    decision = documents.document_register(
        actor=None,
        organization=world.orgs["R"],
        symbol="1628-QĐ/TU",
        issuing_body="Ban Thường vụ Tỉnh ủy Sóc Trăng",
        title="Về việc hợp nhất Đảng bộ Khối Các cơ quan tỉnh và Đảng bộ Khối Doanh nghiệp tỉnh",
        issued_on=dt.date(2019, 6, 27),
        type_code="QĐ",
        access=Access.PUBLIC,
    )
    article = published_article(world)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'<a href="{decision.get_absolute_url()}" class="cite"' in html
    assert ">Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy</a>" in html
    refs = CitationRef.objects.filter(content_type=ContentType.objects.get_for_model(article), object_id=article.pk)
    assert refs.filter(document=decision, field="body").exists()


def test_an_unregistered_citation_stays_text_for_readers(world: World) -> None:
    article = published_article(world)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Quyết định số 1628-QĐ/TU, ngày 27-6-2019 của Ban Thường vụ Tỉnh ủy" in html
    assert 'class="cite' not in html
