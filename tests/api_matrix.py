"""Permissions as data for the API tests (after NetBox's view test bases).

Every endpoint is described once as an :class:`Endpoint`; the same four personas call it:

* ``anonymous``: no token → 401;
* ``no_role``: a valid token, no role → an empty list or 404;
* ``role``: the Organization Board role on subtree A, where the objects the endpoint targets live →
  it works (and a list holds those objects);
* ``other``: the same role on subtree B → 404, or a list without A's objects; a refused write changes
  nothing (no audit event, no row).

``role`` and ``other`` hold the Organization Board role by default; ``build_world(role=...)`` gives them another
(the targets API needs one that may change targets).

The world::

    R (committee)
    ├── A (grassroots committee) ── A1 (cell: members pa, pa2; pa is secretary), A2 (cell, empty)
    └── B (grassroots committee) ── B1 (cell: member pb)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from apps.accounts.choices import Role
from apps.accounts.services import api_token_create
from apps.core.models import AuditEvent
from apps.core.testing import make_org, make_person, make_user
from apps.members import services as member_services
from apps.members.models import Membership, Person, PostHolding
from apps.organizations.choices import OrganizationKind
from apps.organizations.models import Organization, Reorganization, ReorganizationLink
from apps.targets.models import Congress, Measurement, Resolution, Target, Term

D = dt.date
PERSONAS = ("anonymous", "no_role", "role", "other")


@dataclass
class World:
    orgs: dict[str, Organization]
    people: dict[str, Person]
    tokens: dict[str, str | None]

    def org(self, key: str) -> int:
        return self.orgs[key].id

    def person(self, key: str) -> int:
        return self.people[key].id

    def reorganization_of(self, key: str) -> int:
        link = ReorganizationLink.objects.filter(organization=self.orgs[key]).order_by("id").first()
        assert link is not None
        return link.reorganization_id


def build_world(role: str = Role.ORGANIZATION_BOARD) -> World:
    """The world above; ``role`` is the role the ``role`` and ``other`` personas hold (the Organization Board by
    default; the targets API, whose writes the Board may not make, uses the Office's role)."""
    root = make_org("R", name="Đảng bộ Khối", kind=OrganizationKind.PARTY_COMMITTEE, on_date=D(2000, 1, 1))
    a = make_org("A", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    b = make_org("B", name="Đảng bộ Sở Y tế", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=root, on_date=D(2000, 1, 1))
    a1 = make_org("A1", name="Chi bộ Kế toán", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2001, 1, 1))
    a2 = make_org("A2", name="Chi bộ Ngân sách", kind=OrganizationKind.ATTACHED_CELL, parent=a, on_date=D(2001, 1, 1))
    b1 = make_org("B1", name="Chi bộ Dược", kind=OrganizationKind.ATTACHED_CELL, parent=b, on_date=D(2001, 1, 1))
    pa = make_person(a1, family_name="Lý", middle_name="Bình", given_name="Cang", on_date=D(2012, 3, 1))
    pa2 = make_person(a1, family_name="Trần", middle_name="Thị", given_name="Cúc", gender="F", on_date=D(2012, 3, 1))
    pb = make_person(b1, family_name="Lý", middle_name="Văn", given_name="Cang", on_date=D(2012, 3, 1))
    member_services.post_assign(actor=None, organization=a1, person=pa, post="secretary", valid_from=D(2020, 8, 1))
    member_services.post_assign(actor=None, organization=b1, person=pb, post="secretary", valid_from=D(2020, 8, 1))
    tokens: dict[str, str | None] = {"anonymous": None}
    for persona, org in (("no_role", None), ("role", a), ("other", b)):
        user = make_user(f"api_{persona}", role=role if org else None, organization=org)
        tokens[persona] = api_token_create(actor=None, user=user, name="test")[1]
    return World(
        orgs={"R": root, "A": a, "B": b, "A1": a1, "A2": a2, "B1": b1},
        people={"pa": pa, "pa2": pa2, "pb": pb},
        tokens=tokens,
    )


def call(world: World, persona: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {}
    token = world.tokens[persona]
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client = Client()
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json", **headers)


def state() -> tuple[int, ...]:
    """A fingerprint of everything a write could change (every write records at least one audit event)."""
    return (
        AuditEvent.objects.count(),
        Organization.objects.count(),
        Reorganization.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        PostHolding.objects.count(),
        Term.objects.count(),
        Congress.objects.count(),
        Resolution.objects.count(),
        Target.objects.count(),
        Measurement.objects.filter(withdrawn_at__isnull=True).count(),
    )


@dataclass
class Endpoint:
    """One endpoint, described once.

    ``kind``: ``list`` (200 for everyone authenticated; ``ids`` of the answer include ``targets`` only
    for ``role``), ``object`` (200 for ``role``, 404 otherwise) or ``write`` (success for ``role``,
    refused and nothing changed otherwise).
    """

    name: str
    method: str
    path: Callable[[World], str]
    kind: str
    body: Callable[[World], dict[str, Any]] | None = None
    ids: Callable[[Any], set[int]] = lambda data: {item["id"] for item in data["items"]}
    targets: Callable[[World], set[int]] = lambda w: set()
    success: int = 200
    # what a persona without rights on the targets gets from a write (the bulk service answers per row)
    refused: int = 404
    check: Callable[[World, Any], None] | None = field(default=None)


def run(endpoint: Endpoint, persona: str, world: World) -> None:
    path = endpoint.path(world)
    body = endpoint.body(world) if endpoint.body else None
    before = state()
    response = call(world, persona, endpoint.method, path, body)
    data: Any = response.json() if response.get("Content-Type", "").startswith("application/json") else None
    where = f"{endpoint.method.upper()} {path} as {persona}: {response.status_code} {data}"
    if persona == "anonymous":
        assert response.status_code == 401, where
        assert data["error"]["code"] == "unauthorized", where
        assert state() == before, where
        return
    if endpoint.kind == "list":
        assert response.status_code == 200, where
        found = endpoint.ids(data)
        targets = endpoint.targets(world)
        assert targets, "a list case needs targets"
        if persona == "role":
            assert targets <= found, where
        else:
            assert not (targets & found), where
            if persona == "no_role":
                assert found == set(), where
        return
    if persona == "role":
        assert response.status_code == endpoint.success, where
        if endpoint.check is not None:
            endpoint.check(world, data)
        if endpoint.kind == "write":
            assert state() != before, where
        return
    assert response.status_code == endpoint.refused, where
    assert data["error"]["code"] == "not_found", where
    assert state() == before, where
