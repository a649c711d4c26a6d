"""Pass 2: the import service. All rows or none, in one transaction, with the rollup and the audit trail.

The member-count rollup (``counts.py``) gets every imported membership. The member-flow rollup (``flows.py``) gets
nothing: an imported membership starts "imported", which is not a flow (it records a member already on the roll,
not an admission or a transfer in), so an import changes no flow figure; :data:`IMPORT_START` says so once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, context
from apps.core.errors import NotVisibleError
from apps.core.models import AuditEvent
from apps.members import counts
from apps.members.choices import AuditEventType, MembershipKind, StartReason
from apps.members.importers.checks import PERSON_FIELDS, MemberRow, allowed_ids
from apps.members.importers.spill import TableSpill
from apps.members.models import Membership, Person
from apps.organizations.models import Organization

# Not a flow (flows.START_FLOWS): were imports ever to carry an admission or a transfer in, the flow rollup
# would have to be maintained here as the counts are (tested in test_flows.py).
IMPORT_START = StartReason.IMPORTED.value


def _batches(rows: Iterable[MemberRow], size: int) -> Iterator[list[MemberRow]]:
    batch: list[MemberRow] = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _require(actor: Any, org_ids: set[int]) -> None:
    if org_ids and allowed_ids(actor, sorted(org_ids)) != org_ids:
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")


def _after(r: MemberRow) -> dict[str, Any]:
    return {f: getattr(r, f) for f in PERSON_FIELDS} | {
        "organization": r.organization_id,
        "on_date": r.start_date,
        "start_reason": StartReason.IMPORTED,
    }


@audit.service
def members_import(
    *,
    actor: Any,
    rows: Iterable[MemberRow] | TableSpill,
    batch_size: int = 2000,
    job_id: int | None = None,
    source_name: str = "",
    root: Organization | None = None,
    encoding: str = "unicode",
) -> int:
    """Create the members of a checked import: a ``Person`` and a first ``Membership`` per row (started
    "imported"), the member-count rollup and the audit trail (one ``member.imported`` event per person and
    one for the whole import), inside this one transaction. ``rows`` come from the checking pass
    (``validate_file``): an iterable of rows, written in batches with ``bulk_create``, or on PostgreSQL the
    temporary table that pass filled, written with set-based statements. Organizations outside the actor's
    import scope are refused and nothing is written. Answers the number of members created."""
    now = timezone.now()
    if isinstance(rows, TableSpill):
        created, per_org = _write_table(actor, rows, now, source_name)
    else:
        created, per_org = _write_batches(actor, rows, now, source_name, batch_size)
    audit.changed(per_org)
    audit.record(
        actor=actor,
        event_type=AuditEventType.IMPORTED,
        target_type="core.importjob" if job_id else "",
        target_id=job_id,
        target_repr=source_name,
        organization_id=root.id if root is not None else None,
        after={"created": created, "organizations": {str(k): v for k, v in sorted(per_org.items())}, "encoding": encoding},
        note=_("Nhập %(n)s đảng viên từ tệp %(f)s") % {"n": created, "f": source_name},
    )
    return created


def _write_batches(
    actor: Any, rows: Iterable[MemberRow], now: dt.datetime, source_name: str, size: int
) -> tuple[int, Counter[int]]:
    checked: set[int] = set()
    groups: Counter[tuple[int, dt.date]] = Counter()  # new memberships per (organization, start date)
    per_org: Counter[int] = Counter()
    created = 0
    for batch in _batches(rows, size):
        new_orgs = {r.organization_id for r in batch} - checked
        _require(actor, new_orgs)
        checked |= new_orgs
        people = [
            Person(
                organization_id=r.organization_id,
                **{f: getattr(r, f) for f in PERSON_FIELDS},
                name_folded=r.name_folded,
                sort_key=r.sort_key,
                created_at=now,
                updated_at=now,
            )
            for r in batch
        ]
        Person.objects.bulk_create(people, batch_size=size)
        Membership.objects.bulk_create(
            [
                Membership(
                    person_id=p.pk,
                    organization_id=r.organization_id,
                    kind=MembershipKind.PERMANENT,
                    valid_from=r.start_date,
                    start_reason=IMPORT_START,
                    decision_symbol=r.decision_symbol,
                    note=r.note,
                    created_at=now,
                    updated_at=now,
                )
                for p, r in zip(people, batch, strict=True)
            ],
            batch_size=size,
        )
        groups.update((r.organization_id, r.start_date) for r in batch)
        per_org.update(r.organization_id for r in batch)
        audit.record_many(
            [
                {
                    "event_type": AuditEventType.IMPORTED,
                    "organization_id": r.organization_id,
                    "target_type": Person._meta.label_lower,
                    "target_id": p.pk,
                    "target_repr": str(p),
                    "after": _after(r),
                    "note": f"{source_name}, dòng {r.row}",
                }
                for p, r in zip(people, batch, strict=True)
            ],
            actor=actor,
        )
        created += len(batch)
    # the rollup, as for a table of rows: the groups in a temporary table, the deltas computed by the database
    table = f"dangbo_import_groups_{uuid.uuid4().hex[:16]}"
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE {table} (organization_id bigint, start_date date, n integer)")
        cur.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s)", [(o, d, n) for (o, d), n in sorted(groups.items())])
    try:
        counts.apply_new_memberships(f"SELECT organization_id, start_date, n FROM {table}")
    finally:
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE {table}")
    return created, per_org


# ------------------------------------------------------------------------------------------------ PostgreSQL


class Prep:
    """A Python value for a field, prepared by the field itself (dates, UUIDs, aware datetimes per database)."""

    def __init__(self, value: Any) -> None:
        self.value = value


SQL = str | tuple[str, list[Any]] | Prep


def _insert_select(model: type[Model], exprs: dict[str, SQL], source: str) -> int:
    """``INSERT INTO <model> SELECT ... FROM <source>``: the given SQL (with its parameters) for some fields,
    each other field's Python default for the rest (so a field added later with a default needs no change)."""
    columns: list[str] = []
    values: list[str] = []
    params: list[Any] = []
    for f in model._meta.concrete_fields:
        expr = exprs.get(f.name)
        if expr is None and f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if expr is None:
            values.append("%s")
            params.append(f.get_db_prep_save(f.get_default(), connection))
        elif isinstance(expr, Prep):
            values.append("%s")
            params.append(f.get_db_prep_save(expr.value, connection))
        elif isinstance(expr, tuple):
            values.append(expr[0])
            params.extend(expr[1])
        else:
            values.append(expr)
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source} ORDER BY row"
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return int(cur.rowcount)


def _write_table(actor: Any, spill: TableSpill, now: dt.datetime, source_name: str) -> tuple[int, Counter[int]]:
    table = spill.table
    with connection.cursor() as cur:
        cur.execute(f"SELECT organization_id, COUNT(*) FROM {table} GROUP BY organization_id")
        per_org: Counter[int] = Counter(dict(cur.fetchall()))
    _require(actor, set(per_org))
    spill.assign_ids()

    person: dict[str, SQL] = {f: f for f in PERSON_FIELDS}
    person.update(
        id="person_id",
        organization="organization_id",
        name_folded="name_folded",
        sort_key="sort_key",
        created_at=Prep(now),
        updated_at=Prep(now),
    )
    created = _insert_select(Person, person, table)
    _insert_select(
        Membership,
        {
            "person": "person_id",
            "organization": "organization_id",
            "kind": Prep(MembershipKind.PERMANENT.value),
            "valid_from": "start_date",
            "start_reason": Prep(IMPORT_START),
            "decision_symbol": "decision_symbol",
            "note": "note",
            "created_at": Prep(now),
            "updated_at": Prep(now),
        },
        table,
    )
    # the rollup: the deltas of every (organization, start date) group under its tree paths, computed and
    # added to the stored rows by the database, in a few statements whatever the number of rows
    counts.apply_new_memberships(
        f"SELECT organization_id, start_date, COUNT(*) AS n FROM {table} GROUP BY organization_id, start_date"
    )

    # One event per person, as audit.record_many would write it (same actor, request, source, JSON).
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    json_object = "jsonb_build_object" if spill.postgresql else "json_object"
    after_pairs = ", ".join(f"'{f}', {f}" for f in PERSON_FIELDS)
    _insert_select(
        AuditEvent,
        {
            "occurred_at": Prep(now),
            "actor": Prep(user.pk if user is not None else None),
            "actor_label": Prep(audit._actor_label(actor)),  # the label record_many gives
            "event_type": Prep(AuditEventType.IMPORTED.value),
            "organization_id": "organization_id",
            "target_type": Prep(Person._meta.label_lower),
            "target_id": "CAST(person_id AS TEXT)",
            # full_name(): the non-empty parts, joined by a space
            "target_repr": "substr(COALESCE(NULLIF(family_name, '') || ' ', '') || COALESCE(NULLIF(middle_name, '') || ' ', '')"
            " || given_name, 1, 300)",
            "before": "NULL",
            "after": (
                f"{json_object}({after_pairs}, 'organization', organization_id, 'on_date', start_date, "
                "'start_reason', CAST(%s AS TEXT))",
                [StartReason.IMPORTED.value],
            ),
            "request_id": Prep(ctx.request_id),
            "source": Prep(ctx.source),
            "note": ("substr(%s || ', dòng ' || row, 1, 500)", [source_name]),
        },
        table,
    )
    return created, per_org
