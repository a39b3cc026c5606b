"""How the REST Services services hand a submission to the background: `kobo_enqueue`.

The services do not import the task module (tasks_kobo), which imports them: the app registers
the task module's `process_later` here when it is ready (as matching does with its runs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext

PROCESS_TASK = "arraigo.monitoring.tasks_kobo.kobo_submission_task"

Later = Callable[[int], None]

_queues: list[Later] = []


def queue_set(later: Later) -> None:
    _queues[:] = [later]


def kobo_enqueue(submission_id: int) -> None:
    if not _queues:
        raise RuntimeError("no KoboToolbox queue is registered (is arraigo.monitoring installed?)")
    _queues[0](submission_id)


def submission_title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    """The job on the background jobs page: "KoboToolbox submission 12"."""
    return gettext("KoboToolbox submission %(id)s") % {"id": int(args[0])}
