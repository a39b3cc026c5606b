"""Refused attempts on the audit trail: one place for every view.

A signed-in user refused a page or an action (403), or refused an object reached by its id
(404: out of scope looks like absent, see registry.selectors), leaves an ACCESS entry with
event "refused", the status and the path. Nothing else: not the query string (a search may hold
a name), not the form that was posted, so the entry holds no personal data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .audit import audit_event


def refused_status(request: HttpRequest, exception: Exception) -> int | None:
    """403 or 404 when the exception is a refusal worth recording; None otherwise."""
    if isinstance(exception, PermissionDenied):
        return 403
    match = getattr(request, "resolver_match", None)
    if isinstance(exception, Http404) and match is not None and match.kwargs:
        return 404  # an object asked for by its id, not a mistyped address
    return None


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        status = refused_status(request, exception)
        if status is not None:
            audit_event(
                actor=user,
                obj=user,
                event="refused",
                request=request,
                details={"status": status, "path": request.path[:300]},
            )
        return None  # Django's handler still answers with the 403 or 404 page
