"""`/healthz`: whether this web process can serve, for a load balancer or a monitor. No
sign-in and no personal data: the database's answer and how long it took, and what the apps
add (`health_register`: the background queue's depth and the age of the last worker
heartbeat). 200 when the database answers, 503 otherwise (the body says why, without the
connection's details)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

HealthPart = Callable[[], dict[str, Any]]

_parts: dict[str, HealthPart] = {}


def health_register(name: str, part: HealthPart) -> None:
    """Add `name: part()` to the answer (core imports no app; apps register in `ready`)."""
    _parts[name] = part


@never_cache
@require_GET
def healthz(_request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        milliseconds = round((time.perf_counter() - started) * 1000, 1)
        parts = {name: part() for name, part in _parts.items()}
    except DatabaseError:
        log.exception("health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": milliseconds, **parts})
