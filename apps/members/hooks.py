"""The members app's side of the organization hooks: carrying members through reorganizations.

A reorganization rebuilds the dated closure of the organizations it touched, which changes the subtrees that held
past memberships: both rollups follow. ``count_contributions`` answers what the memberships held in the touched
organizations contribute under the paths stored now, to the member counts (keys ``(node, date)``, ``counts.py``)
and to the member flows (keys ``(node, date, flow)``, ``flows.py``) in one counter; the reorganization takes it
before and after rebuilding the paths and hands the difference to ``apply_count_change``, which applies each part
to its rollup. So a back-dated reorganization re-attributes every later event, at a cost that follows the size of
the touched subtrees. Moving members writes no flow: it ends and starts memberships for a reorganization.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q

from apps.core import audit
from apps.members import counts, flows
from apps.members.choices import AuditEventType, EndReason, MembershipKind, StartReason
from apps.members.models import Membership, Person
from apps.organizations.hooks import MemberMove


class MembershipHooksImpl:
    def current_member_ids(self, org_id: int, on_date: dt.date) -> list[int]:
        return list(
            Membership.objects.filter(organization_id=org_id, valid_to__isnull=True)
            .order_by("person_id")
            .values_list("person_id", flat=True)
        )

    def move_members(self, *, actor: Any, moves: list[MemberMove], reorganization_id: int) -> dict[int, int]:
        moved: dict[int, int] = {}
        events: list[dict[str, Any]] = []
        for move in moves:
            qs = Membership.objects.filter(organization_id=move.from_org_id, valid_to__isnull=True)
            if move.person_ids is not None:
                qs = qs.filter(person_id__in=move.person_ids)
            current = list(qs)
            if not current:
                moved[move.from_org_id] = moved.get(move.from_org_id, 0)
                continue
            change: Counter[tuple[int, dt.date]] = Counter()
            new_rows = []
            for m in current:
                start = max(m.valid_from, move.on_date)
                change.update(counts.contributions(m.organization_id, m.valid_from, start))
                change.subtract(counts.contributions(m.organization_id, m.valid_from, None))
                m.valid_to = start
                m.end_reason = EndReason.REORGANIZED
                m.version += 1
                new_rows.append(
                    Membership(
                        person_id=m.person_id,
                        organization_id=move.to_org_id,
                        kind=m.kind,
                        home_organization_id=m.home_organization_id if m.kind == MembershipKind.TEMPORARY else None,
                        valid_from=start,
                        start_reason=StartReason.REORGANIZED,
                        reorganization_id=reorganization_id,
                    )
                )
                change.update(counts.contributions(move.to_org_id, start, None))
            Membership.objects.bulk_update(current, ["valid_to", "end_reason", "version"], batch_size=2000)
            Membership.objects.bulk_create(new_rows, batch_size=2000)
            person_ids = [m.person_id for m in current]
            # Records held by the source organization go with it (a member temporarily away included); a member
            # only hosted here keeps their record at home.
            if move.person_ids is None:
                # current members' records (those temporarily away included); the records of people who left
                # earlier stay with the organization they left
                still_active = Membership.objects.filter(person=OuterRef("pk"), valid_to__isnull=True)
                Person.objects.filter(Exists(still_active), organization_id=move.from_org_id).update(
                    organization_id=move.to_org_id
                )
            else:
                for i in range(0, len(person_ids), 900):
                    Person.objects.filter(id__in=person_ids[i : i + 900], organization_id=move.from_org_id).update(
                        organization_id=move.to_org_id
                    )
            # Temporary members whose home organization was reorganized follow it.
            Membership.objects.filter(home_organization_id=move.from_org_id, valid_to__isnull=True).filter(
                Q(person_id__in=move.person_ids) if move.person_ids is not None else Q()
            ).update(home_organization_id=move.to_org_id)
            counts.apply(change)
            moved[move.from_org_id] = moved.get(move.from_org_id, 0) + len(current)
            events.extend(
                {
                    "event_type": AuditEventType.TRANSFERRED,
                    "organization_id": move.to_org_id,
                    "target_type": "members.person",
                    "target_id": pid,
                    "before": {"organization": move.from_org_id},
                    "after": {"organization": move.to_org_id, "on_date": move.on_date, "reorganization": reorganization_id},
                    "note": "reorganization",
                }
                for pid in person_ids
            )
        if events:
            audit.record_many(events, actor=actor)
        return moved

    def rebuild_counts(self, node_ids: Iterable[int]) -> None:
        ids = list(node_ids)
        counts.rebuild(ids)
        flows.rebuild(ids)

    def count_contributions(self, org_ids: Sequence[int]) -> Counter[tuple[int, dt.date]]:
        both: Counter[Any] = Counter(counts.contributions_of_organizations(org_ids))
        both.update(flows.contributions_of_organizations(org_ids))  # (node, date, flow) keys beside (node, date)
        return cast("Counter[tuple[int, dt.date]]", both)

    def apply_count_change(self, change: Counter[tuple[int, dt.date]]) -> None:
        count_part: Counter[tuple[int, dt.date]] = Counter()
        flow_part: Counter[flows.Key] = Counter()
        for key, n in cast("Counter[Any]", change).items():
            if len(key) == 3:
                flow_part[key] += n
            else:
                count_part[key] += n
        counts.apply(count_part)
        flows.apply(flow_part)

    def subtree_counts(self, org_ids: Iterable[int], on_date: dt.date) -> dict[int, int]:
        return counts.subtree_counts(org_ids, on_date)
