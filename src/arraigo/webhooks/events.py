"""The events a subscriber may ask for, and the only keys each one's payload may carry.

Payloads leave the programme: they carry case codes, ids, dates and counts, never a name, a
document number, a phone or free text (DESIGN.md section 4). `payload_check` holds every
payload to its event's keys and to plain values, so a payload with a key nobody declared here
is a programming error, caught by the tests before it could reach a partner.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    REFERRAL_CREATED = "referral.created", _("Referral created")
    VACANCY_FILLED = "vacancy.filled", _("Vacancy filled")
    HOUSEHOLD_ARRIVED = "household.arrived", _("Household arrived")
    SURVEY_DUE = "survey.due", _("Follow-up survey due")
    PING = "ping", _("Test event")


# Event -> the keys of its payload (docs/webhooks.md lists them with their meaning).
SHAPES: dict[str, frozenset[str]] = {
    Event.REFERRAL_CREATED: frozenset(
        {"referral", "household", "member", "service", "provider", "category", "city", "sent_at"}
    ),
    Event.VACANCY_FILLED: frozenset(
        {"vacancy", "employer", "city", "occupation", "seats", "placements", "filled_on"}
    ),
    Event.HOUSEHOLD_ARRIVED: frozenset(
        {"household", "plan", "origin_office", "destination_city", "arrived_on", "travellers"}
    ),
    Event.SURVEY_DUE: frozenset({"household", "round", "window_opens", "window_closes"}),
    Event.PING: frozenset({"subscriber", "sent_at"}),
}

# Values a payload may hold: codes and ids (short text or whole numbers), dates, or nothing.
MAX_TEXT = 64


def plain_value(value: Any) -> Any:
    """`value` as JSON: dates and times in ISO 8601; anything else refused (TypeError)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    raise TypeError(f"not a code, id, count or date: {type(value).__name__}")


def payload_check(event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload of `event` as JSON values, or ValueError/TypeError for a key the event does
    not declare or a value that is not a code, id, count or date."""
    if event not in SHAPES:
        raise ValueError(f"unknown webhook event {event!r}")
    unknown = set(payload) - SHAPES[event]
    if unknown:
        raise ValueError(f"{event}: undeclared payload keys {sorted(unknown)}")
    return {key: plain_value(value) for key, value in payload.items()}


def subscribable() -> list[tuple[str, str]]:
    """The events a subscriber may choose (the test event goes to whoever asks for it)."""
    return [(value, str(label)) for value, label in Event.choices if value != Event.PING]
