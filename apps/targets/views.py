"""Pages of the targets app: terms, the term report, and the records behind every figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core import indicators
from apps.core.dateparam import as_of
from apps.targets import report, selectors
from apps.targets.results import evaluate


@login_required
def term_list(request: HttpRequest) -> HttpResponse:
    terms = selectors.terms_visible(request.user).order_by("organization__sort_key", "-start_date")
    return render(request, "targets/term_list.html", {"terms": terms})


@login_required
def term_report(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(request.user, pk)
    day, error = as_of(request)
    if not request.GET.get("ngay"):
        day = min(day, term.end_date)
    data = report.build(term, day)
    return render(request, "targets/term_report.html", {"term": term, "report": data, "date_error": error})


@login_required
def target_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind a target's figure on a date (for one year of the term with ``ky``)."""
    target = selectors.target_get(request.user, pk)
    term = target.resolution.term
    day, error = as_of(request)
    if not request.GET.get("ngay"):
        day = min(day, term.end_date)
    result = evaluate(target, day)
    raw = request.GET.get("ky", "")
    index = int(raw) if raw.isdigit() else len(result.readings) - 1
    if not 0 <= index < len(result.readings):
        raise Http404
    reading = result.readings[index]
    context = {
        "target": target,
        "term": term,
        "result": result,
        "reading": reading,
        "index": index,
        "as_of": day,
        "date_error": error,
        "status_label": report.Status(result.statuses[index]).label,
        "value": report.with_unit(reading.value, target),
        "goal": report.goal_text(target),
    }
    question = result.questions[index]
    if question is not None:
        evidence = indicators.get(target.indicator).evidence(question, request.user)
        page = Paginator(evidence.queryset, 50).get_page(request.GET.get("trang"))
        context |= {
            "indicator": indicators.get(target.indicator),
            "evidence": evidence,
            "page": page,
            "rows": [evidence.row(obj) for obj in page.object_list],
        }
    else:
        context["measurements"] = target.measurements.order_by("-on_date", "-id")
    return render(request, "targets/target_evidence.html", context)
