"""Property: every user sees exactly the subtrees they hold a role on, everywhere, whatever the tree.

Hypothesis draws a random forest of organizations (random depth and branching), members placed in it, a
sequence of reorganizations and membership changes (moves, merges, dissolutions, transfers, departures),
and users with random (role, organization) assignments. A small model of the tree, kept beside the
database from the operations that succeeded, gives by brute force the organizations each user may see
(everything at or under an assigned organization in the tree as it stands now; an ended organization
stays under its successor, or under its last parent when it had none) and the members (whose record is
held by one of those organizations). Then, for every user, these sets must be exactly what

* the selectors return;
* the pages show: organization and member detail pages answer 404 outside the set, the member list (current
  and left), the search page and the Excel export list exactly the expected members;
* the API returns: lists, trees and detail endpoints;

and writes through the API (transfer, update, rename) outside the user's rights are refused with 404 and
change nothing, while those inside are carried out.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from apps.accounts.choices import Role
from apps.accounts.permissions import MEMBER_CHANGE, MEMBER_VIEW, ORG_CHANGE, ORG_VIEW, ROLE_PERMISSIONS
from apps.accounts.services import api_token_create, role_grant
from apps.core.errors import DomainError
from apps.core.models import AuditEvent
from apps.core.testing import make_person, make_user
from apps.members import services as member_services
from apps.members.models import Membership, Person
from apps.members.selectors import people_visible
from apps.organizations import services as org_services
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization
from apps.organizations.selectors import organizations_visible

pytestmark = pytest.mark.django_db

D = dt.date
EXAMPLES = int(os.environ.get("DANGBO_PROPERTY_EXAMPLES", "12"))
FOUNDED = D(2000, 1, 1)
FIRST_OP = D(2015, 1, 1)
WRITE_DATE = D(2024, 6, 1)
GIVEN_NAMES = ["An", "Bình", "Cúc", "Dũng", "Đào", "Giang", "Hà", "Khánh", "Lộc", "Minh"]
MEMBER_LINK = re.compile(r'href="/dang-vien/(\d+)/"')
ORG_LINK = re.compile(r'href="/to-chuc/(\d+)/"')


# ------------------------------------------------------------------ the model


@dataclass
class Model:
    """What the tree and the records should be, from the operations the services accepted."""

    parent: dict[int, int | None] = field(default_factory=dict)
    ended: set[int] = field(default_factory=set)
    successor: dict[int, int] = field(default_factory=dict)
    record_org: dict[int, int] = field(default_factory=dict)  # person → organization holding the record
    current: set[int] = field(default_factory=set)  # people with an open membership

    def children(self, org: int) -> list[int]:
        return [c for c, p in self.parent.items() if p == org and c not in self.ended]

    def hand_over(self, source: int, target: int) -> None:
        for child in self.children(source):
            self.parent[child] = target
        for person, org in self.record_org.items():
            if org == source and person in self.current:
                self.record_org[person] = target

    def end(self, org: int, successor: int | None) -> None:
        self.ended.add(org)  # the last parent stays in self.parent
        if successor is not None:
            self.successor[org] = successor

    def scope_parent(self, org: int) -> int | None:
        if org in self.ended and org in self.successor:
            return self.successor[org]
        return self.parent[org]

    def under(self, assigned: set[int]) -> set[int]:
        """Brute force: every organization whose chain of scope parents meets an assigned one."""
        out = set()
        for org in self.parent:
            node: int | None = org
            seen: set[int] = set()
            while node is not None and node not in seen:
                if node in assigned:
                    out.add(org)
                    break
                seen.add(node)
                node = self.scope_parent(node)
        return out


# ------------------------------------------------------------------ strategies


@st.composite
def scenarios(draw: Callable[..., Any]) -> dict[str, Any]:
    n = draw(st.integers(min_value=2, max_value=7))
    # parent index < own index gives a forest of any shape; None (rarely) starts another root
    parents: list[int | None] = [None]
    for i in range(1, n):
        parents.append(draw(st.one_of(st.integers(0, i - 1), st.integers(0, i - 1), st.none())))
    people = draw(st.lists(st.integers(0, n - 1), max_size=len(GIVEN_NAMES)))
    org = st.integers(0, n - 1)
    person = st.integers(0, max(len(people) - 1, 0))
    op = st.one_of(
        st.tuples(st.just("move"), org, org),
        st.tuples(st.just("merge"), st.lists(org, min_size=1, max_size=2, unique=True), org),
        st.tuples(st.just("dissolve"), org, org),
        st.tuples(st.just("transfer"), person, org),
        st.tuples(st.just("end"), person, st.just(0)),
    )
    ops = draw(st.lists(op, max_size=6))
    assignment = st.tuples(st.sampled_from(list(Role.values)), org)
    users = draw(st.lists(st.lists(assignment, max_size=2), min_size=1, max_size=3))
    targets = draw(st.lists(org, min_size=len(people), max_size=len(people)))
    return {"parents": parents, "people": people, "ops": ops, "users": users, "targets": targets}


# ------------------------------------------------------------------ building the world


def build(scenario: dict[str, Any]) -> tuple[Model, list[Organization], list[Person]]:
    model = Model()
    orgs: list[Organization] = []
    for i, p in enumerate(scenario["parents"]):
        parent = orgs[p] if p is not None else None
        kind = OrganizationKind.PARTY_COMMITTEE if parent is None else OrganizationKind.ATTACHED_CELL
        org = org_services.organization_found(
            actor=None, code=f"O{i}", name=f"Chi bộ O{i}", kind=kind, parent=parent, on_date=FOUNDED
        )
        orgs.append(org)
        model.parent[org.id] = parent.id if parent else None
    people: list[Person] = []
    for i, o in enumerate(scenario["people"]):
        person = make_person(orgs[o], family_name="Lâm", middle_name="Văn", given_name=GIVEN_NAMES[i], on_date=D(2012, 3, 1))
        people.append(person)
        model.record_org[person.id] = orgs[o].id
        model.current.add(person.id)
    for k, (kind, a, b) in enumerate(scenario["ops"]):
        on_date = FIRST_OP + dt.timedelta(days=60 * k)
        try:
            if kind == "move":
                org_services.organization_move(
                    actor=None, organization=_fresh(orgs[a]), new_parent=_fresh(orgs[b]), on_date=on_date
                )
                model.parent[orgs[a].id] = orgs[b].id
            elif kind == "merge":
                sources = [_fresh(orgs[i]) for i in a]
                target = _fresh(orgs[b])
                org_services.organization_merge(actor=None, sources=sources, into=target, on_date=on_date)
                for s in sources:
                    model.hand_over(s.id, target.id)
                    model.end(s.id, target.id)
            elif kind == "dissolve":
                org, to = _fresh(orgs[a]), _fresh(orgs[b])
                org_services.organization_dissolve(actor=None, organization=org, on_date=on_date, children_to=to, members_to=to)
                model.hand_over(org.id, to.id)
                model.end(org.id, None)
            elif kind == "transfer" and people:
                person = Person.objects.get(pk=people[a].pk)
                member_services.member_transfer(actor=None, person=person, to_organization=_fresh(orgs[b]), on_date=on_date)
                model.record_org[person.id] = orgs[b].id
            elif kind == "end" and people:
                person = Person.objects.get(pk=people[a].pk)
                member_services.member_end(actor=None, person=person, on_date=on_date, reason="deceased")
                model.current.discard(person.id)
        except DomainError:
            pass  # refused by a rule of the domain (a cycle, an ended organization ...): the model keeps still
    return model, orgs, people


def _fresh(org: Organization) -> Organization:
    return Organization.objects.get(pk=org.pk)


# ------------------------------------------------------------------ checks


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def _export_names(response: Any) -> set[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    given = rows[0].index("Tên")
    return {str(row[given]) for row in rows[1:]}


def check_user(model: Model, orgs: list[Organization], people: list[Person], user: Any, assignments: list[Any]) -> None:
    def expected(perm: str) -> set[int]:
        return model.under({orgs[o].id for role, o in assignments if perm in ROLE_PERMISSIONS[role]})

    seen_orgs = expected(ORG_VIEW)
    member_orgs = expected(MEMBER_VIEW)
    seen_people = {p for p, o in model.record_org.items() if o in member_orgs}
    current_people = seen_people & model.current
    name_of = {p.id: p.given_name for p in people}
    who = f"user with {assignments}"

    # selectors
    assert set(organizations_visible(user).values_list("id", flat=True)) == seen_orgs, who
    assert set(people_visible(user).values_list("id", flat=True)) == seen_people, who

    # pages
    web = Client()
    web.force_login(user)
    for org in orgs:
        status = web.get(f"/to-chuc/{org.id}/").status_code
        assert status == (200 if org.id in seen_orgs else 404), (who, org.code)
    for person in people:
        status = web.get(f"/dang-vien/{person.id}/").status_code
        assert status == (200 if person.id in seen_people else 404), (who, person.given_name)
    fragment = {"HTTP_HX_REQUEST": "true"}
    listed = web.get("/dang-vien/", **fragment).content.decode()
    assert {int(i) for i in MEMBER_LINK.findall(listed)} == current_people, who
    left = web.get("/dang-vien/?trang_thai=left", **fragment).content.decode()
    assert {int(i) for i in MEMBER_LINK.findall(left)} == seen_people - model.current, who
    found = _section(web.get("/dang-vien/tim-kiem/?q=lam+van").content.decode(), "results")
    assert {int(i) for i in MEMBER_LINK.findall(found)} == seen_people, who
    found_orgs = _section(web.get("/dang-vien/tim-kiem/?q=chi+bo").content.decode(), "results")
    assert {int(i) for i in ORG_LINK.findall(found_orgs)} == seen_orgs, who
    exported = web.get("/dang-vien/xuat-excel/")
    assert exported.status_code == 200
    assert _export_names(exported) == {name_of[p] for p in current_people}, who
    assert _export_names(web.get("/dang-vien/xuat-excel/?q=lam")) == {name_of[p] for p in seen_people}, who

    # API
    token = api_token_create(actor=None, user=user, name="property")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    listed_orgs = api.get("/api/organizations/?limit=1000").json()
    assert {o["id"] for o in listed_orgs["items"]} == seen_orgs and listed_orgs["total"] == len(seen_orgs), who
    tree = api.get("/api/organizations/tree").json()
    assert {n["id"] for n in tree} == seen_orgs - model.ended, who
    everyone = api.get("/api/members/?status=all&limit=1000").json()
    assert {p["id"] for p in everyone["items"]} == seen_people and everyone["total"] == len(seen_people), who
    assert {p["id"] for p in api.get("/api/members/?limit=1000").json()["items"]} == current_people, who
    assert {p["id"] for p in api.get("/api/members/search?q=lam&limit=1000").json()["items"]} == seen_people, who
    for org in orgs:
        assert api.get(f"/api/organizations/{org.id}").status_code == (200 if org.id in seen_orgs else 404), who
    for person in people:
        assert api.get(f"/api/members/{person.id}").status_code == (200 if person.id in seen_people else 404), who


def check_writes(
    model: Model, orgs: list[Organization], people: list[Person], user: Any, assignments: list[Any], targets: list[int]
) -> None:
    def may(perm: str) -> set[int]:
        return model.under({orgs[o].id for role, o in assignments if perm in ROLE_PERMISSIONS[role]})

    change_members, change_orgs = may(MEMBER_CHANGE), may(ORG_CHANGE)
    token = api_token_create(actor=None, user=user, name="writes")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def attempt(allowed: bool, method: str, url: str, body: dict[str, Any], state: Callable[[], Any]) -> None:
        point = transaction.savepoint()
        before, events = state(), AuditEvent.objects.count()
        response = getattr(api, method)(url, data=body, content_type="application/json")
        where = (f"user with {assignments}", method, url, body, response.status_code)
        if allowed:
            # carried out, or refused by a rule of the domain (an ended organization, the same one ...)
            assert response.status_code in {200, 422}, where
            assert (state() != before) == (response.status_code == 200), where
        else:
            assert response.status_code == 404, where
            assert state() == before and AuditEvent.objects.count() == events, where
        transaction.savepoint_rollback(point)

    for person, target_index in zip(people, targets, strict=True):
        target = orgs[target_index].id
        holder = model.record_org[person.id]

        def person_state(pk: int = person.pk) -> Any:
            row = Person.objects.values("organization_id", "version", "hometown").get(pk=pk)
            return row, list(Membership.objects.filter(person_id=pk).values_list("organization_id", "valid_to"))

        attempt(
            holder in change_members and target in change_members,
            "post",
            f"/api/members/{person.id}/transfer",
            {"to_organization_id": target, "on_date": WRITE_DATE.isoformat()},
            person_state,
        )
        version = Person.objects.get(pk=person.pk).version
        attempt(
            holder in change_members,
            "patch",
            f"/api/members/{person.id}",
            {"expected_version": version, "hometown": "Sóc Trăng"},
            person_state,
        )
    for org in orgs:

        def org_state(pk: int = org.pk) -> Any:
            return Organization.objects.values("name", "version").get(pk=pk)

        attempt(
            org.id in change_orgs,
            "post",
            f"/api/organizations/{org.id}/rename",
            {"name": f"Chi bộ mới {org.code}", "on_date": WRITE_DATE.isoformat()},
            org_state,
        )


# ------------------------------------------------------------------ the property


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario=scenarios())
def test_everyone_sees_exactly_their_subtrees(scenario: dict[str, Any]) -> None:
    with transaction.atomic():
        model, orgs, people = build(scenario)
        for i, assignments in enumerate(scenario["users"]):
            resolved = [(role, o) for role, o in assignments]
            user = make_user(f"u{i}")
            for role, o in resolved:
                role_grant(actor=None, user=user, role=role, organization=_fresh(orgs[o]), valid_from=FOUNDED)
            check_user(model, orgs, people, user, resolved)
            check_writes(model, orgs, people, user, resolved, scenario["targets"])
        transaction.set_rollback(True)
