"""The worker: django-tasks-db's loop (claim with SKIP LOCKED, run, record the result) with a
heartbeat thread that also reaps the tasks of dead workers.

The heartbeat runs beside the task: the optimiser's solver (HiGHS) releases the GIL, and the
Python steps let other threads in every few milliseconds, so a worker busy with a long run
still beats. A worker stopped with SIGTERM or Ctrl+C finishes its task first (a second signal
stops it at once, recording the task as failed); a worker killed outright stops beating, and
another one requeues its task after ARRAIGO_WORKER_STALE_SECONDS.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .services import tasks_reap, worker_beat, worker_started, worker_stopped

log = logging.getLogger(__name__)

INLINE_WORKER = "inline"


def worker_id_new() -> str:
    """host-pid-random, unique across machines, at most 64 characters."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


def beat_seconds() -> float:
    return float(getattr(settings, "ARRAIGO_WORKER_BEAT_SECONDS", 5.0))


def stale_seconds() -> float:
    return float(getattr(settings, "ARRAIGO_WORKER_STALE_SECONDS", 30.0))


def attempts() -> int:
    return int(getattr(settings, "ARRAIGO_TASK_ATTEMPTS", 2))


class Heartbeat(threading.Thread):
    """Writes this worker's heartbeat every `every` seconds and, every few beats, reaps."""

    def __init__(self, worker_id: str, every: float, stale_after: float, tries: int) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stale_after = stale_after
        self.tries = tries
        self.task_id = ""
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        beats = 0
        while not self._stop_event.wait(self.every):
            beats += 1
            try:
                worker_beat(worker_id=self.worker_id, task_id=self.task_id)
                if beats % 2 == 0:
                    tasks_reap(stale_after=self.stale_after, attempts=self.tries)
            except DatabaseError:
                # A busy SQLite file or a database restart: the next beat tries again.
                log.warning("worker %s: heartbeat not written", self.worker_id, exc_info=True)
            except Exception:
                # Never let the heartbeat die while the task goes on: others would think this
                # worker dead and run its task a second time.
                log.exception("worker %s: heartbeat or reaper failed", self.worker_id)
            finally:
                close_old_connections()
        connection.close()


class ArraigoWorker(Worker):
    """django-tasks-db's worker, telling its heartbeat which task it runs."""

    def __init__(self, *, heartbeat: Heartbeat | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.heartbeat = heartbeat

    def run_task(self, db_task_result: DBTaskResult) -> None:
        if self.heartbeat is not None:
            self.heartbeat.task_id = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            if self.heartbeat is not None:
                self.heartbeat.task_id = ""


def worker_run(
    *,
    worker_id: str,
    queue_names: list[str],
    interval: float,
    batch: bool,
    max_tasks: int | None,
) -> None:
    """Run a worker until it is told to stop (or, with `batch`, until the queue is empty)."""
    worker_started(worker_id=worker_id, host=socket.gethostname(), pid=os.getpid())
    heartbeat = Heartbeat(worker_id, beat_seconds(), stale_seconds(), attempts())
    heartbeat.start()
    worker = ArraigoWorker(
        heartbeat=heartbeat,
        queue_names=queue_names,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    reason = _("stopped: the queue was empty") if batch else _("stopped")
    worker.configure_signals()
    try:
        # A worker that starts finds any task left running by a worker that died.
        tasks_reap(stale_after=stale_seconds(), attempts=attempts())
        worker.run()
    except SystemExit as exc:
        reason = _("stopped when asked") if exc.code == 0 else _("stopped during a job")
        raise
    finally:
        heartbeat.stop()
        worker.reset_signals()
        close_old_connections()
        worker_stopped(worker_id=worker_id, reason=reason)


_inline: list[ArraigoWorker] = []


def run_inline(task_id: str) -> None:
    """Claim and run one queued task in this process (ARRAIGO_TASKS_SYNC: the tests)."""
    if not _inline:
        _inline.append(
            ArraigoWorker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=INLINE_WORKER,
                excluded_queue_names=[],
            )
        )
    row = DBTaskResult.objects.get(pk=task_id)
    row.claim(INLINE_WORKER)
    _inline[0].run_task(row)
