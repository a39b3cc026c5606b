"""What keeps scripts off the public feedback form, with no third-party service:

- a limit of posts per address and per session (ARRAIGO_FEEDBACK_RATE_ADDRESS, default 20 a
  minute; ARRAIGO_FEEDBACK_RATE_SESSION, 10 a minute), counted before anything is read;
- a field people do not see (a honeypot: a script that fills every field fills it);
- a signed ticket given with the form: a post sent sooner than ARRAIGO_FEEDBACK_MIN_SECONDS
  after the form was opened, or later than MAX_AGE, is not a person filling it in;
- a sum of two small numbers to answer, carried in the same ticket (it reads aloud and needs
  no images, scripts or accounts elsewhere).

A refused post writes nothing; the form comes back with what was typed and a new ticket.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from arraigo.core.addresses import client_address
from arraigo.core.ratelimit import rate_parse, window_spend

SALT = "arraigo.feedback.public-form"
MAX_AGE = 2 * 3600  # seconds a form may stay open
_random = random.SystemRandom()


@dataclass(frozen=True)
class Ticket:
    token: str
    question: str


def _question(a: int, b: int) -> str:
    return _("To show you are a person: how much is %(a)d + %(b)d?") % {"a": a, "b": b}


def ticket_new(*, now: float | None = None) -> Ticket:
    """A new ticket: when the form was opened, and the sum to answer."""
    a, b = _random.randint(1, 9), _random.randint(1, 9)
    issued = time.time() if now is None else now
    token = signing.dumps({"a": a, "b": b, "t": round(issued, 3)}, salt=SALT, compress=True)
    return Ticket(token, _question(a, b))


def ticket_read(token: str) -> dict[str, Any] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and {"a", "b", "t"} <= set(data) else None


def ticket_problems(
    token: str, answer: int | None, honeypot: str, *, now: float | None = None
) -> dict[str | None, str]:
    """Why a post with this ticket cannot be accepted, by field (None: the whole form)."""
    now = time.time() if now is None else now
    data = ticket_read(token)
    if honeypot or data is None:
        return {None: _("We could not accept this report. Send it again, please.")}
    age = now - float(data["t"])
    if age > MAX_AGE:
        return {None: _("This form was open too long. We kept what you wrote: send it again.")}
    if age < settings.ARRAIGO_FEEDBACK_MIN_SECONDS:
        return {None: _("We could not accept this report. Send it again, please.")}
    if answer != int(data["a"]) + int(data["b"]):
        return {"answer": _("That is not the answer. Try this new sum.")}
    return {}


def throttled(request: HttpRequest, *, now: float | None = None) -> int | None:
    """Count this post against its address and its session; None while both are within
    their limits, else the seconds to wait."""
    address = client_address(request) or "unknown"
    waits = [
        window_spend(
            "feedback-address",
            address,
            rate_parse(
                settings.ARRAIGO_FEEDBACK_RATE_ADDRESS, setting="ARRAIGO_FEEDBACK_RATE_ADDRESS"
            ),
            now=now,
        )
    ]
    if not request.session.session_key:
        request.session.save()
    waits.append(
        window_spend(
            "feedback-session",
            str(request.session.session_key),
            rate_parse(
                settings.ARRAIGO_FEEDBACK_RATE_SESSION, setting="ARRAIGO_FEEDBACK_RATE_SESSION"
            ),
            now=now,
        )
    )
    refused = [wait for wait in waits if wait is not None]
    return max(refused) if refused else None
