"""How the run services hand a run to the background: one function, `run_enqueue(run_id)`.

The services do not import the task module, which imports them to execute a run: the task
module registers its `run_later` here when the app is ready (`apps.py`); a real worker queue
would register its own instead.
"""

from __future__ import annotations

from collections.abc import Callable

RunQueue = Callable[[int], None]

_queues: list[RunQueue] = []  # the one registered, if any


def run_queue_set(queue: RunQueue) -> None:
    """Make `queue(run_id)` the way runs are set going (replaces any earlier one)."""
    _queues[:] = [queue]


def run_enqueue(run_id: int) -> None:
    """Set run `run_id` going through the registered queue."""
    if not _queues:
        raise RuntimeError("no matching run queue is registered (is arraigo.matching installed?)")
    _queues[0](run_id)
