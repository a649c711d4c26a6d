"""The ratings API: review periods, members' reviews and their three steps (a member's self-assessment, a cell's
proposals, a grassroots organization's decisions in one call, the cap on the excellent level checked, refused as a
whole naming the rule), and the shares per level.

Reads are scoped with ``visible_to(user, "ratings.view")``; each write calls its service, which checks its
permission, and re-checks in the same transaction that the result is visible to the caller. A missing record and
one outside the caller's scope both answer 404; a step that breaks a rule answers 422 naming the rule.

* a member self-assesses through their own record (``person_id`` omitted or their own), even without
  ``ratings.view``; another member's self-assessment is recorded by whoever holds ``ratings.propose`` on the
  member's cell (from the member's written review);
* a cell's Secretary proposes for the cell's members (``ratings.propose`` on the cell), all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from apps.core.errors import NotVisibleError
from apps.members.models import Person
from apps.organizations.selectors import organization_get
from apps.ratings import selectors, services
from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod
from apps.ratings.schemas import (
    DecisionsIn,
    OrganizationDecisionsIn,
    OrganizationProposalsIn,
    OrganizationReviewOut,
    OrganizationSelfAssessmentIn,
    PageQuery,
    PeriodOut,
    PeriodPageOut,
    ProposalsIn,
    ReviewOut,
    ReviewPageOut,
    ReviewsQuery,
    SelfAssessmentIn,
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
        return _visible(request, done)


def _visible(request: HttpRequest, reviews: list[MemberReview]) -> list[MemberReview]:
    """The written reviews as the caller sees them; outside their scope rolls the write back (write-then-verify)."""
    ids = [r.pk for r in reviews]
    visible = list(_reviews(request).filter(pk__in=ids).order_by("person__sort_key", "id"))  # the member's own included
    if len(visible) != len(ids):
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
    return visible


def _members_in_scope(request: HttpRequest, period: ReviewPeriod, person_ids: list[int]) -> None:
    """404 unless each member stood in a cell of the period where the caller may propose (checked before the
    service, so that a refusal never names a member outside the caller's scope)."""
    if not selectors.placed_within(request.user, period, person_ids, services.PERM_PROPOSE):
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với đảng viên này."), code="not_found")


@router.post(
    "/periods/{period_id}/self-assessment",
    response=responses(ReviewOut, write=True),
    summary="Tự đánh giá, xếp loại của đảng viên",
)
def self_assess(request: HttpRequest, payload: SelfAssessmentIn, period_id: int = PeriodId) -> Any:
    """The caller's own self-assessment (``person_id`` omitted or theirs), or a member's recorded by their cell.
    Refused with 422 once the cell has proposed, or when the score falls outside the level's band (naming the
    rule), or for a member disciplined in the period rated excellent."""
    with transaction.atomic():
        own = selectors.own_record(request.user)
        if payload.person_id is None or (own is not None and payload.person_id == own.pk):
            period, person = selectors.own_period(request.user, period_id)
        else:
            period = selectors.period_get(request.user, period_id)
            _members_in_scope(request, period, [payload.person_id])
            person = Person.objects.get(pk=payload.person_id)
        review = services.self_assess(
            actor=request.user,
            period=period,
            person=person,
            level=payload.level.value,
            on_date=payload.on_date,
            score=payload.score,
            note=payload.note,
        )
        return _visible(request, [review])[0]


@router.post(
    "/periods/{period_id}/proposals",
    response=responses(list[ReviewOut], write=True),
    summary="Chi bộ đề xuất xếp loại đảng viên",
)
def propose(request: HttpRequest, payload: ProposalsIn, period_id: int = PeriodId) -> Any:
    """The cells' proposals for members of one grassroots organization, all or nothing: a row outside the caller's
    cells answers 404; a row that breaks a rule (the score's band, a disciplined member proposed excellent), or
    one whose member is already decided, refuses the whole call with 422 naming the rule and the row."""
    with transaction.atomic():
        period = selectors.period_get(request.user, period_id)
        org = _grassroots(request, period, payload.organization_id)
        _members_in_scope(request, period, [row.person_id for row in payload.proposals])
        done = services.cell_propose_bulk(
            actor=request.user,
            period=period,
            organization=org,
            proposals=[
                services.Proposal(row.person_id, row.level.value, row.score, row.disciplined_in_period)
                for row in payload.proposals
            ],
            on_date=payload.proposed_on,
        )
        return _visible(request, done)


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


# ---------------------------------------------------------------- organization reviews


def _rated(request: HttpRequest, period: ReviewPeriod, org_ids: list[int]) -> dict[int, Any]:
    """The organizations the period's committee rates among ``org_ids``, visible to the caller; 404 for any other
    (checked before the service, so a refusal never names an organization outside the caller's scope)."""
    rows = {row.organization.pk: row.organization for row in selectors.organization_review_rows(request.user, period)}
    if any(pk not in rows for pk in org_ids):
        raise NotVisibleError(_("Không tìm thấy hoặc bạn không có quyền với tổ chức này."), code="not_found")
    return rows


def _org_visible(request: HttpRequest, period: ReviewPeriod, reviews: list[OrganizationReview]) -> list[OrganizationReview]:
    ids = [r.pk for r in reviews]
    visible = list(
        OrganizationReview.objects.visible_to(request.user, PERM_VIEW)
        .filter(pk__in=ids)
        .select_related("organization")
        .order_by("organization__sort_key", "id")
    )
    if len(visible) != len(ids):
        raise NotVisibleError(_("Kết quả nằm ngoài phạm vi của bạn; thay đổi không được lưu."), code="not_found")
    return visible


@router.get(
    "/periods/{period_id}/organization-reviews",
    response=responses(list[OrganizationReviewOut]),
    summary="Bản xếp loại các tổ chức đảng do cấp ủy của đợt đánh giá",
)
def list_organization_reviews(request: HttpRequest, period_id: int = PeriodId) -> Any:
    """The organizations the period's committee rates that the caller may see, each with its review so far (those
    without one yet are left out)."""
    period = selectors.period_get(request.user, period_id)
    rows = selectors.organization_review_rows(request.user, period)
    out = []
    for row in rows:
        if row.review is not None:
            row.review.organization = row.organization
            out.append(row.review)
    return out


@router.post(
    "/periods/{period_id}/organization-self-assessment",
    response=responses(OrganizationReviewOut, write=True),
    summary="Tổ chức đảng tự đánh giá, xếp loại",
)
def organization_self_assess(request: HttpRequest, payload: OrganizationSelfAssessmentIn, period_id: int = PeriodId) -> Any:
    """Recorded by the organization's own committee or Secretary (``ratings.propose`` or ``ratings.decide`` on it);
    refused with 422 once it has been proposed or decided, or when the score falls outside the level's band."""
    with transaction.atomic():
        period = selectors.period_get(request.user, period_id)
        org = _rated(request, period, [payload.organization_id])[payload.organization_id]
        review = services.organization_self_assess(
            actor=request.user,
            period=period,
            organization=org,
            level=payload.level.value,
            on_date=payload.on_date,
            score=payload.score,
            note=payload.note,
        )
        return _org_visible(request, period, [review])[0]


@router.post(
    "/periods/{period_id}/organization-proposals",
    response=responses(list[OrganizationReviewOut], write=True),
    summary="Đề xuất xếp loại các tổ chức đảng",
)
def organization_propose(request: HttpRequest, payload: OrganizationProposalsIn, period_id: int = PeriodId) -> Any:
    """All or nothing, by whoever holds ``ratings.propose`` on the period's committee; a row that breaks a rule
    refuses the whole call with 422 naming the rule and the row."""
    with transaction.atomic():
        period = selectors.period_get(request.user, period_id)
        _rated(request, period, [row.organization_id for row in payload.proposals])
        done = services.organization_propose_bulk(
            actor=request.user,
            period=period,
            proposals=[services.Proposal(row.organization_id, row.level.value, row.score) for row in payload.proposals],
            on_date=payload.proposed_on,
        )
        return _org_visible(request, period, done)


@router.post(
    "/periods/{period_id}/organization-decisions",
    response=responses(list[OrganizationReviewOut], write=True),
    summary="Quyết định xếp loại các tổ chức đảng",
)
def organization_decide(request: HttpRequest, payload: OrganizationDecisionsIn, period_id: int = PeriodId) -> Any:
    """All or nothing, by whoever holds ``ratings.decide`` on the period's committee: too many organizations at the
    excellent level is refused with 422 naming the rule, its regulation and the numbers."""
    with transaction.atomic():
        period = selectors.period_get(request.user, period_id)
        _rated(request, period, [row.organization_id for row in payload.decisions])
        done = services.organization_decide_bulk(
            actor=request.user,
            period=period,
            decisions=[services.Proposal(row.organization_id, row.level.value) for row in payload.decisions],
            on_date=payload.decided_on,
            decision_symbol=payload.decision_symbol,
        )
        return _org_visible(request, period, done)
