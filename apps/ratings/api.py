"""The ratings API: review periods, members' reviews, a grassroots organization's decisions in one call (the cap
on the excellent level checked, refused as a whole naming the rule), and the shares per level.

Reads are scoped with ``visible_to(user, "ratings.view")``; the decisions call the bulk service, which checks
``ratings.decide``, and re-checks in the same transaction that the result is visible to the caller. A missing
record and one outside the caller's scope both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.organizations.selectors import organization_get
from apps.ratings import selectors, services
from apps.ratings.models import MemberReview
from apps.ratings.schemas import (
    DecisionsIn,
    PageQuery,
    PeriodOut,
    PeriodPageOut,
    ReviewOut,
    ReviewPageOut,
    ReviewsQuery,
    SharesOut,
    SharesQuery,
)
from dangbo.api_types import MAX_ID, responses

router = Router(tags=["ratings"])
PERM_VIEW = selectors.PERM_VIEW
PeriodId = Path(..., ge=1, le=MAX_ID, description="Review period id")


def _grassroots(request: HttpRequest, period: Any, pk: int) -> Any:
    for org in selectors.grassroots_choices(request.user, period):
        if org.pk == pk:
            return org
    raise Http404


def _reviews(request: HttpRequest) -> Any:
    return MemberReview.objects.visible_to(request.user, PERM_VIEW).select_related("person")


@router.get("/periods", response=responses(PeriodPageOut), summary="Các đợt đánh giá, xếp loại trong phạm vi")
def list_periods(request: HttpRequest, page: Query[PageQuery]) -> Any:
    qs = selectors.periods_visible(request.user).order_by("-end_date", "organization__sort_key", "id")
    return {
        "total": qs.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(qs[page.offset : page.offset + page.limit]),
    }


@router.get("/periods/{period_id}", response=responses(PeriodOut), summary="Một đợt đánh giá, xếp loại")
def get_period(request: HttpRequest, period_id: int = PeriodId) -> Any:
    return selectors.period_get(request.user, period_id)


@router.get("/periods/{period_id}/reviews", response=responses(ReviewPageOut), summary="Bản xếp loại đảng viên của đợt")
def list_reviews(request: HttpRequest, filters: Query[ReviewsQuery], period_id: int = PeriodId) -> Any:
    period = selectors.period_get(request.user, period_id)
    qs = _reviews(request).filter(period=period)
    if filters.organization_id is not None:
        qs = qs.filter(organization=_grassroots(request, period, filters.organization_id))
    qs = qs.order_by("person__sort_key", "id")
    return {
        "total": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.post(
    "/periods/{period_id}/decisions",
    response=responses(list[ReviewOut], write=True),
    summary="Quyết định xếp loại cả tổ chức cơ sở đảng",
)
def decide(request: HttpRequest, payload: DecisionsIn, period_id: int = PeriodId) -> Any:
    """All or nothing: a decision that breaks a rule (the cap on the excellent level, a disciplined member rated
    excellent) is refused with 422 and a message naming the rule, its regulation and the numbers."""
    with transaction.atomic():
        period = selectors.period_get(request.user, period_id)
        org = _grassroots(request, period, payload.organization_id)
        done = services.committee_decide_bulk(
            actor=request.user,
            period=period,
            organization=org,
            decisions=[services.Proposal(row.person_id, row.level.value) for row in payload.decisions],
            on_date=payload.decided_on,
            decision_symbol=payload.decision_symbol,
        )
        ids = [r.pk for r in done]
        visible = list(_reviews(request).filter(pk__in=ids).order_by("person__sort_key", "id"))
        if len(visible) != len(ids):
            raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
        return visible


def _shares_out(s: selectors.Shares) -> dict[str, Any]:
    return {
        "organization_id": s.organization.pk,
        "organization_name": getattr(s.organization, "name_then", s.organization.name),
        "decided": s.decided,
        "undecided": s.undecided,
        "levels": [{"level": v, "label": label, "count": n, "share": share} for v, label, n, share in s.levels],
        "children": [_shares_out(c) for c in s.children],
    }


@router.get("/periods/{period_id}/shares", response=responses(SharesOut), summary="Tỉ lệ theo mức xếp loại")
def shares(request: HttpRequest, filters: Query[SharesQuery], period_id: int = PeriodId) -> Any:
    period = selectors.period_get(request.user, period_id)
    org = period.organization
    if filters.organization_id is not None:
        org = organization_get(request.user, pk=filters.organization_id, perm=PERM_VIEW)
    return _shares_out(selectors.member_shares(request.user, period, org, filters.as_of))
