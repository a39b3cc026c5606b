"""Requests per token: ARRAIGO_API_RATE requests per fixed window (core.ratelimit)."""

from __future__ import annotations

from django.conf import settings

from arraigo.core.ratelimit import Rate, window_spend
from arraigo.core.ratelimit import rate_parse as _rate_parse


def rate_parse(text: str) -> Rate:
    return _rate_parse(text, setting="ARRAIGO_API_RATE")


def rate_spend(key: str, *, now: float | None = None) -> int | None:
    """Count one request against `key` (a token's prefix): None while within the rate, else
    the seconds until the window ends (Retry-After)."""
    return window_spend("api", key, rate_parse(settings.ARRAIGO_API_RATE), now=now)


__all__ = ["Rate", "rate_parse", "rate_spend"]
