"""Refused attempts on the audit trail: one place for every view. The second factor's gate
(SecondFactorMiddleware).

Refusals:

A signed-in user refused a page or an action (403, whether a view raised PermissionDenied or
answered with a refusal page of its own), or refused an object reached by its id (404: out of
scope looks like absent, see registry.selectors), leaves an ACCESS entry with event "refused",
the status and the path. Nothing else: not the query string (a search may hold a name), not the
form that was posted, so the entry holds no personal data. A 404 for an id that does not exist
is recorded the same way: the answer cannot tell the two apart, and neither does the trail
(someone trying ids is worth seeing either way). A mistyped address (no id) is not recorded.

A refusal is routine: it is answered here, so that Django's handler does not log it with its
traceback (django.request still writes its one-line warning, "Forbidden: /path").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import get_exception_response
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import get_resolver, get_urlconf, reverse
from django.utils.http import urlencode

from . import second_factor
from .audit import audit_event

_RECORDED = "_arraigo_refusal_recorded"


def refused_status(request: HttpRequest, exception: Exception) -> int | None:
    """403 or 404 when the exception is a refusal worth recording; None otherwise."""
    if isinstance(exception, PermissionDenied):
        return 403
    match = getattr(request, "resolver_match", None)
    if isinstance(exception, Http404) and match is not None and match.kwargs:
        return 404  # an object asked for by its id, not a mistyped address
    return None


def refusal_record(request: HttpRequest, status: int, *, via: str = "") -> None:
    """Put the refusal of `request` on the audit trail, once, when a user was signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, _RECORDED, False):
        return
    setattr(request, _RECORDED, True)
    details: dict[str, object] = {"status": status, "path": request.path[:300]}
    if via:
        details["via"] = via
    audit_event(actor=user, obj=user, event="refused", request=request, details=details)


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:  # a refusal page a view rendered itself
            refusal_record(request, 403)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        status = refused_status(request, exception)
        if status is None:
            return None
        refusal_record(request, status)
        if status == 403:
            # The 403 page Django's handler would give, without its logging the traceback.
            return get_exception_response(request, get_resolver(get_urlconf()), 403, exception)
        return None  # Django's handler answers the 404 (and logs no traceback for it)


class SecondFactorMiddleware:
    """Until a session passes the second factor (accounts.second_factor), a user who needs one
    reaches only the enrolment page (no app confirmed yet) or the code page; the page asked
    for comes back after it. Left open: signing in and out, the password reset by email, the
    language, the health check, the public feedback form, and the addresses other systems
    call with their own credentials (the REST API's tokens, KoboToolbox's secrets). Static
    files are served before this (WhiteNoise). After django-otp's OTPMiddleware."""

    OPEN_VIEWS = frozenset(
        {
            "accounts:login",
            "accounts:logout",
            "accounts:password_reset",
            "accounts:password_reset_sent",
            "accounts:password_reset_confirm",
            "accounts:two_step_verify",
            "set_language",
            "healthz",
            "feedback:public_form",
            "kobo_hook",
        }
    )
    OPEN_PREFIXES = ("/api/v1/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not second_factor.enforced():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or second_factor.session_verified(request):
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in self.OPEN_VIEWS or request.path_info.startswith(self.OPEN_PREFIXES):
            return None
        is_enrolled = second_factor.enrolled(user)
        if not is_enrolled and not second_factor.required_of(user):
            return None
        if not is_enrolled and name == "accounts:two_step_enrol":
            return None
        page = "accounts:two_step_verify" if is_enrolled else "accounts:two_step_enrol"
        after = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': after})}" if after else ""
        return redirect(f"{reverse(page)}{query}")
