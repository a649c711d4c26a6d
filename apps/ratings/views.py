"""Pages of the ratings app: the periods, a period's page for a grassroots organization (its members with the
three steps, bulk entry of the cell's proposals and the committee's decisions, a refusal shown at the top naming
the rule), the organizations the period's committee rates (their self-assessments, the proposals and the
decisions, the cap checked), the member's own self-assessment, and the shares per level with drill-down."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from apps.core import rules as core_rules
from apps.core.dates import parse_date
from apps.core.errors import DomainError, NotVisibleError
from apps.core.scoping import can, require_scope
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization
from apps.organizations.selectors import organization_get
from apps.organizations.webflow import done, form_response, verified_write
from apps.ratings import rules as rating_rules
from apps.ratings import selectors, services
from apps.ratings.choices import LEVELS, Level
from apps.ratings.forms import SelfAssessmentForm, StepForm, chosen_levels
from apps.ratings.models import MemberReview, OrganizationReview, ReviewPeriod

PERM_VIEW = selectors.PERM_VIEW


def _digits(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _organization(request: HttpRequest, period: ReviewPeriod, pk: int | None) -> Organization | None:
    """An organization of the period the user may open: one of its grassroots organizations they see (or that
    holds a cell they see); any other answers 404."""
    if pk is None:
        return None
    for org in selectors.grassroots_choices(request.user, period):
        if org.pk == pk:
            return org
    raise Http404


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    require_scope(request.user, PERM_VIEW)
    periods = selectors.periods_visible(request.user).order_by("-end_date", "organization__sort_key", "id")
    page = Paginator(periods, 50).get_page(request.GET.get("trang"))
    return render(request, "ratings/period_list.html", {"page": page})


def _period_context(request: HttpRequest, period: ReviewPeriod, org: Organization | None) -> dict[str, Any]:
    user = request.user
    context: dict[str, Any] = {
        "period": period,
        "org": org,
        "levels": [(lv.value, lv.label) for lv in LEVELS],
        "today": timezone.localdate(),
        "choices": selectors.grassroots_choices(user, period),
    }
    if org is None:
        context["org_rows"] = selectors.organization_rows(user, period)
        return context
    rows = selectors.member_rows(user, period, org)
    context |= {
        "rows": rows,
        "can_propose": any(r.can_propose for r in rows),
        "can_decide": org.kind in GRASSROOTS_KINDS and can(user, services.PERM_DECIDE, org.pk),
        "shares": selectors.member_shares(user, period, org),
    }
    return context


@login_required
def period_page(request: HttpRequest, pk: int) -> HttpResponse:
    """``?to_chuc=``: one grassroots organization's members; otherwise the period's organizations."""
    period = selectors.period_get(request.user, pk)
    org = _organization(request, period, _digits(request.GET.get("to_chuc")))
    return render(request, "ratings/period.html", _period_context(request, period, org))


def _chosen(request: HttpRequest) -> dict[int, dict[str, str]]:
    """The levels (and scores) picked in the table: ``level_<person id>``, ``score_<person id>``."""
    return chosen_levels(request.POST)


def _write(request: HttpRequest, pk: int, org_pk: int, step: str) -> HttpResponse:
    period = selectors.period_get(request.user, pk)
    org = _organization(request, period, org_pk)
    assert org is not None
    chosen = _chosen(request)
    day = None
    with contextlib.suppress(ValueError):
        day = parse_date(request.POST.get("ngay", "").strip()) or timezone.localdate()
    try:
        if day is None:
            raise DomainError(gettext("Ngày không hợp lệ (viết như 15-1-2026)."), code="invalid", field="ngay")
        if step == "propose":
            rows = [services.Proposal(pid, c["level"], c["score"] or None) for pid, c in chosen.items()]
            verified_write(
                lambda: services.cell_propose_bulk(
                    actor=request.user, period=period, organization=org, proposals=rows, on_date=day
                ),
                lambda done: _still_visible(request, done),
            )
            message = gettext("Đã ghi đề xuất xếp loại của %(n)d đảng viên.") % {"n": len(rows)}
        else:
            rows = [services.Proposal(pid, c["level"]) for pid, c in chosen.items()]
            verified_write(
                lambda: services.committee_decide_bulk(
                    actor=request.user,
                    period=period,
                    organization=org,
                    decisions=rows,
                    on_date=day,
                    decision_symbol=request.POST.get("so_quyet_dinh", ""),
                ),
                lambda done: _still_visible(request, done),
            )
            message = gettext("Đã ghi quyết định xếp loại của %(n)d đảng viên.") % {"n": len(rows)}
    except NotVisibleError as exc:
        raise Http404 from exc
    except DomainError as exc:
        context = _period_context(request, period, org) | {
            "refusal": exc.message,
            "refused_step": step,
            "chosen": chosen,
            "posted": request.POST,
        }
        return render(request, "ratings/period.html", context, status=422)
    url = reverse("ratings:period", args=[period.pk]) + "?" + urlencode({"to_chuc": org.pk})
    return done(request, url, message)


def _still_visible(request: HttpRequest, reviews: list[MemberReview]) -> bool:
    ids = [r.pk for r in reviews]
    return MemberReview.objects.visible_to(request.user, PERM_VIEW).filter(pk__in=ids).count() == len(ids)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    return _write(request, pk, org, "propose")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    return _write(request, pk, org, "decide")


@login_required
def shares(request: HttpRequest, pk: int) -> HttpResponse:
    """The shares per level for an organization of the period (``?to_chuc=``, by default the period's own) as of
    a date (``?ngay=``), a row per organization below it to drill into; ``?muc=`` lists the members at a level."""
    period = selectors.period_get(request.user, pk)
    org_pk = _digits(request.GET.get("to_chuc"))
    org = period.organization if org_pk is None else organization_get(request.user, pk=org_pk, perm=PERM_VIEW)
    day: dt.date | None = None
    try:
        day = parse_date(request.GET.get("ngay", "").strip())
    except ValueError:
        day = None
    result = selectors.member_shares(request.user, period, org, day)
    level = request.GET.get("muc")
    listed = None
    if level is not None:
        if level not in Level.values and level != "":
            raise Http404
        found = selectors.reviews_at_level(request.user, period, org, level)
        if day is not None and level:
            found = found.filter(decided_on__lte=day)
        listed = Paginator(found, 100).get_page(request.GET.get("trang"))
    context = {
        "period": period,
        "org": org,
        "result": result,
        "day": day,
        "level": level,
        "level_label": Level(level).label if level else gettext("Chưa có quyết định"),
        "listed": listed,
    }
    return render(request, "ratings/shares.html", context)


# ---------------------------------------------------------------- organizations' reviews

ORG_STEPS = {"tu-danh-gia": "self", "de-xuat": "propose", "quyet-dinh": "decide"}
ORG_TEMPLATE = "ratings/organizations.html"


def _org_context(request: HttpRequest, period: ReviewPeriod) -> dict[str, Any]:
    rows = selectors.organization_review_rows(request.user, period)
    return {
        "period": period,
        "rows": rows,
        "levels": [(lv.value, lv.label) for lv in LEVELS],
        "today": timezone.localdate(),
        "can_self": any(r.self_open for r in rows),
        "can_propose": any(r.propose_open for r in rows),
        "can_decide": any(r.can_decide for r in rows),
        "shares": _org_counts(rows),
    }


def _org_counts(rows: list[selectors.OrgRow]) -> list[tuple[str, str, int]]:
    """How many of the listed organizations are decided at each level."""
    decided = [r.review.decided_level for r in rows if r.review and r.review.decided_level]
    return [(lv.value, str(lv.label), decided.count(lv.value)) for lv in LEVELS]


@login_required
def organization_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizations the period's committee rates, with the three steps of each and the forms for the steps
    the user may record."""
    period = selectors.period_get(request.user, pk)
    return render(request, ORG_TEMPLATE, _org_context(request, period))


def _org_write(request: HttpRequest, period: ReviewPeriod, step: str, form: StepForm) -> tuple[int, str]:
    """Run the step's service over the rows picked; answer how many were written and the message."""
    chosen = chosen_levels(request.POST)
    rows = [services.Proposal(oid, c["level"], c["score"] or None) for oid, c in chosen.items()]
    day: dt.date = form.cleaned_data["ngay"]

    def still_visible(reviews: list[OrganizationReview]) -> bool:
        ids = [r.pk for r in reviews]
        return OrganizationReview.objects.visible_to(request.user, PERM_VIEW).filter(pk__in=ids).count() == len(ids)

    if step == "self":
        if not rows:
            raise DomainError(gettext("Chưa chọn mức xếp loại nào."), code="required", field="level")
        orgs = Organization.objects.in_bulk([r.id for r in rows])
        if len(orgs) != len(rows):
            raise NotVisibleError(gettext("Không tìm thấy tổ chức."), code="not_found")

        def assess_all() -> list[OrganizationReview]:
            out = []
            for i, row in enumerate(rows, 1):
                try:
                    out.append(
                        services.organization_self_assess(
                            actor=request.user,
                            period=period,
                            organization=orgs[row.id],
                            level=row.level,
                            on_date=day,
                            score=row.score,
                        )
                    )
                except DomainError as exc:
                    exc.row = i
                    raise
            return out

        verified_write(assess_all, still_visible)
        return len(rows), gettext("Đã ghi tự đánh giá, xếp loại của %(n)d tổ chức.")
    if step == "propose":
        verified_write(
            lambda: services.organization_propose_bulk(actor=request.user, period=period, proposals=rows, on_date=day),
            still_visible,
        )
        return len(rows), gettext("Đã ghi đề xuất xếp loại của %(n)d tổ chức.")
    rows = [services.Proposal(r.id, r.level) for r in rows]
    verified_write(
        lambda: services.organization_decide_bulk(
            actor=request.user,
            period=period,
            decisions=rows,
            on_date=day,
            decision_symbol=form.cleaned_data["so_quyet_dinh"],
        ),
        still_visible,
    )
    return len(rows), gettext("Đã ghi quyết định xếp loại của %(n)d tổ chức.")


def _refusal_text(exc: DomainError, chosen: dict[int, dict[str, str]]) -> str:
    """The service's message, prefixed with the organization of the row it names (rows are the picked ones)."""
    ids = list(chosen)
    if exc.row is not None and 1 <= exc.row <= len(ids):
        org = Organization.objects.filter(pk=ids[exc.row - 1]).first()
        if org is not None and org.name not in exc.message:
            return f"{org.name}: {exc.message}"
    return exc.message


@login_required
@require_POST
def organization_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Record one step (``tu-danh-gia``, ``de-xuat``, ``quyet-dinh``) for the organizations picked, all or nothing;
    a refusal is shown above the table naming the rule, with the choices kept."""
    if step not in ORG_STEPS:
        raise Http404
    kind = ORG_STEPS[step]
    period = selectors.period_get(request.user, pk)
    form = StepForm(request.POST, user=request.user)
    chosen = chosen_levels(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(" ".join(str(m) for errors in form.errors.values() for m in errors), code="invalid")
        n, message = _org_write(request, period, kind, form)
    except NotVisibleError as exc:
        raise Http404 from exc
    except DomainError as exc:
        context = _org_context(request, period) | {
            "refusal": _refusal_text(exc, chosen),
            "refused_step": kind,
            "chosen": chosen,
            "posted": request.POST,
        }
        return form_response(request, ORG_TEMPLATE, context, invalid=True)
    return done(request, reverse("ratings:organizations", args=[period.pk]), message % {"n": n})


# ---------------------------------------------------------------- the member's own self-assessment


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The periods that review the user's own record, each with its steps and a link to self-assess while open."""
    return render(request, "ratings/my_reviews.html", {"rows": selectors.own_reviews(request.user)})


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own self-assessment in a period: refused (at the field the service names) once the cell has
    proposed, or when the score falls outside the level's band, naming the rule."""
    period, person = selectors.own_period(request.user, pk)
    review = MemberReview.objects.filter(period=period, person=person).first()
    closed = bool(review and (review.proposed_level or review.decided_level))
    initial: dict[str, Any] = {"on_date": timezone.localdate()}
    if review and review.self_level:
        initial |= {"level": review.self_level, "score": review.self_score, "note": review.self_note}
    form = SelfAssessmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            verified_write(
                lambda: services.self_assess(actor=request.user, period=period, person=person, **form.service_data()),
                lambda r: MemberReview.objects.visible_to(request.user, PERM_VIEW).filter(pk=r.pk).exists(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return done(request, reverse("ratings:mine"), gettext("Đã ghi bản tự đánh giá, xếp loại của bạn."))
    if request.method == "POST" and closed:
        form.add_error(None, gettext("Đã có đề xuất hoặc quyết định xếp loại; không sửa tự đánh giá nữa."))
    context = {
        "period": period,
        "person": person,
        "review": review,
        "closed": closed,
        "form": form,
        "bands": [(lv.label, rating_rules.band_text(lv, period.end_date)) for lv in LEVELS],
        "bands_rule": core_rules.rule(rating_rules.BANDS, period.end_date).regulation,
    }
    return form_response(request, "ratings/self_assessment.html", context, invalid=request.method == "POST")
