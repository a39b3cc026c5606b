"""The address a request came from, for limits and locks (sign-in, the public form)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from (AXES_CLIENT_IP_CALLABLE too). Behind the TLS proxy
    (production's SECURE_PROXY_SSL_HEADER), the last address of X-Forwarded-For, which the
    proxy itself appended; a client's own entries before it are not trusted."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR")
