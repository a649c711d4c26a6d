import datetime as dt

import pytest

from apps.core import audit
from apps.core.audit import WriteOutsideServiceError
from apps.core.errors import DomainError
from apps.core.models import AuditEvent
from apps.core.rules import rule
from apps.core.testing import make_org, make_person
from apps.organizations.models import Organization
from apps.organizations.services import reorganization_bulk

pytestmark = pytest.mark.django_db


def test_audited_models_refuse_writes_outside_a_service():
    org = make_org("X1")
    org.name = "Đổi tên lén"
    with pytest.raises(WriteOutsideServiceError):
        org.save()
    with pytest.raises(WriteOutsideServiceError):
        org.delete()


def test_audit_events_are_append_only():
    make_org("X2")
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(WriteOutsideServiceError):
        event.delete()
    with audit.service_scope(), pytest.raises(WriteOutsideServiceError):
        event.save()


def test_a_service_writes_its_change_and_audit_row_together_or_not_at_all():
    org = make_org("X3")
    n_orgs, n_events = Organization.objects.count(), AuditEvent.objects.count()
    ops = [
        {"op": "found", "code": "NEW1", "name": "Chi bộ mới", "kind": "attached_cell", "parent": "X3"},
        {"op": "move", "code": "NOPE", "parent": "X3"},  # fails after the first operation wrote its rows
    ]
    with pytest.raises(DomainError) as err:
        reorganization_bulk(actor=None, operations=ops, on_date=dt.date(2020, 1, 1))
    assert err.value.row == 2
    assert Organization.objects.count() == n_orgs
    assert AuditEvent.objects.count() == n_events
    person = make_person(org)
    created = AuditEvent.objects.get(target_type="members.person", target_id=str(person.pk))
    assert created.after is not None and created.after["given_name"] == "An"
    assert created.organization_id == org.id


def test_rules_are_read_from_the_table_by_date():
    old = rule("admission.min_age_months", dt.date(2022, 1, 1))
    new = rule("admission.min_age_months", dt.date(2025, 6, 1))
    assert old.regulation == "24-QĐ/TW"
    assert new.regulation == "232-QĐ/TW"
    assert old.value == 216


def test_audit_changes_read_with_field_labels_and_choice_labels():
    org = make_org("X4")
    event = AuditEvent.objects.filter(target_type="organizations.organization", target_id=str(org.pk)).first()
    assert event is not None
    labels = {label: new for label, _old, new in event.changes}
    assert labels["mã"] == "X4"
    assert str(labels["loại tổ chức"]) == "Chi bộ cơ sở"
