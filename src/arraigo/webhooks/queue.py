"""How the services hand a delivery to the background workers: `delivery_enqueue`.

The services do not import the task module, which imports them to send: the app registers the
task module's `send_later` here when it is ready (as matching and notifications do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext

SEND_TASK = "arraigo.webhooks.tasks.delivery_send"

# Queues delivery `id` for a worker, to run at once (None) or not before a time.
Later = Callable[[int, dt.datetime | None], None]

_queues: list[Later] = []


def queue_set(later: Later) -> None:
    """Make `later` the way deliveries are queued (replaces any earlier one)."""
    _queues[:] = [later]


def delivery_enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    if not _queues:
        raise RuntimeError("no webhook queue is registered (is arraigo.webhooks installed?)")
    _queues[0](delivery_id, run_after)


def delivery_title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    """The delivery's job on the background jobs page: "Webhook delivery 12"."""
    return gettext("Webhook delivery %(id)s") % {"id": int(args[0])}
