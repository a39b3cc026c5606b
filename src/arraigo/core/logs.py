"""Logs an operator can search: one JSON object per line (LOG_FORMAT=json, production's
default), each carrying the request's id and the signed-in user's id when it was written
during a request; never a name or a document number (the access line has the path without
its query string, where searches put names).

`RequestContextMiddleware` gives each request an id (a safe X-Request-ID from the proxy, or a
new one), returns it in the X-Request-ID header, and writes one access line per request:
method, path, status, milliseconds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="")
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
access = logging.getLogger("arraigo.requests")


class RequestContext(logging.Filter):
    """Adds the current request's id and user id to every record (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.user_id = user_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
        }
        for key in ("method", "path", "status", "ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestContextMiddleware:
    """After authentication: the request's id and user id for every log line it causes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        current = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        request_id.set(current)
        user_id.set(user.pk if user is not None and user.is_authenticated else None)
        started = time.perf_counter()
        response = self.get_response(request)
        response.headers["X-Request-ID"] = current
        elapsed = round((time.perf_counter() - started) * 1000)
        access.info(
            "%s %s %s %d ms",
            request.method,
            request.path,
            response.status_code,
            elapsed,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": elapsed,
            },
        )
        return response


def forget_request(**_kwargs: object) -> None:
    """When the response is closed (request_finished): later lines belong to no request."""
    request_id.set("")
    user_id.set(None)
