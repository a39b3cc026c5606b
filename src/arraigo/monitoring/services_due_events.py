"""Announcing follow-up surveys due to other systems (webhook `survey.due`).

Run once a day with the daily digest (`arraigo notify --digest`, notifications' `digest_send`):
every household round due that day (the work list's rule, due.py, over the whole programme:
households followed, not closed, not declining surveys) is announced once per subscriber,
keyed by household and round, so running it again, or the next day, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from arraigo.registry.consent import consent_annotate
from arraigo.registry.models import ConsentPurpose, Household
from arraigo.webhooks.events import Event
from arraigo.webhooks.services import event_wanted, events_emit

from .due import NOT_ASKED_STATUSES, DueStatus, _round_rows, first_start, round_window
from .programme import monitoring_rules


def surveys_due_announce(*, today: dt.date) -> int:
    """Emit `survey.due` for each household round due on `today` not announced before; how
    many deliveries. Nothing is read when no subscriber wants the event."""
    if not event_wanted(Event.SURVEY_DUE):
        return 0
    base = consent_annotate(Household.objects.all(), ConsentPurpose.SURVEYS, household="pk")
    base = (
        base.exclude(status__in=NOT_ASKED_STATUSES)
        .filter(Q(consent_given__isnull=True) | Q(consent_given=True))
        .annotate(survey_start=first_start())
    )
    items: list[tuple[str, dict[str, Any]]] = []
    for rule in monitoring_rules().rounds:
        rows = _round_rows(base, rule, today).filter(due=DueStatus.DUE).order_by("pk")
        for pk, code, start in rows.values_list("pk", "code", "survey_start").iterator():
            window = round_window(rule, start)
            payload = {
                "household": code,
                "round": rule.code,
                "window_opens": window.opens,
                "window_closes": window.closes,
            }
            items.append((f"survey.due:{pk}:{rule.code}", payload))
    return events_emit(event=Event.SURVEY_DUE, items=items)
