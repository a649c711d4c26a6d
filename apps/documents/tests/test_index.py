"""The citation index: the rows of one text are replaced when it is indexed again, each resolved to the registry
entry of its symbol and date (or left open until it is registered); the reindex command rebuilds it from the
citing sources; a document's page lists who cites it, within the reader's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from apps.accounts.choices import Role
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.documents import selectors, services
from apps.documents.models import CitationRef
from apps.documents.tests.world import World, build
from apps.organizations import services as org_services
from apps.organizations.models import Reorganization

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world() -> World:
    return build()


def _reorganization(world: World) -> Reorganization:
    org_services.organization_rename(
        actor=None,
        organization=world.orgs["A1"],
        new_name="Chi bộ Kế toán - Tài vụ",
        on_date=D(2019, 7, 1),
        decision=org_services.Decision(
            "1628-QĐ/TU", D(2019, 6, 27), "Ban Thường vụ Tỉnh ủy Sóc Trăng", "Theo Chỉ thị 33-CT/TW ngày 18-3-2019"
        ),
    )
    return Reorganization.objects.get(decision_symbol="1628-QĐ/TU")


def test_reindexing_a_text_replaces_its_rows(world: World) -> None:
    reorg = _reorganization(world)
    result = services.index_citations(reorg, "note", "Căn cứ Quyết định 1628-QĐ/TU ngày 27-6-2019 và Hướng dẫn 08-HD/BTCTU.")
    assert result.changed and [(r.symbol, r.document_id) for r in result.refs] == [
        ("1628-QĐ/TU", world.docs["merger"].pk),
        ("08-HD/BTCTU", None),
    ]
    assert AuditEvent.objects.filter(event_type="documents.citations_indexed").count() == 1
    again = services.index_citations(reorg, "note", "Căn cứ Quyết định 1628-QĐ/TU ngày 27-6-2019 và Hướng dẫn 08-HD/BTCTU.")
    assert not again.changed and AuditEvent.objects.filter(event_type="documents.citations_indexed").count() == 1
    services.index_citations(reorg, "note", "Chỉ còn Chỉ thị 33-CT/TW.")
    rows = CitationRef.objects.filter(object_id=reorg.pk, field="note")
    assert [(r.symbol, r.document_id) for r in rows] == [("33-CT/TW", world.docs["directive"].pk)]
    # a date that is not the registered one is another document: left open
    services.index_citations(reorg, "note", "Quyết định 1628-QĐ/TU ngày 2-1-2024")
    assert CitationRef.objects.get(object_id=reorg.pk, field="note").document_id is None
    services.index_citations(reorg, "note", "")
    assert not CitationRef.objects.filter(object_id=reorg.pk, field="note").exists()


def test_registering_a_document_resolves_the_citations_waiting_for_it(world: World) -> None:
    reorg = _reorganization(world)
    services.index_citations(reorg, "note", "Theo Hướng dẫn 08-HD/BTCTU ngày 7-8-2018.")
    guideline = services.document_register(
        actor=None,
        organization=world.orgs["R"],
        symbol="08-HD/BTCTU",
        issued_on=D(2018, 8, 7),
        issuing_body="Ban Tổ chức Tỉnh ủy",
        title="Hướng dẫn sinh hoạt chi bộ",
    )
    assert CitationRef.objects.get(object_id=reorg.pk, field="note").document_id == guideline.pk


def test_the_command_rebuilds_the_index_and_the_page_lists_who_cites(world: World) -> None:
    reorg = _reorganization(world)
    CitationRef.objects.all().delete()
    call_command("reindex_citations", verbosity=0)
    decision = CitationRef.objects.get(object_id=reorg.pk, field="decision")
    assert decision.document_id == world.docs["merger"].pk and decision.cited_on == D(2019, 6, 27)
    assert CitationRef.objects.get(object_id=reorg.pk, field="title").document_id == world.docs["directive"].pk
    assert AuditEvent.objects.filter(event_type="documents.citations_reindexed").count() == 1
    a_board = make_user(role=Role.ORGANIZATION_BOARD, organization=world.orgs["A"])
    cited = selectors.cited_by(a_board, world.docs["merger"])
    assert len(cited) == 1 and cited[0].url == f"/to-chuc/{world.orgs['A1'].pk}/" and "27-6-2019" in cited[0].text
    # a row citing it in several fields is listed once
    services.index_citations(reorg, "note", "Xem thêm Quyết định 1628-QĐ/TU ngày 27-6-2019.")
    assert len(selectors.cited_by(a_board, world.docs["merger"])) == 1
    # B's board may read the public decision but not A's reorganization
    b_board = make_user(role=Role.ORGANIZATION_BOARD, organization=world.orgs["B"])
    assert selectors.cited_by(b_board, world.docs["merger"]) == []
