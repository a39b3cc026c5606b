"""One shape for every error of the API, in the caller's language:

    {"error": {"code": "not_found", "message": "...", "details": [{"field": ..., "message": ...}]}}

`code` is stable (programs read it); `message` is for people; `details` lists the fields a
validation refused (422). Refusals of a signed-in caller (403, 404 for an object asked for by
its id) go on the audit trail as the web's do (accounts.middleware).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from arraigo.accounts.middleware import refusal_record
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed

from .language import request_language

log = logging.getLogger(__name__)


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """An answer other than success, raised anywhere in an endpoint or its authentication."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers or {}


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {"error": {"code": code, "message": str(message), "details": details or []}}
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Content-Language"] = translation.get_language() or ""
    return response


def _refused(request: HttpRequest, status: int) -> None:
    refusal_record(request, status, via="api")


def _in_language(handler: Any) -> Any:
    def wrapped(request: HttpRequest, exc: Exception) -> HttpResponse:
        with translation.override(request_language(request)):
            return handler(request, exc)

    return wrapped


@_in_language
def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(
        request, exc.status, exc.code, exc.message, details=exc.details, headers=exc.headers
    )


@_in_language
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    _refused(request, 404)
    return error_response(request, 404, "not_found", _("Not found."))


@_in_language
def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    _refused(request, 403)
    message = exc.message if isinstance(exc, NotPermitted) else _("Your role does not allow this.")
    return error_response(request, 403, "forbidden", message)


@_in_language
def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        request,
        401,
        "unauthenticated",
        _("Send a valid API token: Authorization: Bearer <token>."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _field(location: Any) -> str | None:
    """A pydantic error location ("query", "limit") as the parameter's name ("limit")."""
    parts = [str(part) for part in location or () if part not in {"query", "path", "body"}]
    return ".".join(parts) or None


@_in_language
def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": _field(error.get("loc")), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return error_response(
        request, 422, "validation", _("Some values are not valid."), details=details
    )


@_in_language
def on_refused_by_service(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    details = [
        {"field": field, "message": str(message)}
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return error_response(request, 422, "validation", exc.message, details=details)


@_in_language
def on_invalid_transition(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return error_response(request, 409, "conflict", exc.message)


@_in_language
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 400:  # ninja could not read the body
        message = _("The request cannot be read: send JSON as the operation's schema says.")
        return error_response(request, 400, "bad_request", message)
    return error_response(request, status, "error", str(exc.message))


@_in_language
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API request failed: %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", _("Something went wrong on our side."))


def error_handlers() -> list[tuple[type[Exception], Any]]:
    """Each exception the API answers, with its handler (the most specific class first)."""
    return [
        (ApiError, on_api_error),
        (Http404, on_not_found),
        (PermissionDenied, on_forbidden),
        (NotPermitted, on_forbidden),
        (AuthenticationError, on_unauthenticated),
        (NinjaValidationError, on_invalid_input),
        (ValidationFailed, on_refused_by_service),
        (InvalidTransition, on_invalid_transition),
        (HttpError, on_http_error),
        (Exception, on_server_error),
    ]


def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/v1/ that names no operation: a 404 in the error shape."""
    with translation.override(request_language(request)):
        return error_response(request, 404, "not_found", _("No such address in the API."))


def method_refusal_shaped(view: Any) -> Any:
    """`view` (one of django-ninja's path views) with its 405, which ninja answers as plain
    text, in the error shape and the caller's language, the Allow header kept."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        with translation.override(request_language(request)):
            return error_response(
                request,
                405,
                "method_not_allowed",
                _("This address does not take %(method)s.") % {"method": request.method},
                headers={"Allow": response.get("Allow", "")},
            )

    return wrapped
