"""Pages of the ratings app: the periods, a period's page for a grassroots organization (its members with the
three steps, bulk entry of the cell's proposals and the committee's decisions, a refusal shown at the top naming
the rule), and the shares per level with drill-down."""

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

from apps.core.dates import parse_date
from apps.core.errors import DomainError, NotVisibleError
from apps.core.scoping import can, require_scope
from apps.organizations.choices import GRASSROOTS_KINDS
from apps.organizations.models import Organization
from apps.organizations.selectors import organization_get
from apps.organizations.webflow import done, verified_write
from apps.ratings import selectors, services
from apps.ratings.choices import LEVELS, Level
from apps.ratings.models import MemberReview, ReviewPeriod

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
    out: dict[int, dict[str, str]] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("level_") and value:
            pid = _digits(key[6:])
            if pid is not None:
                out[pid] = {"level": value, "score": request.POST.get(f"score_{pid}", "").strip()}
    return out


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
