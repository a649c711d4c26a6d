"""HTMX helpers: one template, fragments for HTMX requests, the whole page otherwise."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], fragment: str | None = None, status: int = 200
) -> HttpResponse:
    name = f"{template}#{fragment}" if fragment and is_htmx(request) else template
    return render(request, name, context, status=status)
