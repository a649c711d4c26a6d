from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from apps.members import selectors
from apps.members.schemas import MemberOut

router = Router(tags=["members"])


@router.get("/", response=list[MemberOut], summary="Đảng viên trong phạm vi của người dùng")
def list_members(
    request: HttpRequest, q: str = Query(""), limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)
) -> Any:
    if q.strip():
        return selectors.search_people(request.user, q, limit=offset + limit)[offset:]
    return list(selectors.people_visible(request.user).order_by("sort_key", "id")[offset : offset + limit])


@router.get("/{member_id}", response=MemberOut, summary="Một đảng viên")
def get_member(request: HttpRequest, member_id: int) -> object:
    return selectors.person_get(request.user, member_id)
