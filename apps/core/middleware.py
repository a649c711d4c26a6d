from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.core import context


class RequestContextMiddleware:
    """Gives every request an id that ties together the audit rows it writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        token = context.set_for_request(source)
        try:
            request.request_id = context.current().request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
            response["X-Request-ID"] = str(context.current().request_id)
            return response
        finally:
            context.reset(token)


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose another language (the language cookie set by the switch).

    Browsers on phones bought abroad often send ``Accept-Language: en``; the interface should still open in
    Vietnamese for a cell secretary. ``DANGBO_HONOR_ACCEPT_LANGUAGE=1`` restores the browser's choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if not settings.DANGBO_HONOR_ACCEPT_LANGUAGE:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
