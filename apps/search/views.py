"""The search page: one box, results grouped by kind, matches highlighted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.search.services import search
from apps.search.sources import SOURCES


def results(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    kind = request.GET.get("loai", "")
    kinds = [kind] if kind in SOURCES else None
    query, groups = search(request.user, raw, kinds=kinds, limit=50 if kinds else 10)
    return render(
        request,
        "search/results.html",
        {"q": raw, "query": query, "groups": groups, "kind": kind, "total": sum(len(g.hits) for g in groups)},
    )
