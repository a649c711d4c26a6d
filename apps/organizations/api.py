"""The organizations API: the dated tree, its history, and the reorganization services.

Reads go through the selectors (scoped with ``visible_to``); writes call the services, which check
``can``; each write runs in a transaction that re-checks the result is visible to the caller and rolls
back otherwise. A missing organization and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.core.scoping import get_visible_or_404
from apps.core.text import fold
from apps.organizations import hooks, selectors, services
from apps.organizations.models import Organization, ParentLink, Reorganization, ReorganizationLink
from apps.organizations.schemas import (
    AsOfQuery,
    BulkIn,
    BulkResultOut,
    DecisionIn,
    DissolveIn,
    HistoryOut,
    LineageOut,
    MemberCountOut,
    MergeIn,
    NewOrganizationIn,
    OrganizationFoundIn,
    OrganizationListQuery,
    OrganizationOut,
    OrganizationPageOut,
    OrganizationRenameIn,
    OrganizationUpdateIn,
    ReorganizationDetailOut,
    ReorganizationListQuery,
    ReorganizationMoveIn,
    ReorganizationOut,
    ReorganizationPageOut,
    SplitIn,
    TreeNodeOut,
    TreeQuery,
)
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["organizations"])

PERM_VIEW = selectors.PERM_VIEW
OrgId = Path(..., ge=1, le=MAX_ID, description="Organization id")


# ------------------------------------------------------------------ helpers


def _with_parent(qs: QuerySet[Organization], on_date: dt.date | None) -> QuerySet[Organization]:
    """Annotate each organization with its parent on ``on_date`` (the open link when no date)."""
    links = ParentLink.objects.filter(child=OuterRef("pk"))
    if on_date is None:
        links = links.filter(valid_to__isnull=True)
    else:
        links = links.filter(valid_from__lte=on_date).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date))
    return qs.annotate(parent_on_date=Subquery(links.order_by("-valid_from").values("parent_id")[:1]))


def _get(request: HttpRequest, org_id: int, on_date: dt.date | None = None) -> Organization:
    org = selectors.organization_get(request.user, pk=org_id)
    parent = selectors.parent_on(org, on_date) if on_date else _open_parent(org)
    org.parent_on_date = parent.id if parent else None  # type: ignore[attr-defined]
    return org


def _open_parent(org: Organization) -> Organization | None:
    link = ParentLink.objects.filter(child=org, valid_to__isnull=True).select_related("parent").first()
    return link.parent if link else None


def _optional(request: HttpRequest, org_id: int | None) -> Organization | None:
    return selectors.organization_get(request.user, pk=org_id) if org_id is not None else None


def _still_visible(request: HttpRequest, org: Organization) -> Organization:
    """Write-then-verify: inside the write's transaction, the result must be visible to the caller."""
    if not selectors.organizations_visible(request.user).filter(pk=org.pk).exists():
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
    return _get(request, org.pk)


def _decision(data: DecisionIn | None) -> services.Decision | None:
    if data is None:
        return None
    return services.Decision(symbol=data.symbol, date=data.date, issuer=data.issuer, title=data.title)


def _new(spec: NewOrganizationIn) -> services.NewOrganization:
    return services.NewOrganization(code=spec.code, name=spec.name, kind=spec.kind, host_body=spec.host_body, sector=spec.sector)


# ------------------------------------------------------------------ reads


@router.get("/", response=responses(OrganizationPageOut), summary="Tổ chức trong phạm vi của người dùng")
def list_organizations(request: HttpRequest, filters: Query[OrganizationListQuery]) -> Any:
    """Filters: alive on ``as_of``; ``kind``; direct children of ``parent`` (on ``as_of``, or today);
    ``q`` matches the name with diacritics ignored, or the exact code."""
    qs = selectors.organizations_visible(request.user)
    if filters.as_of is not None:
        qs = qs.alive_on(filters.as_of)
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind)
    if filters.parent is not None:
        on_date = filters.as_of or timezone.localdate()
        children = ParentLink.objects.filter(parent_id=filters.parent, valid_from__lte=on_date).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)
        )
        qs = qs.filter(pk__in=children.values("child_id"))
    query = filters.q.strip()
    if query:
        qs = qs.filter(Q(name_folded__contains=fold(query)) | Q(code__iexact=query))
    total = qs.count()
    page = _with_parent(qs, filters.as_of).order_by("sort_key", "id")[filters.offset : filters.offset + filters.limit]
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": list(page)}


@router.get("/tree", response=responses(list[TreeNodeOut]), summary="Cây tổ chức tại một ngày, với số đảng viên")
def tree(request: HttpRequest, filters: Query[TreeQuery]) -> Any:
    """The tree as it stood on ``as_of``, depth first, with names of that date and member counts of each subtree."""
    root = _optional(request, filters.root)
    return selectors.flatten(selectors.tree_as_of(request.user, filters.as_of or timezone.localdate(), root=root))


@router.get("/reorganizations", response=responses(ReorganizationPageOut), summary="Các lần sắp xếp tổ chức trong phạm vi")
def list_reorganizations(request: HttpRequest, filters: Query[ReorganizationListQuery]) -> Any:
    qs = selectors.reorganizations_visible(request.user)
    if filters.organization is not None:
        org = selectors.organization_get(request.user, pk=filters.organization)
        qs = qs.filter(pk__in=ReorganizationLink.objects.filter(organization=org).values("reorganization_id"))
    if filters.kind is not None:
        qs = qs.filter(kind=filters.kind)
    total = qs.count()
    items = list(qs[filters.offset : filters.offset + filters.limit])
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/reorganizations/{reorganization_id}",
    response=responses(ReorganizationDetailOut),
    summary="Một lần sắp xếp tổ chức, với các tổ chức liên quan",
)
def get_reorganization(
    request: HttpRequest, reorganization_id: int = Path(..., ge=1, le=MAX_ID, description="Reorganization id")
) -> Any:
    return get_visible_or_404(Reorganization.objects.prefetch_related("links"), request.user, PERM_VIEW, pk=reorganization_id)


# Static paths come before "/{org_id}": Django tries the patterns in order.


@router.post("/merge", response=responses(OrganizationOut, write=True), summary="Hợp nhất, sáp nhập")
def merge(request: HttpRequest, payload: MergeIn) -> Any:
    """Sources end with the target as successor; their sub-organizations and current members move to it."""
    with transaction.atomic():
        sources = [selectors.organization_get(request.user, pk=pk) for pk in dict.fromkeys(payload.source_ids)]
        into: Organization | services.NewOrganization
        if payload.new is not None:
            into = _new(payload.new)
        else:
            into = selectors.organization_get(request.user, pk=payload.into_id)
        target = services.organization_merge(
            actor=request.user,
            sources=sources,
            into=into,
            on_date=payload.on_date,
            parent=_optional(request, payload.parent_id),
            decision=_decision(payload.decision),
        )
        return _still_visible(request, target)


@router.post("/bulk", response=responses(BulkResultOut, write=True), summary="Sắp xếp hàng loạt (xem trước hoặc áp dụng)")
def bulk(request: HttpRequest, payload: BulkIn) -> Any:
    """With ``preview`` (the default) everything runs and is rolled back: the answer is what applying would do."""
    result = services.reorganization_bulk(
        actor=request.user,
        operations=[op.model_dump(exclude_none=True) for op in payload.operations],
        on_date=payload.on_date,
        decision=_decision(payload.decision),
        preview=payload.preview,
    )
    return {
        "applied": result.applied,
        "reorganization_id": result.reorganization.id if result.reorganization else None,
        "organizations_moved": result.organizations_moved,
        "organizations_ended": result.organizations_ended,
        "organizations_founded": result.organizations_founded,
        "members_moved": result.members_moved,
        "lines": result.lines,
    }


@router.get("/{org_id}", response=responses(OrganizationOut), summary="Một tổ chức")
def get_organization(request: HttpRequest, filters: Query[AsOfQuery], org_id: int = OrgId) -> Any:
    """``parent_id`` is the parent on ``as_of`` (the current one by default)."""
    return _get(request, org_id, filters.as_of)


@router.get("/{org_id}/members/count", response=responses(MemberCountOut), summary="Số đảng viên của cả cây con tại một ngày")
def member_count(request: HttpRequest, filters: Query[AsOfQuery], org_id: int = OrgId) -> Any:
    org = selectors.organization_get(request.user, pk=org_id)
    on_date = filters.as_of or timezone.localdate()
    count = hooks.membership().subtree_counts([org.id], on_date).get(org.id, 0)
    return {"organization_id": org.id, "as_of": on_date, "members": count}


@router.get("/{org_id}/history", response=responses(HistoryOut), summary="Lịch sử: các tên gọi và các lần sắp xếp")
def history(request: HttpRequest, org_id: int = OrgId) -> Any:
    org = selectors.organization_get(request.user, pk=org_id)
    return {"organization_id": org.id, "names": list(org.names.order_by("valid_from")), "events": list(selectors.history(org))}


@router.get("/{org_id}/lineage", response=responses(LineageOut), summary="Hình thành từ đâu, kế tục bởi ai")
def lineage(request: HttpRequest, org_id: int = OrgId) -> Any:
    org = selectors.organization_get(request.user, pk=org_id)
    found = selectors.lineage(org)

    def entry(link: ReorganizationLink, other_id: int) -> dict[str, Any]:
        reorg = link.reorganization
        return {
            "organization_id": other_id,
            "reorganization_id": reorg.id,
            "kind": reorg.kind,
            "effective_on": reorg.effective_on,
        }

    predecessors = [
        entry(link, link.predecessor_id if link.organization_id == org.id and link.predecessor_id else link.organization_id)
        for link in found["predecessors"]
    ]
    successors = [entry(link, link.successor_id) for link in found["successors"] if link.successor_id]
    return {"organization_id": org.id, "predecessors": predecessors, "successors": successors}


# ------------------------------------------------------------------ writes


@router.post("/", response=responses(OrganizationOut, status=201, write=True), summary="Thành lập tổ chức")
def found(request: HttpRequest, payload: OrganizationFoundIn) -> Any:
    with transaction.atomic():
        parent = _optional(request, payload.parent_id)
        org = services.organization_found(
            actor=request.user,
            code=payload.code,
            name=payload.name,
            kind=payload.kind,
            parent=parent,
            on_date=payload.on_date,
            host_body=payload.host_body,
            sector=payload.sector,
            decision=_decision(payload.decision),
        )
        return 201, _still_visible(request, org)


@router.patch("/{org_id}", response=responses(OrganizationOut, write=True), summary="Sửa mã, loại, cơ quan, khối")
def update(request: HttpRequest, payload: OrganizationUpdateIn, org_id: int = OrgId) -> Any:
    """Refused with 409 when the organization changed since ``expected_version`` was read."""
    data = payload.model_dump(exclude_unset=True, exclude={"expected_version"})
    data = {k: v for k, v in data.items() if v is not None}
    with transaction.atomic():
        org = selectors.organization_get(request.user, pk=org_id)
        org = services.organization_update(
            actor=request.user, organization=org, expected_version=payload.expected_version, data=data
        )
        return _still_visible(request, org)


@router.post("/{org_id}/rename", response=responses(OrganizationOut, write=True), summary="Đổi tên từ một ngày")
def rename(request: HttpRequest, payload: OrganizationRenameIn, org_id: int = OrgId) -> Any:
    with transaction.atomic():
        org = selectors.organization_get(request.user, pk=org_id)
        org = services.organization_rename(
            actor=request.user,
            organization=org,
            new_name=payload.name,
            on_date=payload.on_date,
            decision=_decision(payload.decision),
        )
        return _still_visible(request, org)


@router.post("/{org_id}/move", response=responses(ReorganizationOut, write=True), summary="Chuyển trực thuộc")
def move(request: HttpRequest, payload: ReorganizationMoveIn, org_id: int = OrgId) -> Any:
    with transaction.atomic():
        org = selectors.organization_get(request.user, pk=org_id)
        new_parent = selectors.organization_get(request.user, pk=payload.new_parent_id)
        reorg = services.organization_move(
            actor=request.user,
            organization=org,
            new_parent=new_parent,
            on_date=payload.on_date,
            decision=_decision(payload.decision),
        )
        _still_visible(request, org)
        return reorg


@router.post("/{org_id}/split", response=responses(list[OrganizationOut], write=True), summary="Chia tách")
def split(request: HttpRequest, payload: SplitIn, org_id: int = OrgId) -> Any:
    with transaction.atomic():
        source = selectors.organization_get(request.user, pk=org_id)
        into: list[Organization | services.NewOrganization] = [
            _new(t.new) if t.new is not None else selectors.organization_get(request.user, pk=t.organization_id)
            for t in payload.into
        ]
        successors = services.organization_split(
            actor=request.user,
            source=source,
            into=into,
            on_date=payload.on_date,
            parent=_optional(request, payload.parent_id),
            child_assignment=dict(payload.child_assignment),
            member_assignment=dict(payload.member_assignment),
            decision=_decision(payload.decision),
        )
        return [_still_visible(request, s) for s in successors]


@router.post("/{org_id}/dissolve", response=responses(ReorganizationOut, write=True), summary="Giải thể")
def dissolve(request: HttpRequest, payload: DissolveIn, org_id: int = OrgId) -> Any:
    """Sub-organizations go to ``children_to_id`` and members to ``members_to_id``; refused if any would be left."""
    with transaction.atomic():
        org = selectors.organization_get(request.user, pk=org_id)
        reorg = services.organization_dissolve(
            actor=request.user,
            organization=org,
            on_date=payload.on_date,
            children_to=_optional(request, payload.children_to_id),
            members_to=_optional(request, payload.members_to_id),
            decision=_decision(payload.decision),
        )
        _still_visible(request, org)
        return reorg
