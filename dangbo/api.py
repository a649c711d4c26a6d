"""The JSON API: one django-ninja router per domain, token authentication, one error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from apps.accounts.services import api_token_user
from apps.core.errors import DomainError, NotVisibleError, StaleObjectError


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="dangbo API",
    version="1",
    description="Tổ chức đảng, đảng viên, sắp xếp tổ chức và chuyển sinh hoạt. Mọi dữ liệu giới hạn theo phạm vi của người dùng.",
    auth=TokenAuth(),
    urls_namespace="api",
)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    row: int | None = None,
    details: Any = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "field": field, "row": row, "details": details}},
        status=status,
    )


@api.exception_handler(NotVisibleError)
def _not_visible(request: HttpRequest, exc: NotVisibleError) -> HttpResponse:
    return _error(request, 404, "not_found", "Không tìm thấy / Not found")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Không tìm thấy / Not found")


@api.exception_handler(StaleObjectError)
def _stale(request: HttpRequest, exc: StaleObjectError) -> HttpResponse:
    return _error(request, 409, exc.code, exc.message, exc.field)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, 422, exc.code, exc.message, exc.field, exc.row, exc.params.get("problems"))


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", "Dữ liệu không hợp lệ / Invalid input", details=exc.errors)


@api.exception_handler(ModelValidationError)
def _model_validation(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    # A model's full_clean() refused a value (a length, a choice, a constraint): invalid input, nothing saved.
    details = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    field = next(iter(details), None) or None
    message = next(iter(exc.messages), "Dữ liệu không hợp lệ / Invalid input")
    return _error(request, 422, "invalid", message, field, details=details)


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    # The database refused a value that does not fit its column; the service's transaction rolled back.
    return _error(request, 422, "invalid", "Dữ liệu không hợp lệ / Invalid input")


@api.exception_handler(IntegrityError)
def _integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # A constraint refused the write (e.g. the same code saved by someone else a moment earlier); rolled back.
    return _error(request, 409, "conflict", "Xung đột với dữ liệu vừa được lưu; hãy tải lại và thử lại / Conflict")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # e.g. a request body that is not JSON
    return _error(request, exc.status_code, "bad_request", str(exc.message))


@api.exception_handler(AuthenticationError)
def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", "Cần khóa API hợp lệ / A valid API token is required")


def _register_routers() -> None:
    from apps.accounts.api import router as accounts_router
    from apps.documents.api import router as documents_router
    from apps.meetings.api import router as meetings_router
    from apps.members.api import router as members_router
    from apps.organizations.api import router as organizations_router
    from apps.portal.api import router as portal_router
    from apps.ratings.api import router as ratings_router
    from apps.search.api import router as search_router
    from apps.study.api import router as study_router
    from apps.targets.api import router as targets_router

    api.add_router("/organizations", organizations_router)
    api.add_router("/members", members_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/targets", targets_router)
    api.add_router("/study", study_router)
    api.add_router("/ratings", ratings_router)
    api.add_router("/meetings", meetings_router)
    api.add_router("/documents", documents_router)
    api.add_router("/portal", portal_router)
    api.add_router("/search", search_router)


_register_routers()
