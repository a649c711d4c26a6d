"""Pages of the targets app: the dashboard, terms, the term report, each target with its history and the
records behind every figure, and the forms that enter values by hand and set targets."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from apps.core import indicators
from apps.core.dateparam import as_of
from apps.core.errors import DomainError, StaleObjectError
from apps.core.htmx import is_htmx, render_page
from apps.core.scoping import can, get_visible_or_404, require_scope
from apps.members.choices import PostKind
from apps.organizations.forms import with_value
from apps.organizations.selectors import names_on, organization_get
from apps.organizations.webflow import done, form_response, submit, verified_write
from apps.targets import dashboard as dash
from apps.targets import report, selectors, services
from apps.targets.choices import TargetPeriod
from apps.targets.exports import FORMATS, export, filename
from apps.targets.forms import MeasurementForm, TargetForm, WithdrawForm, measurement_state
from apps.targets.models import Measurement, Resolution, Target, Term
from apps.targets.results import evaluate

PERM_VIEW = selectors.PERM_VIEW
PERM_CHANGE = selectors.PERM_CHANGE
#: the term list computes the summary line of this many rows with the page; the others load when shown
SUMMARIES_WITH_PAGE = 20


def _term_day(request: HttpRequest, term: Term) -> tuple[dt.date, str | None]:
    """The page's date: ``?ngay=``, else today, but no later than the end of the term."""
    day, error = as_of(request)
    if not request.GET.get("ngay") or error:
        day = min(day, term.last_day)
    return day, error


def _digits(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


# ---------------------------------------------------------------- the dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The targets of a term at a glance, for an organization (``?to_chuc=``, by default the user's highest with
    a term) on a date (``?ngay=``); ``?chi_tieu=`` opens one computed target by the organizations below."""
    require_scope(request.user, PERM_VIEW)
    user = request.user
    day, date_error = as_of(request)
    org_id, wanted, opened = _digits(request, "to_chuc"), _digits(request, "nhiem_ky"), _digits(request, "chi_tieu")
    if request.GET.get("to_chuc") and org_id is None:
        raise Http404
    org = organization_get(user, pk=org_id, perm=PERM_VIEW) if org_id is not None else dash.top_organization_with_term(user, day)
    term, inherited = None, False
    if org is not None:
        if wanted is not None:
            chosen = selectors.terms_visible(user).filter(pk=wanted).first()
            if chosen is not None and chosen.organization_id == org.pk:
                term = chosen
            elif chosen is not None:
                above = dash.inherited_term(user, org, day, wanted)
                if above is not None and above.pk == wanted:
                    term, inherited = above, True
        if term is None:
            term = selectors.current_term(user, org, day)
        if term is None:
            term = dash.inherited_term(user, org, day, None)
            inherited = term is not None
    if term is not None and (not request.GET.get("ngay") or date_error):
        day = min(day, term.last_day)
    page = dash.build_page(user, org, term, inherited, day, request.GET.get("ky"))
    if opened is not None:
        page.opened = opened
        page.drill = dash.open_drill(user, page, opened, request.GET.get("ky"), request.GET.get("sap_xep", ""))
    context = {
        "page": page,
        "on_date": day,
        "date_error": date_error,
        "own_term": selectors.current_term(user, org, day) if inherited and org is not None else None,
        "other_terms": list(selectors.terms_visible(user).filter(organization=org).exclude(pk=term.pk).order_by("-start_date"))
        if term is not None and not inherited
        else [],
        "can_change": term is not None and can(user, PERM_CHANGE, term.organization_id),
        "pinned": term is not None and (inherited or term.pk == wanted),
    }
    if opened is not None and is_htmx(request):
        if page.drill is None:
            raise Http404
        return render(request, "targets/dashboard.html#drill", context | {"drill": page.drill})
    return render(request, "targets/dashboard.html", context)


# ---------------------------------------------------------------- terms and their report


@login_required
def term_list(request: HttpRequest) -> HttpResponse:
    """Every term the user may see, with its summary line: computed with the page for the first rows, loaded
    when shown for the others, so a long list stays fast."""
    require_scope(request.user, PERM_VIEW)
    terms = (
        selectors.terms_visible(request.user)
        .annotate(n_targets=Count("resolutions__targets"))
        .order_by("organization__sort_key", "-start_date")
    )
    page = Paginator(terms, 50).get_page(request.GET.get("trang"))
    rows = []
    for i, term in enumerate(page.object_list):
        line = None
        if i < SUMMARIES_WITH_PAGE:
            line = _summary_line(term)
        rows.append((term, line))
    return render(request, "targets/term_list.html", {"page": page, "rows": rows})


def _summary_line(term: Term) -> str:
    if not getattr(term, "n_targets", 1):
        return gettext("Nghị quyết chưa có chỉ tiêu.")
    day = min(timezone.localdate(), term.last_day)
    return report.build(term, day, with_previous=False).summary_line


@login_required
def term_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary line of one term (what a row of the term list loads when it comes into view)."""
    term = selectors.term_get(request.user, pk)
    return render(request, "targets/term_list.html#summary", {"term": term, "line": _summary_line(term)})


@login_required
def term_report(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(request.user, pk)
    day, error = _term_day(request, term)
    data = report.build(term, day)
    order = {post: i for i, post in enumerate(PostKind.values)}
    elected = sorted(selectors.elected(term), key=lambda h: (order.get(h.post, len(order)), h.valid_from))
    context = {
        "term": term,
        "report": data,
        "date_error": error,
        "elected": elected,
        "can_change": can(request.user, PERM_CHANGE, term.organization_id),
    }
    return render(request, "targets/term_report.html", context)


# ---------------------------------------------------------------- a target


def _checkpoints(term: Term, day: dt.date) -> list[dt.date]:
    """The ends of the years of the term up to ``day``, and ``day`` itself."""
    out = [dt.date(y, 12, 31) for y in range(term.start_date.year, term.end_date.year + 1)]
    out = [d for d in out if term.start_date <= d < min(day, term.last_day)]
    return [*out, min(day, term.last_day)]


def _target_context(request: HttpRequest, target: Target, day: dt.date) -> dict[str, Any]:
    term = target.resolution.term
    result = evaluate(target, day)
    indicator = indicators.get(target.indicator) if target.indicator else None
    params = []
    if indicator is not None:
        known = {p.name: p for p in indicator.parameters}
        for name, value in (target.indicator_params or {}).items():
            p = known.get(name)
            labels = dict(p.choices) if p is not None else {}
            params.append((p.label if p is not None else name, labels.get(value, value)))
    history: list[dict[str, Any]] = []
    if indicator is not None:
        if target.period == TargetPeriod.EACH_YEAR:
            for i, (reading, status) in enumerate(zip(result.readings, result.statuses, strict=True)):
                history.append(
                    {
                        "label": reading.label,
                        "value": report.with_unit(reading.value, target) or "—",
                        "status": status,
                        "status_label": report.Status(status).label,
                        "url": report.evidence_url(target.pk, day, i),
                    }
                )
        else:
            for when, r in dash.evaluate_at(target, _checkpoints(term, day)):
                history.append(
                    {
                        "label": report.format_date(when),
                        "value": report.value_text(r) or "—",
                        "status": r.status,
                        "status_label": report.Status(r.status).label,
                        "url": report.evidence_url(target.pk, when),
                    }
                )
    can_change = can(request.user, PERM_CHANGE, term.organization_id)
    measurements = list(target.measurements.order_by("-on_date", "-id")) if indicator is None else []
    for m in measurements:
        m.withdraw_form = WithdrawForm(measurement=m) if can_change and m.withdrawn_at is None else None  # type: ignore[attr-defined]
    return {
        "target": target,
        "term": term,
        "result": result,
        "status_label": report.Status(result.status).label,
        "value": report.value_text(result),
        "goal": report.goal_text(target),
        "projected": dash.projected_text(result),
        "as_of": day,
        "indicator": indicator,
        "params": params,
        "history": history,
        "measurements": measurements,
        "can_change": can_change,
    }


def _target_page(
    request: HttpRequest, target: Target, day: dt.date, *, form: MeasurementForm | None = None, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _target_context(request, target, day) | {"date_error": extra.pop("date_error", None)}
    if context["can_change"] and not target.indicator:
        context["form"] = form or MeasurementForm(target=target, user=request.user)
    withdraw = extra.pop("withdraw", None)
    if withdraw is not None:
        shown = next(
            (m for m in context["measurements"] if m.pk == withdraw.measurement.pk and m.withdraw_form is not None), None
        )
        if shown is not None:
            shown.withdraw_form = withdraw
        else:
            context["page_errors"] = [e for errors in withdraw.errors.values() for e in errors]
    context |= extra
    fragment = "entry" if form is not None else None
    return render_page(request, "targets/target_detail.html", context, fragment=fragment, status=status)


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get(request.user, pk)
    day, error = _term_day(request, target.resolution.term)
    return _target_page(request, target, day, date_error=error)


def _target_visible(user: Any) -> Any:
    def check(obj: Any) -> bool:
        target_id = obj.target_id if isinstance(obj, Measurement) else obj.pk
        return Target.objects.visible_to(user, PERM_VIEW).filter(pk=target_id).exists()

    return check


def _check_fresh(target: Target, state: str) -> None:
    """Refuse when the target or its values changed after the form was opened."""
    locked = Target.objects.select_for_update().get(pk=target.pk)
    if measurement_state(locked) != state:
        raise StaleObjectError(
            gettext(
                "Chỉ tiêu vừa có số liệu mới hoặc vừa được sửa sau khi bạn mở biểu mẫu. Số liệu của bạn chưa được lưu; "
                "hãy xem lại lịch sử số liệu bên dưới rồi bấm Lưu lần nữa."
            ),
            code="stale",
        )


@login_required
@require_POST
def measurement_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a target's value by hand, with its evidence; refused when the target moved on meanwhile."""
    target = selectors.target_get(request.user, pk, perm=PERM_CHANGE)
    term = target.resolution.term
    form = MeasurementForm(request.POST, request.FILES, target=target, user=request.user)
    if form.is_valid():
        data = form.service_data()

        def write() -> Measurement:
            _check_fresh(target, form.cleaned_data["state"])
            return services.measurement_enter(actor=request.user, target=target, **data)

        try:
            verified_write(write, _target_visible(request.user))
        except StaleObjectError as exc:
            form.add_domain_error(exc)
            # the next save is measured against what the user now sees on the page
            form.data = with_value(form.data, "state", measurement_state(Target.objects.get(pk=target.pk)))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("targets:target_detail", args=[target.pk])
            return done(request, url, gettext("Đã ghi số liệu của chỉ tiêu."))
    day = min(timezone.localdate(), term.last_day)
    status = 200 if is_htmx(request) else 422
    return _target_page(request, target, day, form=form, status=status)


@login_required
@require_POST
def measurement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a value entered by mistake, with the reason; it stays in the history, marked."""
    qs = Measurement.objects.select_related("target", "target__resolution", "target__resolution__term")
    measurement = get_visible_or_404(qs, request.user, PERM_CHANGE, pk=pk)
    target = measurement.target
    form = WithdrawForm(request.POST, measurement=measurement, user=request.user)
    if form.is_valid():
        url = reverse("targets:target_detail", args=[target.pk])
        response = submit(
            request,
            form,
            lambda: services.measurement_withdraw(
                actor=request.user, measurement=measurement, reason=form.cleaned_data["reason"]
            ),
            _target_visible(request.user),
            url,
            gettext("Đã rút số liệu; số liệu vẫn được giữ trong lịch sử."),
        )
        if response is not None:
            return response
    day = min(timezone.localdate(), target.resolution.term.last_day)
    return _target_page(request, target, day, withdraw=form, status=422)


@login_required
def measurement_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file behind a value entered by hand, for those who may see the target (never a public media URL)."""
    measurement = get_visible_or_404(Measurement.objects.all(), request.user, PERM_VIEW, pk=pk)
    if not measurement.evidence_file:
        raise Http404
    name = measurement.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(measurement.evidence_file.open("rb"), as_attachment=True, filename=name)


# ---------------------------------------------------------------- setting targets


def _target_form_page(request: HttpRequest, context: dict[str, Any], *, invalid: bool) -> HttpResponse:
    return form_response(request, "targets/target_form.html", context, invalid=invalid)


@login_required
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a target to a resolution."""
    qs = Resolution.objects.select_related("term", "term__organization")
    resolution = get_visible_or_404(qs, request.user, PERM_CHANGE, pk=pk)
    form = TargetForm(
        request.POST or None, user=request.user, indicator_key=request.GET.get("indicator"), params_url=request.path
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        created: list[Target] = []

        def write() -> Target:
            target = services.target_create(actor=request.user, resolution=resolution, **data)
            created.append(target)
            return target

        try:
            verified_write(write, _target_visible(request.user))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("targets:target_detail", args=[created[0].pk])
            return done(request, url, gettext("Đã thêm chỉ tiêu %(n)s.") % {"n": created[0].number})
    context = {"form": form, "resolution": resolution, "term": resolution.term, "target": None}
    return _target_form_page(request, context, invalid=request.method == "POST")


@login_required
def target_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a target; refused without change when someone saved it after the form was opened."""
    target = selectors.target_get(request.user, pk, perm=PERM_CHANGE)
    form = TargetForm(
        request.POST or None,
        user=request.user,
        target=target,
        indicator_key=request.GET.get("indicator"),
        params_url=request.path,
    )
    differences: list[tuple[str, str, str]] = []
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        data = form.service_data()
        try:
            verified_write(
                lambda: services.target_update(actor=request.user, target=target, expected_version=version, data=data),
                _target_visible(request.user),
            )
        except StaleObjectError as exc:
            current = Target.objects.get(pk=target.pk)
            differences = form.differences(current)
            form.add_domain_error(exc)
            # saving again applies this user's input over the current record, knowingly
            form.data = with_value(form.data, "version", str(current.version))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            url = reverse("targets:target_detail", args=[target.pk])
            return done(request, url, gettext("Đã lưu chỉ tiêu %(n)s.") % {"n": target.number})
    context = {
        "form": form,
        "resolution": target.resolution,
        "term": target.resolution.term,
        "target": target,
        "differences": differences,
    }
    return _target_form_page(request, context, invalid=request.method == "POST")


# ---------------------------------------------------------------- the records behind a figure


def _cells(row: Any) -> list[tuple[Any, str]]:
    """A row of evidence as (text, url) pairs: an indicator gives texts, or (text, url) pairs for links."""
    return [(cell[0], cell[1] or "") if isinstance(cell, tuple | list) else (cell, "") for cell in row]


@login_required
def target_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind a target's figure on a date (for one year of the term with ``ky``; for the subtree
    of one organization below with ``to_chuc``, as the dashboard's drill-down links)."""
    target = selectors.target_get(request.user, pk)
    term = target.resolution.term
    day, error = _term_day(request, term)
    result = evaluate(target, day)
    raw = request.GET.get("ky", "")
    index = int(raw) if raw.isdigit() else len(result.readings) - 1
    if not 0 <= index < len(result.readings):
        raise Http404
    reading = result.readings[index]
    part_of = None
    org_id = _digits(request, "to_chuc")
    if request.GET.get("to_chuc") and org_id is None:
        raise Http404
    value = report.with_unit(reading.value, target)
    context = {
        "target": target,
        "term": term,
        "result": result,
        "reading": reading,
        "index": index,
        "as_of": day,
        "date_error": error,
        "status": result.statuses[index],
        "status_label": report.Status(result.statuses[index]).label,
        "goal": report.goal_text(target),
    }
    question = result.questions[index]
    if org_id is not None:
        if not target.indicator:
            raise Http404
        part_of = organization_get(request.user, pk=org_id, perm=PERM_VIEW)
        if question is not None:
            question = dataclasses.replace(question, organization_ids=(part_of.pk,))
            value = report.with_unit(indicators.compute(target.indicator, question).value, target)
        name_day = dash.alive_day(part_of, question.until if question else day) or day
        context["part_name"] = names_on([part_of.pk], name_day).get(part_of.pk, part_of.name)
    context |= {"value": value, "part_of": part_of}
    if question is not None:
        evidence = indicators.get(target.indicator).evidence(question, request.user)
        page = Paginator(evidence.queryset, 50).get_page(request.GET.get("trang"))
        context |= {
            "indicator": indicators.get(target.indicator),
            "evidence": evidence,
            "page": page,
            "rows": [_cells(evidence.row(obj)) for obj in page.object_list],
        }
    elif target.indicator:
        context["indicator"] = indicators.get(target.indicator)
        context["not_started"] = True
    else:
        context["measurements"] = target.measurements.order_by("-on_date", "-id")
    return render(request, "targets/target_evidence.html", context)


# ---------------------------------------------------------------- the term report as official documents


def _term_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The term report as a file, as of ``?ngay=`` (by default as the page chooses), with the document number
    ``?so=`` when the clerk already has it; every download is recorded (``term.report_exported``)."""
    term = selectors.term_get(request.user, pk)
    day = None
    if request.GET.get("ngay"):
        day, error = as_of(request)
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    number = request.GET.get("so", "").strip()[:64] or None
    data, payload = export(term, file_format, as_of=day, number=number)
    services.term_report_exported(actor=request.user, term=term, file_format=file_format, as_of=data.as_of)
    response = HttpResponse(payload, content_type=FORMATS[file_format].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(data, file_format)}"'
    return response


@login_required
def term_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _term_export(request, pk, "docx")


@login_required
def term_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _term_export(request, pk, "pdf")


@login_required
def term_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _term_export(request, pk, "xlsx")
