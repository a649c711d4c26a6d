"""The registry's writes: identity (a duplicate refused by field, the same number on another date accepted), the
typed symbol normalized and checked against the kind, files checked by content, links without self-links or
cycles of replacement, permissions, and an audit entry for each change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.choices import Role
from apps.core.errors import DomainError, NotVisibleError
from apps.core.models import AuditEvent
from apps.core.testing import make_user
from apps.documents import selectors, services
from apps.documents.choices import LinkKind, Status
from apps.documents.models import Document, DocumentLink
from apps.documents.tests.world import World, build

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world() -> World:
    return build()


def _register(world: World, **kw: object) -> Document:
    data: dict[str, object] = {
        "actor": None,
        "organization": world.orgs["R"],
        "symbol": "1628-QĐ/TU",
        "issued_on": D(2019, 6, 27),
        "issuing_body": "Ban Thường vụ Tỉnh ủy Sóc Trăng",
        "title": "Một văn bản",
    }
    return services.document_register(**(data | kw))  # type: ignore[arg-type]


def test_a_typed_symbol_is_normalized_and_its_parts_read(world: World) -> None:
    doc = _register(world, symbol="07 - QDi/TW", issued_on=D(2017, 9, 1), issuing_body="Bộ Chính trị", title="Quy định")
    assert (doc.symbol, doc.number, doc.type_code, doc.issuer_code, doc.system) == ("07-QĐi/TW", "07", "QĐi", "TW", "party")
    state = _register(world, symbol="13/2023/NĐ-CP", issued_on=D(2023, 4, 17), issuing_body="Chính phủ", title="Nghị định")
    assert (state.type_code, state.issuer_code, state.system, state.number) == ("NĐ", "CP", "state", "13")
    # "QĐ" stands for Quy định too (366-QĐ/TW): the kind chosen decides
    rule = _register(world, symbol="366-QĐ/TW", type_code="QĐi", issued_on=D(2025, 8, 30), issuing_body="Bộ Chính trị")
    assert rule.type_code == "QĐi" and rule.get_type_code_display() == "Quy định"


def test_a_duplicate_identity_is_refused_naming_the_field(world: World) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        _register(world, symbol="1628 - QD/TU")
    assert exc.value.field == "symbol" and exc.value.code == "duplicate"
    assert "1628-QĐ/TU" in exc.value.message and "27-6-2019" in exc.value.message and "Số, ký hiệu" in exc.value.message
    assert "Number and symbol" in exc.value.message and "already registered" in exc.value.message
    assert exc.value.params["document_id"] == world.docs["merger"].pk
    assert Document.objects.filter(symbol="1628-QĐ/TU").count() == 1 and AuditEvent.objects.count() == events


def test_the_same_number_on_another_date_is_another_document(world: World) -> None:
    # numbers restart each term: 1628-QĐ/TU of another year is a different decision
    other = _register(world, issued_on=D(2024, 1, 5), title="Quyết định cùng số, nhiệm kỳ khác")
    assert other.pk != world.docs["merger"].pk
    assert Document.objects.filter(symbol="1628-QĐ/TU").count() == 2
    # an undated one is accepted once; a second undated one is a duplicate
    _register(world, issued_on=None)
    with pytest.raises(DomainError) as exc:
        _register(world, issued_on=None)
    assert exc.value.code == "duplicate"


def test_kind_and_symbol_must_agree(world: World) -> None:
    with pytest.raises(DomainError) as exc:
        _register(world, symbol="08-HD/BTCTU", type_code="NQ", issued_on=D(2018, 8, 7))
    assert exc.value.field == "type_code" and exc.value.code == "type_mismatch"
    with pytest.raises(DomainError) as exc:
        _register(world, symbol="không phải ký hiệu")
    assert exc.value.field == "symbol" and exc.value.code == "bad_symbol"
    with pytest.raises(DomainError) as exc:
        _register(world, symbol="15-TT/TW", type_code="TTư", issued_on=D(2020, 1, 1))
    assert exc.value.field == "type_code"


def test_files_are_checked_by_name_size_and_content(world: World) -> None:
    doc = world.docs["merger"]
    bad = SimpleUploadedFile("quyet-dinh.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(DomainError) as exc:
        services.document_attach_file(actor=None, document=doc, file=bad)
    assert exc.value.field == "file"
    with pytest.raises(DomainError):
        services.document_attach_file(actor=None, document=doc, file=SimpleUploadedFile("x.exe", b"%PDF-1.4"))
    doc.refresh_from_db()
    assert not doc.file
    good = SimpleUploadedFile("quyet-dinh-1628.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    services.document_attach_file(actor=None, document=doc, file=good)
    doc.refresh_from_db()
    assert doc.file.name.endswith(".pdf") and doc.version == 2
    assert AuditEvent.objects.filter(event_type="documents.file_attached", target_id=str(doc.pk)).exists()


def test_links_refuse_self_duplicates_and_replacement_cycles(world: World) -> None:
    old = _register(world, symbol="07-QĐi/TW", issued_on=D(2017, 9, 1), issuing_body="Bộ Chính trị", title="Quy định cũ")
    new = _register(world, symbol="22-QĐi/TW", issued_on=D(2021, 7, 28), issuing_body="Ban Chấp hành Trung ương", title="Mới")
    newest = _register(
        world, symbol="296-QĐ/TW", type_code="QĐi", issued_on=D(2025, 5, 30), issuing_body="Ban Chấp hành Trung ương"
    )
    with pytest.raises(DomainError) as exc:
        services.document_link(actor=None, source=old, target=old, kind=LinkKind.REPLACES)
    assert exc.value.code == "self_link"
    services.document_link(actor=None, source=new, target=old, kind=LinkKind.REPLACES)
    services.document_link(actor=None, source=newest, target=new, kind=LinkKind.REPLACES)
    with pytest.raises(DomainError) as exc:
        services.document_link(actor=None, source=old, target=newest, kind=LinkKind.REPLACES)
    assert exc.value.code == "cycle"
    with pytest.raises(DomainError) as exc:
        services.document_link(actor=None, source=new, target=old, kind=LinkKind.REPLACES)
    assert exc.value.code == "duplicate"
    # amending back is no cycle of replacement
    services.document_link(actor=None, source=old, target=newest, kind=LinkKind.CITES)
    assert DocumentLink.objects.count() == 3
    assert AuditEvent.objects.filter(event_type="documents.linked").count() == 3


def test_status_is_derived_from_the_links_and_dates(world: World) -> None:
    old = _register(world, symbol="24-QĐ/TW", type_code="QĐi", issued_on=D(2021, 7, 30), issuing_body="Ban Chấp hành Trung ương")
    amend = _register(world, symbol="10-QĐ/TW", type_code="QĐi", issued_on=D(2023, 1, 5), issuing_body="Bộ Chính trị")
    new = _register(world, symbol="232-QĐ/TW", type_code="QĐi", issued_on=D(2025, 1, 20), issuing_body="Ban Chấp hành Trung ương")
    services.document_link(actor=None, source=amend, target=old, kind=LinkKind.AMENDS, effective_on=D(2023, 1, 5))
    services.document_link(actor=None, source=new, target=old, kind=LinkKind.REPLACES, effective_on=D(2025, 1, 20))
    qs = Document.objects.filter(pk=old.pk)
    assert selectors.with_status(qs, D(2022, 1, 1)).get().status == Status.IN_FORCE  # type: ignore[attr-defined]
    assert selectors.with_status(qs, D(2024, 1, 1)).get().status == Status.AMENDED  # type: ignore[attr-defined]
    assert selectors.with_status(qs, D(2025, 6, 1)).get().status == Status.REPLACED  # type: ignore[attr-defined]
    superuser = make_user(superuser=True)
    view = selectors.status_of(old, selectors.links_of(superuser, old), D(2025, 6, 1))
    assert view.status == Status.REPLACED and view.because is not None and view.because.other == new
    plan = world.docs["plan_a"]
    services.document_update(actor=None, document=plan, expected_version=1, data={"expires_on": D(2021, 12, 31)})
    assert selectors.with_status(Document.objects.filter(pk=plan.pk), D(2022, 1, 1)).get().status == Status.EXPIRED  # type: ignore[attr-defined]


def test_only_the_office_of_the_registry_may_write(world: World) -> None:
    clerk_b = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["B"])
    board = make_user(role=Role.ORGANIZATION_BOARD, organization=world.orgs["R"])
    events = AuditEvent.objects.count()
    for actor in (clerk_b, board):
        with pytest.raises(NotVisibleError):
            _register(world, actor=actor, organization=world.orgs["A"], symbol="15-KH/ĐU", issued_on=D(2022, 1, 1))
        with pytest.raises(NotVisibleError):
            services.document_link(
                actor=actor, source=world.docs["plan_a"], target=world.docs["directive"], kind=LinkKind.IMPLEMENTS
            )
    assert AuditEvent.objects.count() == events
    clerk_a = make_user(role=Role.OFFICE_CLERK, organization=world.orgs["A"])
    doc = _register(world, actor=clerk_a, organization=world.orgs["A"], symbol="15-KH/ĐU", issued_on=D(2022, 1, 1))
    event = AuditEvent.objects.get(event_type="documents.registered", target_id=str(doc.pk))
    assert event.actor == clerk_a and event.organization_id == world.orgs["A"].pk and (event.after or {})["symbol"] == "15-KH/ĐU"


def test_update_rechecks_identity_and_version(world: World) -> None:
    plan = world.docs["plan_b"]
    with pytest.raises(DomainError) as exc:
        services.document_update(
            actor=None, document=plan, expected_version=1, data={"issued_on": D(2021, 3, 1), "symbol": "12-KH/ĐU"}
        )
    # B's plan moved to A's date and issuer "ĐU": the same identity as A's plan
    assert exc.value.code == "duplicate"
    services.document_update(actor=None, document=plan, expected_version=1, data={"title": "Kế hoạch đã sửa"})
    with pytest.raises(DomainError) as exc:
        services.document_update(actor=None, document=plan, expected_version=1, data={"title": "Lần nữa"})
    assert exc.value.code == "stale"
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa" and plan.version == 2
    event = AuditEvent.objects.get(event_type="documents.updated", target_id=str(plan.pk))
    assert event.before == {"title": "Kế hoạch học tập nghị quyết năm 2021"} and event.after == {"title": "Kế hoạch đã sửa"}
