"""`/healthz`: whether this web process can serve, for a load balancer or a monitor. No
sign-in and no personal data: the database's answer and how long it took. 200 when the
database answers, 503 otherwise (the body says why, without the connection's details)."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(_request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    milliseconds = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": milliseconds})
