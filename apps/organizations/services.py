"""Writes to the organization tree. Each public function is one service: one transaction, audited.

Reorganizations are dated and cite their decision. The structural change is written to ``ParentLink``
and ``OrganizationName`` rows; then the derived tables are rebuilt for what was touched, current members
are carried along through the membership hooks, and member counts are recomputed for every organization
whose subtree changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import audit, context, scoping
from apps.core.dates import format_date
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError
from apps.core.scoping import can
from apps.core.text import fold, nfc, sort_key
from apps.organizations import counts, hooks, tree
from apps.organizations.choices import AuditEventType, OrganizationKind, ReorganizationKind, Sector
from apps.organizations.models import (
    Organization,
    OrganizationName,
    ParentLink,
    Reorganization,
    ReorganizationLink,
)

PERM_CHANGE = "organizations.change"
EDITABLE_FIELDS = ("code", "kind", "host_body", "sector")


@dataclass(frozen=True)
class Decision:
    """The decision a reorganization cites."""

    symbol: str = ""
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""


@dataclass(frozen=True)
class NewOrganization:
    """An organization to be founded as part of a merge or split."""

    code: str
    name: str
    kind: str
    host_body: str = ""
    sector: str = Sector.OTHER


@dataclass
class _Run:
    actor: Any
    reorganization: Reorganization
    touched: set[int] = field(default_factory=set)


# ---------------------------------------------------------------- checks


def _require(actor: Any, organization_id: int | None) -> None:
    """System actions (actor None) are unrestricted; a user must hold the permission on the organization."""
    scoping.require(actor, PERM_CHANGE, organization_id, _("Không tìm thấy tổ chức hoặc bạn không có quyền với tổ chức này."))


def _check_date(on_date: dt.date, *orgs: Organization) -> None:
    today = timezone.localdate()
    if on_date > today:
        raise DomainError(_("Ngày hiệu lực không được sau ngày hôm nay."), field="effective_on", code="future_date")
    for org in orgs:
        if org.ended_on is not None:
            raise DomainError(
                _("Tổ chức “%(name)s” đã kết thúc ngày %(date)s.") % {"name": org.name, "date": format_date(org.ended_on)},
                field="organization",
                code="ended",
            )
        last = _last_event_date(org)
        if on_date < last:
            raise DomainError(
                _("Ngày hiệu lực %(date)s sớm hơn thay đổi gần nhất của “%(name)s” (%(last)s).")
                % {"date": format_date(on_date), "name": org.name, "last": format_date(last)},
                field="effective_on",
                code="before_last_event",
            )


def _last_event_date(org: Organization) -> dt.date:
    dates = [org.founded_on]
    dates += list(ParentLink.objects.filter(child=org).values_list("valid_from", flat=True))
    dates += [d for d in ParentLink.objects.filter(parent=org, valid_to__isnull=False).values_list("valid_to", flat=True) if d]
    dates += list(ParentLink.objects.filter(parent=org).values_list("valid_from", flat=True))
    dates += list(OrganizationName.objects.filter(organization=org).values_list("valid_from", flat=True))
    return max(dates)


def _current_parent(org: Organization) -> Organization | None:
    link = ParentLink.objects.filter(child=org, valid_to__isnull=True).select_related("parent").first()
    return link.parent if link else None


def _ancestors_now(org: Organization) -> list[int]:
    chain: list[int] = []
    node: Organization | None = org
    while node is not None and node.id not in chain:
        chain.append(node.id)
        node = _current_parent(node)
    return chain


def _validate_code(code: str, exclude_id: int | None = None) -> str:
    code = nfc(code).upper()
    if not code:
        raise DomainError(_("Mã tổ chức không được để trống."), field="code", code="required")
    qs = Organization.objects.filter(code=code)
    if exclude_id is not None:
        qs = qs.exclude(id=exclude_id)
    if qs.exists():
        raise DomainError(_("Mã tổ chức “%(code)s” đã được dùng.") % {"code": code}, field="code", code="duplicate")
    return code


def _validate_kind(kind: str) -> str:
    if kind not in OrganizationKind.values:
        raise DomainError(_("Loại tổ chức không hợp lệ: %(kind)s") % {"kind": kind}, field="kind", code="invalid_kind")
    return kind


def _validate_sector(sector: str) -> str:
    if sector not in Sector.values:
        raise DomainError(_("Khối, loại hình không hợp lệ: %(s)s") % {"s": sector}, field="sector", code="invalid_sector")
    return sector


# ---------------------------------------------------------------- run helpers


def _start(actor: Any, kind: str, on_date: dt.date, decision: Decision | None, title: str = "") -> _Run:
    decision = decision or Decision()
    reorg = Reorganization(
        kind=kind,
        effective_on=on_date,
        decision_symbol=nfc(decision.symbol),
        decision_date=decision.date,
        decision_issuer=nfc(decision.issuer),
        title=nfc(title or decision.title),
        request_id=context.current().request_id,
        actor_label=audit._actor_label(actor),
    )
    reorg.full_clean()
    reorg.save()
    return _Run(actor=actor, reorganization=reorg)


def _finish(run: _Run) -> None:
    """Rebuild the derived rows for what the run touched and carry the member counts along.

    The stored counts follow the tree paths as they were; the memberships held in the touched subtrees
    contribute once under the old paths and once under the new ones, and the difference is applied, so the cost
    follows the size of the touched subtrees.
    """
    if not run.touched:
        return
    affected = tree.all_time_descendants(sorted(run.touched))
    members = hooks.membership()
    old = members.count_contributions(affected)
    tree.rebuild_paths(sorted(run.touched))
    change = members.count_contributions(affected)
    change.subtract(old)
    members.apply_count_change(change)


def _snapshot(org: Organization) -> dict[str, Any]:
    return audit.snapshot(org, ["code", "name", "kind", "host_body", "sector", "founded_on", "ended_on"])


def _close_link(link: ParentLink, on_date: dt.date) -> None:
    if link.valid_from >= on_date:
        link.delete()
    else:
        link.valid_to = on_date
        link.save(update_fields=["valid_to"])


def _close_name(org: Organization, on_date: dt.date) -> None:
    current = OrganizationName.objects.filter(organization=org, valid_to__isnull=True).first()
    if current is None:
        return
    if current.valid_from >= on_date:
        current.delete()
    else:
        current.valid_to = on_date
        current.save(update_fields=["valid_to"])


# ---------------------------------------------------------------- building blocks (inside a run)


def _found(
    run: _Run,
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    on_date: dt.date,
    host_body: str = "",
    sector: str = Sector.OTHER,
    predecessor: Organization | None = None,
) -> Organization:
    if parent is not None:
        _require(run.actor, parent.id)
        # alive on the founding date, not necessarily today: history is recorded after the fact
        if parent.founded_on > on_date or (parent.ended_on is not None and parent.ended_on <= on_date):
            raise DomainError(
                _("Tổ chức cấp trên “%(parent)s” không hoạt động vào ngày %(date)s.")
                % {"parent": parent.name, "date": format_date(on_date, "dash")},
                field="parent",
                code="parent_not_alive",
            )
    elif run.actor is not None and not getattr(run.actor, "is_superuser", False):
        raise NotVisibleError(_("Chỉ quản trị hệ thống được lập tổ chức cấp cao nhất."), code="not_found")
    name = nfc(name)
    if not name:
        raise DomainError(_("Tên tổ chức không được để trống."), field="name", code="required")
    org = Organization(
        code=_validate_code(code),
        name=name,
        name_folded=fold(name),
        sort_key=sort_key(name),
        kind=_validate_kind(kind),
        host_body=nfc(host_body),
        sector=_validate_sector(sector),
        founded_on=on_date,
    )
    org.full_clean()
    org.save()
    OrganizationName(organization=org, name=name, valid_from=on_date).save()
    if parent is not None:
        # under a parent that has since ended, the link ends with it: the child is not under it after that date
        ParentLink(
            child=org, parent=parent, valid_from=on_date, valid_to=parent.ended_on, reorganization=run.reorganization
        ).save()
    ReorganizationLink(
        reorganization=run.reorganization,
        organization=org,
        role=ReorganizationLink.Role.FOUNDED,
        predecessor=predecessor,
        new_parent=parent,
        new_name=name,
    ).save()
    run.touched.add(org.id)
    audit.record(
        actor=run.actor,
        event_type=AuditEventType.FOUNDED,
        target=org,
        organization_id=org.id,
        after=_snapshot(org) | {"parent": parent.code if parent else None},
        note=str(run.reorganization),
    )
    return org


def _move(run: _Run, org: Organization, new_parent: Organization, on_date: dt.date, *, quiet: bool = False) -> None:
    _require(run.actor, org.id)
    _require(run.actor, new_parent.id)
    if new_parent.id in _descendants_now(org):
        raise DomainError(
            _("Không thể chuyển “%(org)s” vào tổ chức cấp dưới của chính nó.") % {"org": org.name},
            field="parent",
            code="cycle",
        )
    if new_parent.ended_on is not None:
        raise DomainError(_("Tổ chức cấp trên đã kết thúc."), field="parent", code="parent_not_alive")
    link = ParentLink.objects.filter(child=org, valid_to__isnull=True).select_related("parent").first()
    old_parent = link.parent if link else None
    if old_parent is not None and old_parent.id == new_parent.id:
        raise DomainError(_("Tổ chức đã trực thuộc “%(p)s”.") % {"p": new_parent.name}, field="parent", code="same_parent")
    if link is not None:
        _close_link(link, on_date)
    ParentLink(child=org, parent=new_parent, valid_from=on_date, reorganization=run.reorganization).save()
    ReorganizationLink(
        reorganization=run.reorganization,
        organization=org,
        role=ReorganizationLink.Role.MOVED,
        old_parent=old_parent,
        new_parent=new_parent,
    ).save()
    run.touched.add(org.id)
    if not quiet:
        audit.record(
            actor=run.actor,
            event_type=AuditEventType.MOVED,
            target=org,
            organization_id=org.id,
            before={"parent": old_parent.code if old_parent else None},
            after={"parent": new_parent.code},
            note=str(run.reorganization),
        )


def _descendants_now(org: Organization) -> set[int]:
    children: dict[int, list[int]] = {}
    for child_id, parent_id in ParentLink.objects.filter(valid_to__isnull=True).values_list("child_id", "parent_id"):
        children.setdefault(parent_id, []).append(child_id)
    out: set[int] = set()
    stack = [org.id]
    while stack:
        node = stack.pop()
        if node in out:
            continue
        out.add(node)
        stack.extend(children.get(node, []))
    return out


def _current_children(org: Organization) -> list[Organization]:
    return list(Organization.objects.filter(parent_links__parent=org, parent_links__valid_to__isnull=True).order_by("sort_key"))


def _end(run: _Run, org: Organization, on_date: dt.date, successor: Organization | None) -> None:
    """End an organization: it must have no current sub-organization or member left."""
    if _current_children(org):
        raise DomainError(
            _("“%(org)s” vẫn còn tổ chức trực thuộc; hãy chuyển chúng trước.") % {"org": org.name},
            field="children",
            code="has_children",
        )
    remaining = hooks.membership().current_member_ids(org.id, on_date)
    if remaining:
        raise DomainError(
            _("“%(org)s” vẫn còn %(n)s đảng viên sinh hoạt; hãy chuyển họ trước.") % {"org": org.name, "n": len(remaining)},
            field="members",
            code="has_members",
        )
    before = _snapshot(org)
    link = ParentLink.objects.filter(child=org, valid_to__isnull=True).first()
    if link is not None:
        if link.valid_from >= on_date:
            raise DomainError(_("Không thể kết thúc tổ chức trong ngày nó được chuyển đến."), code="same_day")
        _close_link(link, on_date)
    _close_name(org, on_date)
    org.ended_on = on_date
    org.version += 1
    org.updated_at = timezone.now()
    org.full_clean()
    org.save(update_fields=["ended_on", "version", "updated_at"])
    ReorganizationLink(
        reorganization=run.reorganization,
        organization=org,
        role=ReorganizationLink.Role.ENDED,
        successor=successor,
        old_parent=link.parent if link else None,
    ).save()
    run.touched.add(org.id)
    audit.record(
        actor=run.actor,
        event_type=AuditEventType.DISSOLVED if successor is None else AuditEventType.MERGED,
        target=org,
        organization_id=org.id,
        before=before,
        after=_snapshot(org) | {"successor": successor.code if successor else None},
        note=str(run.reorganization),
    )


def _move_members(run: _Run, moves: list[hooks.MemberMove]) -> dict[int, int]:
    moves = [m for m in moves if m.person_ids is None or m.person_ids]
    if not moves:
        return {}
    return hooks.membership().move_members(actor=run.actor, moves=moves, reorganization_id=run.reorganization.id)


def _hand_over(run: _Run, source: Organization, target: Organization, on_date: dt.date) -> int:
    """Move the current sub-organizations and members of ``source`` under/into ``target``."""
    for child in _current_children(source):
        _move(run, child, target, on_date, quiet=True)
    moved = _move_members(run, [hooks.MemberMove(source.id, target.id, on_date)])
    return moved.get(source.id, 0)


# ---------------------------------------------------------------- public services


@audit.service
def organization_found(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    on_date: dt.date,
    host_body: str = "",
    sector: str = Sector.OTHER,
    decision: Decision | None = None,
) -> Organization:
    if on_date > timezone.localdate():
        raise DomainError(_("Ngày hiệu lực không được sau ngày hôm nay."), field="effective_on", code="future_date")
    # the decision's own wording when it has one (e.g. one citing Directive 33-CT/TW), else a plain one
    title = decision.title if decision is not None and decision.title.strip() else _("Thành lập %(name)s") % {"name": nfc(name)}
    run = _start(actor, ReorganizationKind.FOUND, on_date, decision, title=title)
    org = _found(run, code=code, name=name, kind=kind, parent=parent, on_date=on_date, host_body=host_body, sector=sector)
    _finish(run)
    return org


@audit.service
def organization_update(*, actor: Any, organization: Organization, expected_version: int, data: dict[str, Any]) -> Organization:
    """Correct undated attributes (code, kind, host body, sector). Names change through a rename."""
    _require(actor, organization.id)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if org.version != expected_version:
        raise StaleObjectError(
            _("Bản ghi đã được người khác sửa sau khi bạn mở biểu mẫu. Hãy tải lại trang và nhập lại thay đổi."),
            code="stale",
        )
    before = _snapshot(org)
    for key, value in data.items():
        if key not in EDITABLE_FIELDS:
            raise DomainError(_("Không sửa được trường %(f)s.") % {"f": key}, field=key, code="not_editable")
        if key == "code":
            value = _validate_code(value, exclude_id=org.id)
        elif key == "kind":
            value = _validate_kind(value)
        elif key == "sector":
            value = _validate_sector(value)
        else:
            value = nfc(value)
        setattr(org, key, value)
    org.version += 1
    org.updated_at = timezone.now()
    org.full_clean()
    if (org.kind, org.sector) != (before["kind"], before["sector"]):
        # the organization counts by kind and sector of every subtree it lies in move with it
        counts.recategorize(org.id, org.save)
    else:
        org.save()
    audit.record(
        actor=actor, event_type=AuditEventType.UPDATED, target=org, organization_id=org.id, before=before, after=_snapshot(org)
    )
    return org


@audit.service
def organization_rename(
    *, actor: Any, organization: Organization, new_name: str, on_date: dt.date, decision: Decision | None = None
) -> Organization:
    _require(actor, organization.id)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    _check_date(on_date, org)
    new_name = nfc(new_name)
    if not new_name:
        raise DomainError(_("Tên tổ chức không được để trống."), field="name", code="required")
    if new_name == org.name:
        raise DomainError(_("Tên mới trùng tên hiện tại."), field="name", code="same_name")
    run = _start(actor, ReorganizationKind.RENAME, on_date, decision)
    before = _snapshot(org)
    old_name = org.name
    _close_name(org, on_date)
    OrganizationName(organization=org, name=new_name, valid_from=on_date).save()
    org.name = new_name
    org.name_folded = fold(new_name)
    org.sort_key = sort_key(new_name)
    org.version += 1
    org.updated_at = timezone.now()
    org.save()
    ReorganizationLink(
        reorganization=run.reorganization,
        organization=org,
        role=ReorganizationLink.Role.RENAMED,
        old_name=old_name,
        new_name=new_name,
    ).save()
    audit.record(
        actor=actor,
        event_type=AuditEventType.RENAMED,
        target=org,
        organization_id=org.id,
        before=before,
        after=_snapshot(org),
        note=str(run.reorganization),
    )
    return org


@audit.service
def organization_move(
    *, actor: Any, organization: Organization, new_parent: Organization, on_date: dt.date, decision: Decision | None = None
) -> Reorganization:
    _check_date(on_date, organization, new_parent)
    run = _start(actor, ReorganizationKind.MOVE, on_date, decision)
    _move(run, organization, new_parent, on_date)
    _finish(run)
    return run.reorganization


@audit.service
def organization_merge(
    *,
    actor: Any,
    sources: Sequence[Organization],
    into: Organization | NewOrganization,
    on_date: dt.date,
    parent: Organization | None = None,
    decision: Decision | None = None,
) -> Organization:
    """Merge several organizations into one, new (founded here under ``parent``) or existing.

    Sub-organizations and current members of every source move to the target; each source ends on
    ``on_date`` with the target as its successor.
    """
    if not sources:
        raise DomainError(_("Chọn ít nhất một tổ chức để hợp nhất."), field="sources", code="required")
    _check_date(on_date, *sources)
    run = _start(actor, ReorganizationKind.MERGE, on_date, decision)
    if isinstance(into, NewOrganization):
        target = _found(
            run,
            code=into.code,
            name=into.name,
            kind=into.kind,
            parent=parent,
            on_date=on_date,
            host_body=into.host_body,
            sector=into.sector,
        )
    else:
        target = into
        _check_date(on_date, target)
        _require(actor, target.id)
        ReorganizationLink(reorganization=run.reorganization, organization=target, role=ReorganizationLink.Role.RECEIVED).save()
    for source in sources:
        if source.id == target.id:
            raise DomainError(_("Tổ chức nhận không thể đồng thời là tổ chức bị hợp nhất."), field="sources", code="self_merge")
        _require(actor, source.id)
        moved = _hand_over(run, source, target, on_date)
        _end(run, source, on_date, successor=target)
        ReorganizationLink.objects.filter(
            reorganization=run.reorganization, organization=source, role=ReorganizationLink.Role.ENDED
        ).update(members_moved=moved)
        ReorganizationLink(
            reorganization=run.reorganization,
            organization=target,
            role=ReorganizationLink.Role.RECEIVED,
            predecessor=source,
            members_moved=moved,
        ).save()
    ReorganizationLink.objects.filter(
        reorganization=run.reorganization, organization=target, predecessor__isnull=True, role=ReorganizationLink.Role.RECEIVED
    ).delete()
    _finish(run)
    return target


@audit.service
def organization_split(
    *,
    actor: Any,
    source: Organization,
    into: Sequence[Organization | NewOrganization],
    on_date: dt.date,
    parent: Organization | None = None,
    child_assignment: dict[int, int] | None = None,
    member_assignment: dict[int, int] | None = None,
    decision: Decision | None = None,
) -> list[Organization]:
    """Split one organization into several (new ones founded under ``parent``, or existing ones).

    ``child_assignment`` maps each current sub-organization id to the index of its successor;
    ``member_assignment`` maps person ids to successor indexes. Anything not assigned goes to the first
    successor. The source ends on ``on_date``.
    """
    if len(into) < 2:
        raise DomainError(_("Chia tách cần ít nhất hai tổ chức kế tục."), field="into", code="too_few")
    _check_date(on_date, source)
    _require(actor, source.id)
    run = _start(actor, ReorganizationKind.SPLIT, on_date, decision)
    parent = parent or _current_parent(source)
    successors: list[Organization] = []
    for spec in into:
        if isinstance(spec, NewOrganization):
            successors.append(
                _found(
                    run,
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind,
                    parent=parent,
                    on_date=on_date,
                    host_body=spec.host_body,
                    sector=spec.sector,
                    predecessor=source,
                )
            )
        else:
            _check_date(on_date, spec)
            _require(actor, spec.id)
            successors.append(spec)
            ReorganizationLink(
                reorganization=run.reorganization, organization=spec, role=ReorganizationLink.Role.RECEIVED, predecessor=source
            ).save()
    child_assignment = child_assignment or {}
    member_assignment = member_assignment or {}
    for idx in list(child_assignment.values()) + list(member_assignment.values()):
        if not 0 <= idx < len(successors):
            raise DomainError(_("Chỉ số tổ chức kế tục không hợp lệ: %(i)s") % {"i": idx}, field="assignment", code="bad_index")
    for child in _current_children(source):
        _move(run, child, successors[child_assignment.get(child.id, 0)], on_date, quiet=True)
    current = hooks.membership().current_member_ids(source.id, on_date)
    unknown = set(member_assignment) - set(current)
    if unknown:
        raise DomainError(
            _("Có %(n)s đảng viên được phân công nhưng không sinh hoạt tại tổ chức bị chia tách.") % {"n": len(unknown)},
            field="member_assignment",
            code="unknown_member",
        )
    by_target: dict[int, list[int]] = {}
    for person_id in current:
        by_target.setdefault(member_assignment.get(person_id, 0), []).append(person_id)
    moves = [hooks.MemberMove(source.id, successors[i].id, on_date, tuple(ids)) for i, ids in sorted(by_target.items())]
    _move_members(run, moves)
    for i, succ in enumerate(successors):
        ReorganizationLink.objects.filter(reorganization=run.reorganization, organization=succ).update(
            members_moved=len(by_target.get(i, []))
        )
    _end(run, source, on_date, successor=successors[0])
    # record every successor in the lineage of the ended source
    for succ in successors[1:]:
        ReorganizationLink(
            reorganization=run.reorganization, organization=source, role=ReorganizationLink.Role.ENDED, successor=succ
        ).save()
    _finish(run)
    return successors


@audit.service
def organization_dissolve(
    *,
    actor: Any,
    organization: Organization,
    on_date: dt.date,
    children_to: Organization | None = None,
    members_to: Organization | None = None,
    decision: Decision | None = None,
) -> Reorganization:
    """Dissolve an organization; its sub-organizations and members must go somewhere first (or be passed on)."""
    _check_date(on_date, organization)
    _require(actor, organization.id)
    for receiver, field_name in ((children_to, "children_to"), (members_to, "members_to")):
        if receiver is None:
            continue
        if receiver.id == organization.id:
            raise DomainError(_("Tổ chức nhận không thể là tổ chức bị giải thể."), field=field_name, code="self_receiver")
        if receiver.ended_on is not None or receiver.founded_on > on_date:
            raise DomainError(
                _("Tổ chức nhận “%(o)s” không hoạt động vào ngày %(d)s.") % {"o": receiver.name, "d": format_date(on_date)},
                field=field_name,
                code="receiver_not_alive",
            )
    run = _start(actor, ReorganizationKind.DISSOLVE, on_date, decision)
    if children_to is not None:
        for child in _current_children(organization):
            _move(run, child, children_to, on_date, quiet=True)
    if members_to is not None:
        _require(actor, members_to.id)
        _move_members(run, [hooks.MemberMove(organization.id, members_to.id, on_date)])
    _end(run, organization, on_date, successor=None)
    _finish(run)
    return run.reorganization


# ---------------------------------------------------------------- bulk


@dataclass
class BulkResult:
    reorganization: Reorganization | None
    organizations_moved: int
    organizations_ended: int
    organizations_founded: int
    members_moved: int
    lines: list[str]
    applied: bool


class _PreviewRollback(Exception):
    def __init__(self, result: BulkResult) -> None:
        self.result = result


def reorganization_bulk(
    *,
    actor: Any,
    operations: Sequence[dict[str, Any]],
    on_date: dt.date,
    decision: Decision | None = None,
    preview: bool = False,
) -> BulkResult:
    """Many moves, merges and dissolutions as one dated operation citing one decision.

    Each operation is a dict: ``{"op": "move", "code": ..., "parent": ...}``,
    ``{"op": "merge", "sources": [...], "into": code}``, ``{"op": "dissolve", "code": ...}``,
    ``{"op": "found", "code":..., "name":..., "kind":..., "parent": ...}`` or
    ``{"op": "rename", "code": ..., "name": ...}``.
    With ``preview=True`` the whole operation runs and is rolled back, so the preview is exactly what
    applying it would do.
    """
    try:
        return _bulk(actor=actor, operations=operations, on_date=on_date, decision=decision, preview=preview)
    except _PreviewRollback as exc:
        return exc.result


@audit.service
def _bulk(
    *, actor: Any, operations: Sequence[dict[str, Any]], on_date: dt.date, decision: Decision | None, preview: bool
) -> BulkResult:
    run = _start(actor, ReorganizationKind.BULK, on_date, decision)
    counts = {"moved": 0, "ended": 0, "founded": 0, "members": 0}
    lines: list[str] = []

    def get(code: str, line: int) -> Organization:
        org = Organization.objects.filter(code=nfc(code).upper()).first()
        if org is None or (actor is not None and not can(actor, PERM_CHANGE, org.id)):
            raise DomainError(
                _("Dòng %(n)s: không tìm thấy tổ chức mã “%(c)s”.") % {"n": line, "c": code},
                row=line,
                field="code",
                code="not_found",
            )
        return org

    for i, op in enumerate(operations, start=1):
        kind = op.get("op")
        try:
            if kind == "move":
                org, parent = get(op["code"], i), get(op["parent"], i)
                _check_date(on_date, org, parent)
                _move(run, org, parent, on_date)
                counts["moved"] += 1
                lines.append(_("Chuyển %(o)s về trực thuộc %(p)s") % {"o": org.name, "p": parent.name})
            elif kind == "merge":
                target = get(op["into"], i)
                _check_date(on_date, target)
                for code in op["sources"]:
                    src = get(code, i)
                    _check_date(on_date, src)
                    moved = _hand_over(run, src, target, on_date)
                    _end(run, src, on_date, successor=target)
                    counts["ended"] += 1
                    counts["members"] += moved
                    lines.append(_("Hợp nhất %(s)s vào %(t)s (%(n)s đảng viên)") % {"s": src.name, "t": target.name, "n": moved})
            elif kind == "dissolve":
                org = get(op["code"], i)
                _check_date(on_date, org)
                _end(run, org, on_date, successor=None)
                counts["ended"] += 1
                lines.append(_("Giải thể %(o)s") % {"o": org.name})
            elif kind == "found":
                found_parent = get(op["parent"], i) if op.get("parent") else None
                org = _found(
                    run,
                    code=op["code"],
                    name=op["name"],
                    kind=op["kind"],
                    parent=found_parent,
                    on_date=on_date,
                    host_body=op.get("host_body", ""),
                    sector=op.get("sector", Sector.OTHER),
                )
                counts["founded"] += 1
                lines.append(_("Thành lập %(o)s") % {"o": org.name})
            elif kind == "rename":
                org = get(op["code"], i)
                _check_date(on_date, org)
                old = org.name
                _close_name(org, on_date)
                OrganizationName(organization=org, name=nfc(op["name"]), valid_from=on_date).save()
                org.name, org.name_folded, org.sort_key = nfc(op["name"]), fold(op["name"]), sort_key(op["name"])
                org.version += 1
                org.save()
                ReorganizationLink(
                    reorganization=run.reorganization,
                    organization=org,
                    role=ReorganizationLink.Role.RENAMED,
                    old_name=old,
                    new_name=org.name,
                ).save()
                audit.record(
                    actor=actor,
                    event_type=AuditEventType.RENAMED,
                    target=org,
                    organization_id=org.id,
                    before={"name": old},
                    after={"name": org.name},
                )
                lines.append(_("Đổi tên %(o)s thành %(n)s") % {"o": old, "n": org.name})
            else:
                raise DomainError(
                    _("Dòng %(n)s: thao tác không hợp lệ “%(k)s”.") % {"n": i, "k": kind}, row=i, field="op", code="bad_op"
                )
        except KeyError as exc:
            raise DomainError(
                _("Dòng %(n)s: thiếu trường %(f)s.") % {"n": i, "f": exc.args[0]}, row=i, field=str(exc.args[0]), code="required"
            ) from exc
        except DomainError as exc:
            if exc.row is None:
                exc.row = i
            raise
    _finish(run)
    result = BulkResult(
        reorganization=None if preview else run.reorganization,
        organizations_moved=counts["moved"],
        organizations_ended=counts["ended"],
        organizations_founded=counts["founded"],
        members_moved=counts["members"],
        lines=lines,
        applied=not preview,
    )
    if preview:
        raise _PreviewRollback(result)
    return result


def q_alive(on_date: dt.date) -> Q:
    return Q(founded_on__lte=on_date) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on_date))
