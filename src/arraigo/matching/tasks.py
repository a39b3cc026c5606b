"""Background execution of matching runs: in-process by default.

`run_later(run_id)` schedules the run after the current transaction commits, in a daemon
thread; `apps.py` registers it as the run queue (`queue.py`), through which the services
start runs without importing this module. A real worker queue can replace this module
without touching the services: it registers itself with `run_queue_set` and only has to
call `matching_run_execute(run_id=...)`, which is idempotent and safe to retry.
Under tests (settings.ARRAIGO_TASKS_SYNC) the run executes at once, in the caller's thread.
A failure is recorded on the run row (status failed, with the error), not raised here.
"""

from __future__ import annotations

import contextlib
import threading

from django.conf import settings
from django.db import connections, transaction

from .services.runs import matching_run_execute


def _execute(run_id: int) -> None:
    try:
        with contextlib.suppress(Exception):
            matching_run_execute(run_id=run_id)
    finally:
        connections.close_all()


def run_later(run_id: int) -> None:
    if getattr(settings, "ARRAIGO_TASKS_SYNC", False):
        with contextlib.suppress(Exception):
            matching_run_execute(run_id=run_id)
        return

    def start() -> None:
        threading.Thread(target=_execute, args=(run_id,), daemon=True, name=f"run-{run_id}").start()

    transaction.on_commit(start)
