"""The benchmark data generator: deterministic, and its derived rows agree with the services' algorithms."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from apps.core.demo.generator import Generator, data_digest
from apps.core.models import AuditEvent
from apps.core.testing import make_org
from apps.members import counts, flows
from apps.members.choices import StartReason
from apps.members.models import MemberCountCheckpointDate, MemberFlowDelta, Membership, Person
from apps.organizations import selectors, tree
from apps.organizations.choices import ReorganizationKind
from apps.organizations.models import Organization, Reorganization, ReorganizationLink, TreePath

pytestmark = pytest.mark.django_db
D = dt.date


def generate(seed: int, members: int = 400, organizations: int = 120) -> Generator:
    g = Generator(members=members, organizations=organizations, seed=seed, until=D(2025, 12, 31))
    g.run(log=lambda line: None)
    return g


def digest_of(seed: int) -> str:
    """Generate in a transaction that is rolled back, so each run starts from the same empty tables."""
    with transaction.atomic():
        generate(seed)
        digest = data_digest()
        transaction.set_rollback(True)
    return digest


def brute_count(org_id: int, on_date: dt.date) -> int:
    inside = set(
        TreePath.objects.filter(ancestor_id=org_id, valid_from__lte=on_date)
        .exclude(valid_to__lte=on_date)
        .values_list("descendant_id", flat=True)
    )
    return Membership.objects.filter(organization_id__in=inside, valid_from__lte=on_date).exclude(valid_to__lte=on_date).count()


def test_same_seed_same_data_other_seed_other_data():
    first, again, other = digest_of(7), digest_of(7), digest_of(8)
    assert first == again
    assert first != other


def test_generated_data_is_consistent_and_has_history():
    generate(11, members=600, organizations=2000)  # two provinces, merged on 1-7-2025
    assert Organization.objects.count() == 2000
    assert Person.objects.count() == 600
    # the derived tables equal what the services' algorithms compute
    assert tree.verify() == []
    assert counts.verify() == []
    assert flows.verify() == []
    assert {"admitted", "deceased", "transferred_out"} <= set(MemberFlowDelta.objects.values_list("flow", flat=True))
    assert MemberCountCheckpointDate.objects.exists()
    # every organization set up after the records begin has its founding decision, as organization_found records it
    later = Organization.objects.filter(founded_on__gt=D(1990, 1, 1))
    founded = ReorganizationLink.objects.filter(role=ReorganizationLink.Role.FOUNDED)
    assert set(later.values_list("id", flat=True)) == set(founded.values_list("organization_id", flat=True))
    assert Reorganization.objects.filter(kind=ReorganizationKind.FOUND).exists()
    # history: reorganizations of several kinds, memberships carried through them, members who left
    kinds = set(Reorganization.objects.values_list("kind", flat=True))
    assert {ReorganizationKind.MERGE, ReorganizationKind.SPLIT, ReorganizationKind.RENAME, ReorganizationKind.MOVE} <= kinds
    merged = Reorganization.objects.get(effective_on=D(2025, 7, 1))
    assert merged.links.filter(role="ended").count() == 2
    reasons = Counter(Membership.objects.values_list("start_reason", flat=True))
    assert reasons[StartReason.REORGANIZED] > 0 and reasons[StartReason.TRANSFERRED] > 0
    assert Membership.objects.filter(valid_to__isnull=False).exclude(end_reason__in=["transferred", "reorganized"]).exists()
    # counts of the root and of every province agree with a count from the memberships, on several dates
    root = Organization.objects.get(code="G-TW")
    for on_date in (D(1995, 6, 30), D(2010, 1, 1), D(2019, 6, 27), D(2025, 6, 30), D(2025, 7, 1), D(2025, 12, 31)):
        for org in Organization.objects.filter(kind="committee"):
            assert counts.subtree_count(org.id, on_date) == brute_count(org.id, on_date), (org.code, on_date)
    assert counts.subtree_count(root.id, D(2025, 12, 31)) == Membership.objects.filter(valid_to__isnull=True).count()
    # the people are valid members: the same checks as the forms and imports find nothing to say
    assert selectors.tree_as_of(None, D(2020, 1, 1)) == []  # nobody anonymous sees anything
    assert AuditEvent.objects.filter(event_type="data.generated").count() == 1


def test_generated_people_pass_the_member_checks(django_user_model):
    from apps.members.selectors import contradictory_dates

    generate(5, members=150, organizations=40)
    admin = django_user_model(username="x", is_superuser=True, is_active=True)
    assert contradictory_dates(admin) == []
    assert Person.objects.exclude(citizen_id="").values("citizen_id").distinct().count() == 150


def test_command_refuses_a_database_with_organizations():
    make_org("EXISTING")
    with pytest.raises(CommandError):
        call_command("generate_data", members=10, organizations=10)
