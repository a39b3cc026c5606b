"""How the `notify` command hands its work to the background workers: `notify_enqueue`.

The command and the task module sit side by side inside the app and neither imports the other
(docs/architecture.md, "Layers inside an app"): the app registers the task module's
`notify_later` here when it is ready, as matching does with its runs (`matching/queue.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.utils import formats
from django.utils.translation import gettext

DUE_TASK = "arraigo.notifications.tasks.send_due_notifications"
DIGEST_TASK = "arraigo.notifications.tasks.send_daily_digest"

# Queues the daily digest of a day, or (None) the events waiting; answers the task's id.
Later = Callable[[dt.date | None], str]

_queues: list[Later] = []  # the one registered, if any


def queue_set(later: Later) -> None:
    """Make `later` the way the command queues its work (replaces any earlier one)."""
    _queues[:] = [later]


def notify_enqueue(digest_day: dt.date | None) -> str:
    """Queue the digest of `digest_day`, or the events waiting (None); the task's id."""
    if not _queues:
        raise RuntimeError(
            "no notification queue is registered (is arraigo.notifications installed?)"
        )
    return _queues[0](digest_day)


def digest_title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    """The digest's job on the background jobs page: "Daily digest of 1 April 2026"."""
    day = formats.date_format(dt.date.fromisoformat(str(args[0])), "DATE_FORMAT")
    return gettext("Daily digest of %(day)s") % {"day": day}
