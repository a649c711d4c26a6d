"""How the write pages answer, shared by the organization and member pages.

* :func:`verified_write`: call a service, then check in the same transaction that what it wrote is still
  visible to the user (STYLE: write-then-verify); roll back and refuse if not.
* :func:`dry_run`: run services and roll everything back, for previews that are exactly what Apply does.
* :func:`done` / :func:`form_response`: a redirect (``HX-Redirect`` for HTMX) with a message when it
  worked; the form again otherwise (the ``form`` fragment for HTMX, status 200 because htmx does not swap
  4xx answers; 422 for a plain form post).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from apps.core.errors import DomainError, NotVisibleError
from apps.core.htmx import is_htmx, render_page

T = TypeVar("T")


class _DryRun(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


def dry_run(fn: Callable[[], T]) -> T:
    """Run ``fn`` (services and all) and roll everything back; answer what it returned.

    What ``fn`` returns must be plain data read inside the transaction, not a lazy queryset.
    """
    try:
        with transaction.atomic():
            raise _DryRun(fn())
    except _DryRun as exc:
        return exc.value  # type: ignore[no-any-return]


def verified_write(fn: Callable[[], T], still_visible: Callable[[T], bool], message: str | None = None) -> T:
    """Call the service, then check, in the same transaction, that the user still sees what it wrote."""
    with transaction.atomic():
        result = fn()
        if not still_visible(result):
            raise NotVisibleError(
                message or gettext("Thay đổi này sẽ đưa hồ sơ ra ngoài phạm vi của bạn nên không được thực hiện."),
                code="not_visible",
            )
    return result


def done(request: HttpRequest, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    if is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def submit(
    request: HttpRequest,
    form: Any,
    write: Callable[[], T],
    still_visible: Callable[[T], bool],
    url: str,
    message: str,
) -> HttpResponse | None:
    """The common end of a write page: run the service (write-then-verify), show a refusal at the field it
    names, or answer with the redirect and the success message. ``None`` means: show the form again."""
    try:
        verified_write(write, still_visible)
    except DomainError as exc:
        form.add_domain_error(exc)
        return None
    return done(request, url, message)


def form_response(request: HttpRequest, template: str, context: dict[str, Any], *, invalid: bool) -> HttpResponse:
    status = 422 if invalid and not is_htmx(request) else 200
    return render_page(request, template, context, fragment="form", status=status)
