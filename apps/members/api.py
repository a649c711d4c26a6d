"""The members API: records, their memberships and posts, and the membership services.

Reads go through the selectors (scoped with ``visible_to``); writes call the services, which check
``can``; each write runs in a transaction that re-checks the record is still visible to the caller and
rolls back otherwise. A missing record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.core.search import filter_folded
from apps.members import selectors, services
from apps.members.models import Person
from apps.members.schemas import (
    MemberCreateIn,
    MemberDetailOut,
    MemberEndIn,
    MemberListQuery,
    MemberPageOut,
    MemberSearchQuery,
    MembershipOut,
    MemberTransferIn,
    MemberUpdateIn,
    PostOut,
    PostsQuery,
)
from apps.organizations.selectors import organization_get
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["members"])

MemberId = Path(..., ge=1, le=MAX_ID, description="Member (record) id")


def _detail(request: HttpRequest, member_id: int) -> Person:
    person = selectors.person_get(request.user, member_id)
    person.membership_list = list(selectors.memberships_of(person))  # type: ignore[attr-defined]
    person.post_list = list(selectors.posts_of_person(person).select_related("person"))  # type: ignore[attr-defined]
    return person


def _still_visible(request: HttpRequest, person: Person) -> Person:
    """Write-then-verify: inside the write's transaction, the record must still be visible to the caller."""
    if not selectors.people_visible(request.user).filter(pk=person.pk).exists():
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
    return _detail(request, person.pk)


def _page(qs: QuerySet[Person], limit: int, offset: int) -> dict[str, Any]:
    return {"total": qs.count(), "limit": limit, "offset": offset, "items": list(qs[offset : offset + limit])}


# ------------------------------------------------------------------ reads


@router.get("/", response=responses(MemberPageOut), summary="Đảng viên trong phạm vi, theo tổ chức và ngày")
def list_members(request: HttpRequest, filters: Query[MemberListQuery]) -> Any:
    """``current``: active on ``as_of`` (in the organization's subtree as it stood then); ``left``: records
    that left the committee's roll; ``all``: every record the caller may see. Sorted by given name, then
    family and middle names, in Vietnamese order."""
    org = organization_get(request.user, pk=filters.organization) if filters.organization is not None else None
    on_date = filters.as_of or timezone.localdate()
    qs: QuerySet[Person]
    if filters.status == "all":
        qs = selectors.people_visible(request.user).select_related("organization")
        if org is not None:
            qs = qs.filter(organization__scope_ancestors__ancestor=org)
        qs = qs.order_by("sort_key", "id")
    else:
        qs = selectors.members_of(request.user, org, on_date=on_date, status=filters.status)
    return _page(qs, filters.limit, filters.offset)


@router.get("/search", response=responses(MemberPageOut), summary="Tìm đảng viên (không phân biệt dấu)")
def search(request: HttpRequest, filters: Query[MemberSearchQuery]) -> Any:
    """Exact matches first, then the folded phrase, word prefixes and the rest in Vietnamese order."""
    query = filters.q.strip()
    if not query:
        return {"total": 0, "limit": filters.limit, "offset": filters.offset, "items": []}
    digits = query.replace(" ", "")
    extra = Q(citizen_id=digits) | Q(card_number=digits) if digits.isdigit() else None
    total = filter_folded(selectors.people_visible(request.user), query, "name_folded", extra).count()
    found = selectors.search_people(request.user, query, limit=filters.offset + filters.limit)
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": found[filters.offset :]}


@router.get("/posts", response=responses(list[PostOut]), summary="Chức vụ của một tổ chức")
def organization_posts(request: HttpRequest, filters: Query[PostsQuery]) -> Any:
    org = organization_get(request.user, pk=filters.organization)
    return list(selectors.posts_of_organization(request.user, org, filters.as_of).select_related("organization"))


@router.get("/{member_id}", response=responses(MemberDetailOut), summary="Hồ sơ một đảng viên")
def get_member(request: HttpRequest, member_id: int = MemberId) -> Any:
    return _detail(request, member_id)


@router.get("/{member_id}/memberships", response=responses(list[MembershipOut]), summary="Quá trình sinh hoạt")
def memberships(request: HttpRequest, member_id: int = MemberId) -> Any:
    return list(selectors.memberships_of(selectors.person_get(request.user, member_id)))


@router.get("/{member_id}/posts", response=responses(list[PostOut]), summary="Chức vụ đã và đang giữ")
def posts(request: HttpRequest, member_id: int = MemberId) -> Any:
    return list(selectors.posts_of_person(selectors.person_get(request.user, member_id)).select_related("person"))


# ------------------------------------------------------------------ writes


@router.post("/", response=responses(MemberDetailOut, status=201, write=True), summary="Tạo hồ sơ (kết nạp, tiếp nhận)")
def admit(request: HttpRequest, payload: MemberCreateIn) -> Any:
    data = payload.model_dump(
        exclude={"organization_id", "on_date", "reason", "decision_symbol", "decision_date"}, exclude_none=True
    )
    with transaction.atomic():
        org = organization_get(request.user, pk=payload.organization_id)
        person = services.member_admit(
            actor=request.user,
            organization=org,
            data=data,
            on_date=payload.on_date,
            reason=payload.reason,
            decision_symbol=payload.decision_symbol,
            decision_date=payload.decision_date,
        )
        return 201, _still_visible(request, person)


@router.patch("/{member_id}", response=responses(MemberDetailOut, write=True), summary="Sửa hồ sơ")
def update(request: HttpRequest, payload: MemberUpdateIn, member_id: int = MemberId) -> Any:
    """Refused with 409 when the record changed since ``expected_version`` was read."""
    data = payload.model_dump(exclude_unset=True, exclude={"expected_version"})
    with transaction.atomic():
        person = selectors.person_get(request.user, member_id)
        person = services.member_update(actor=request.user, person=person, expected_version=payload.expected_version, data=data)
        return _still_visible(request, person)


@router.post("/{member_id}/transfer", response=responses(MemberDetailOut, write=True), summary="Chuyển sinh hoạt")
def transfer(request: HttpRequest, payload: MemberTransferIn, member_id: int = MemberId) -> Any:
    """Within the committee, permanently or temporarily; the caller must be able to change both organizations."""
    with transaction.atomic():
        person = selectors.person_get(request.user, member_id)
        to_org = organization_get(request.user, pk=payload.to_organization_id)
        services.member_transfer(
            actor=request.user,
            person=person,
            to_organization=to_org,
            on_date=payload.on_date,
            kind=payload.kind,
            decision_symbol=payload.decision_symbol,
            decision_date=payload.decision_date,
            note=payload.note,
        )
        return _still_visible(request, person)


@router.post("/{member_id}/end", response=responses(MemberDetailOut, write=True), summary="Ra khỏi danh sách")
def end(request: HttpRequest, payload: MemberEndIn, member_id: int = MemberId) -> Any:
    """Transferred out of the committee, deceased, struck off, expelled or resigned. The record stays."""
    with transaction.atomic():
        person = selectors.person_get(request.user, member_id)
        services.member_end(
            actor=request.user,
            person=person,
            on_date=payload.on_date,
            reason=payload.reason,
            decision_symbol=payload.decision_symbol,
            decision_date=payload.decision_date,
            destination=payload.destination,
        )
        return _still_visible(request, person)
