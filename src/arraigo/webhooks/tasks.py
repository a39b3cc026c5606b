"""Sending a delivery, as a background task run by `arraigo worker` (arraigo.background).

Safe to run twice or late: the service sends only a delivery still waiting whose time has come,
and claims it first, so two workers never send the same attempt.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from arraigo.background.services import enqueue

from .services import delivery_attempt


@task()
def delivery_send(delivery_id: int) -> dict[str, Any]:
    row = delivery_attempt(delivery_id=delivery_id)
    if row is None:
        return {"delivery": delivery_id, "sent": False}
    return {"delivery": delivery_id, "sent": True, "status": row.status, "code": row.response_code}


def send_later(delivery_id: int, run_after: dt.datetime | None) -> None:
    """Queue delivery `delivery_id`, at once or not before `run_after`."""
    definition = delivery_send if run_after is None else delivery_send.using(run_after=run_after)
    enqueue(definition, delivery_id)
