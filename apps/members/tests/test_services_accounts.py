"""Linking a member's record to a login: one record per login, by someone who may change the record, audited."""

from __future__ import annotations

import pytest

from apps.accounts.choices import Role
from apps.core.errors import DomainError, NotVisibleError
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import selectors
from apps.members.models import Person
from apps.members.services_accounts import person_link_user
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells() -> dict[str, Organization]:
    root = make_org("DB")
    return {"CB1": make_org("CB1", parent=root), "CB2": make_org("CB2", parent=root)}


def test_a_clerk_links_a_record_to_a_login_and_the_member_then_sees_it(cells: dict[str, Organization]) -> None:
    clerk = make_user(role=Role.OFFICE_CLERK, organization=cells["CB1"])
    person = make_person(cells["CB1"], given_name="An")
    login = make_user("an.nguyen")
    assert list(selectors.people_visible(login)) == []
    linked = person_link_user(actor=clerk, person=person, user=login)
    assert Person.objects.get(pk=person.pk).user_id == login.pk and linked.version == person.version + 1
    assert list(selectors.people_visible(login)) == [linked]
    [event] = AuditEvent.objects.filter(event_type="member.user_linked")
    assert event.actor_id == clerk.pk and event.organization_id == cells["CB1"].id
    assert (event.target_type, event.target_id) == ("members.person", str(person.pk))
    assert event.before == {"user": None} and event.after == {"user": "an.nguyen"}


def test_a_login_already_linked_to_another_record_is_refused(cells: dict[str, Organization]) -> None:
    first = make_person(cells["CB1"], given_name="An")
    second = make_person(cells["CB1"], given_name="Bình")
    login = make_user("an.nguyen")
    person_link_user(actor=None, person=first, user=login)
    with pytest.raises(DomainError) as refused:
        person_link_user(actor=None, person=second, user=login)
    assert refused.value.code == "user_linked" and refused.value.field == "user"
    assert Person.objects.get(pk=second.pk).user_id is None
    assert Person.objects.get(pk=first.pk).user_id == login.pk
    assert AuditEvent.objects.filter(event_type="member.user_linked").count() == 1
    # linking the same login to the same record again changes nothing and records nothing
    person_link_user(actor=None, person=first, user=login)
    assert AuditEvent.objects.filter(event_type="member.user_linked").count() == 1


def test_a_record_out_of_the_actors_scope_answers_like_a_missing_one(cells: dict[str, Organization]) -> None:
    secretary = make_user(role=Role.CELL_SECRETARY, organization=cells["CB1"])
    viewer = make_user(role=Role.LEADER, organization=cells["CB2"])
    person = make_person(cells["CB2"], given_name="Cường")
    for actor in (secretary, viewer):  # the secretary of another cell; a leader who may see the record, not change it
        with pytest.raises(NotVisibleError):
            person_link_user(actor=actor, person=person, user=make_user())
    assert Person.objects.get(pk=person.pk).user_id is None
    assert not AuditEvent.objects.filter(event_type="member.user_linked").exists()
