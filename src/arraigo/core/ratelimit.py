"""Fixed-window rate limits in Django's cache (shared by every web process in production:
Redis or the database cache): the API's requests per token, the public form's posts per
address and per session."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache

_UNITS = {"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_UNITS["day"] = 86400
_RATE = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def rate_parse(text: str, *, setting: str = "A rate") -> Rate:
    """ "120/min" -> 120 a minute (units: s, min, hour, day); ValueError otherwise, naming
    `setting`."""
    match = _RATE.match(text.lower())
    if match is None or match.group(2) not in _UNITS or int(match.group(1)) < 1:
        raise ValueError(f"{setting} must read like 120/min, not {text!r}")
    return Rate(int(match.group(1)), _UNITS[match.group(2)])


def window_spend(scope: str, key: str, rate: Rate, *, now: float | None = None) -> int | None:
    """Count one use of `key` in `scope` against `rate`: None while within it, else the
    seconds until the window ends (for Retry-After)."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    name = f"arraigo-rate:{scope}:{key}:{window}"
    cache.add(name, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add and incr: this use opens the window
        cache.set(name, 1, timeout=rate.seconds + 1)
        used = 1
    if used <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))
