"""How the import services hand a step to the background: `step_enqueue(job_id, step)`.

The services do not import the task module (it imports them): apps.py registers the task
module's `step_later` here when the app is ready, as matching does with its run queue.
"""

from __future__ import annotations

from collections.abc import Callable

StepQueue = Callable[[int, str], str]

_queues: list[StepQueue] = []

CHECK, WRITE = "check", "write"
EXPORT = "export"  # the step of an export job (exports.py)


def queue_set(queue: StepQueue) -> None:
    _queues[:] = [queue]


def step_enqueue(job_id: int, step: str) -> str:
    """Queue `step` ("check" or "write") of import `job_id`, or the export `job_id`
    (EXPORT); the task's id."""
    if not _queues:
        raise RuntimeError("no import queue is registered (is arraigo.bulk installed?)")
    return _queues[0](job_id, step)
