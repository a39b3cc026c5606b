"""Row builders for feedback: what a new report stores, decided in one place.

Pure: no database access, no permission checks. feedback.services builds the report it saves
with them; the demo seed builds its reports (and their later handling, for the history) with
the same function and inserts them in bulk. So both writers store text the same way
(stripped, the contact cut to its column) and compute the due date the same way: the local
day of receipt plus the category's response days (feedback.services.response_days).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import FeedbackCase, FeedbackStatus

CONTACT_MAX = 120


def feedback_due_on(received_at: dt.datetime, response_days: int) -> dt.date:
    """The day the answer is due: `response_days` after the (local) day of receipt."""
    return timezone.localtime(received_at).date() + dt.timedelta(days=response_days)


def feedback_row(
    *,
    reference: str,
    category: str,
    channel: str,
    description: str,
    received_at: dt.datetime,
    response_days: int,
    contact: str = "",
    household_id: int | None = None,
    city_id: int | None = None,
    office_id: int | None = None,
    created_by_id: int | None = None,
    status: str = FeedbackStatus.RECEIVED,
    assigned_to_id: int | None = None,
    resolution: str = "",
    responded_on: dt.date | None = None,
) -> FeedbackCase:
    """A report (unsaved), received at `received_at` and due `response_days` later. A report
    recorded now is `received`, unassigned and unanswered; the seed's history passes how it
    was handled."""
    return FeedbackCase(
        reference=reference,
        category=category,
        channel=channel,
        description=description.strip(),
        contact=contact.strip()[:CONTACT_MAX],
        household_id=household_id,
        city_id=city_id,
        office_id=office_id,
        received_at=received_at,
        due_on=feedback_due_on(received_at, response_days),
        status=status,
        assigned_to_id=assigned_to_id,
        resolution=resolution.strip(),
        responded_on=responded_on,
        created_by_id=created_by_id,
    )
