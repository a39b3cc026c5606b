"""The notifications as background tasks, run by `arraigo worker` (arraigo.background).

`arraigo notify` queues them through `queue.py` (apps.py registers `notify_later` there). Both
are safe to retry: the sent-log keeps a message from going twice, and a failed message is left
for the retry (services/delivery.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import TaskContext, task

from arraigo.background.services import enqueue, progress_set

from .services import digest_send, notifications_send


@task()
def send_due_notifications() -> dict[str, Any]:
    """The referrals, grants and transfers waiting, to whoever acts on them."""
    result = notifications_send(now=timezone.now())
    return {"messages": result.messages, "users": result.users}


@task(takes_context=True)
def send_daily_digest(context: TaskContext, day_iso: str) -> dict[str, Any]:
    """The digest of day `day_iso` (YYYY-MM-DD, fixed when queued: a retry sends that day's)."""
    task_id = str(context.task_result.id)

    def progress(done: int, total: int) -> None:
        if total and (done == total or done % 20 == 0):
            progress_set(task_id, done * 100 // total, f"{done}/{total}")

    result = digest_send(today=dt.date.fromisoformat(day_iso), on_progress=progress)
    return {"messages": result.messages, "users": result.users}


def notify_later(digest_day: dt.date | None) -> str:
    """Queue the digest of `digest_day`, or (None) the events; the task's id."""
    if digest_day is None:
        return str(enqueue(send_due_notifications).id)
    return str(enqueue(send_daily_digest, digest_day.isoformat()).id)
