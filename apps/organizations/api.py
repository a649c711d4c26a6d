from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from apps.organizations import selectors
from apps.organizations.schemas import OrganizationOut, TreeNodeOut

router = Router(tags=["organizations"])


@router.get("/", response=list[OrganizationOut], summary="Tổ chức trong phạm vi của người dùng")
def list_organizations(
    request: HttpRequest,
    as_of: dt.date | None = Query(None),
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0),
) -> Any:
    qs = selectors.organizations_visible(request.user)
    if as_of is not None:
        qs = qs.alive_on(as_of)
    return list(qs.order_by("sort_key", "id")[offset : offset + limit])


@router.get("/tree", response=list[TreeNodeOut], summary="Cây tổ chức tại một ngày, với số đảng viên")
def tree(request: HttpRequest, as_of: dt.date | None = Query(None)) -> Any:
    nodes = selectors.flatten(selectors.tree_as_of(request.user, as_of or timezone.localdate()))
    return nodes


@router.get("/{org_id}", response=OrganizationOut, summary="Một tổ chức")
def get_organization(request: HttpRequest, org_id: int) -> object:
    return selectors.organization_get(request.user, pk=org_id)
