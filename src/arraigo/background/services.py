"""Every write of the queue's bookkeeping: enqueueing, progress, heartbeats, the reaper and
retries. The claim of a task and its result are django-tasks-db's (`DBTaskResult.claim`,
`set_successful`, `set_failed`), called by the worker loop (`worker.py`)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResult
from django_tasks.base import Task as TaskDefinition
from django_tasks.signals import task_enqueued, task_finished
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from arraigo.accounts.audit import audit_event
from arraigo.core.errors import InvalidTransition
from arraigo.core.service_checks import require_perm

from .errors import WorkerLost
from .models import Task, TaskProgress, WorkerBeat

log = logging.getLogger(__name__)

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


def enqueue(task: TaskDefinition[Any, Any], *args: Any, **kwargs: Any) -> TaskResult[Any]:
    """Queue `task(*args, **kwargs)` for a worker (it is seen once the caller's transaction
    commits). With ARRAIGO_TASKS_SYNC (the tests) it runs at once, in this process, through the
    same code a worker runs, so its result or failure is recorded the same way."""
    result = task.enqueue(*args, **kwargs)
    if getattr(settings, "ARRAIGO_TASKS_SYNC", False):
        from .worker import run_inline

        run_inline(result.id)
    return result


def progress_set(task_id: str, percent: int, message: str) -> None:
    """Record how far task `task_id` has come, in its own short transaction (so the pages see
    it while the task goes on)."""
    with transaction.atomic():
        TaskProgress.objects.update_or_create(
            task_id=task_id, defaults={"percent": max(0, min(100, percent)), "message": message}
        )


def worker_started(*, worker_id: str, host: str, pid: int) -> WorkerBeat:
    now = timezone.now()
    beat, _created = WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": host[:255],
            "pid": pid,
            "started_at": now,
            "beat_at": now,
            "task_id": "",
            "stopped_at": None,
            "stop_reason": "",
        },
    )
    return beat


def worker_beat(*, worker_id: str, task_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=timezone.now(), task_id=task_id)


def worker_stopped(*, worker_id: str, reason: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id, stopped_at__isnull=True).update(
        stopped_at=timezone.now(), stop_reason=reason[:200], task_id=""
    )


@dataclass(frozen=True)
class Reaped:
    task_id: str
    worker_id: str
    requeued: bool  # False: failed, no attempt left


def tasks_reap(
    *, stale_after: float, attempts: int, now: dt.datetime | None = None
) -> list[Reaped]:
    """Find the tasks whose worker died and requeue them, or fail them after `attempts`.

    A worker is dead when its last heartbeat is older than `stale_after` seconds (or it has
    none, and its task started longer ago than that). Run by every live worker every few
    beats; the rows are taken with SKIP LOCKED on PostgreSQL (an exclusive transaction on
    SQLite), so two reapers never handle the same task.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=stale_after)
    WorkerBeat.objects.filter(stopped_at__isnull=True, beat_at__lt=cutoff).update(
        stopped_at=now, stop_reason=_("stopped answering"), task_id=""
    )
    live = set(
        WorkerBeat.objects.filter(stopped_at__isnull=True).values_list("worker_id", flat=True)
    )
    reaped: list[Reaped] = []
    failed: list[DBTaskResult] = []
    requeued: list[DBTaskResult] = []
    with exclusive_transaction(DBTaskResult.objects.db):
        running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        for row in running.select_for_update(skip_locked=True):
            worker_id = row.worker_ids[-1] if row.worker_ids else ""
            if worker_id in live:
                continue
            if len(row.worker_ids) < attempts:
                row.status = READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                requeued.append(row)
            else:
                row.set_failed(
                    WorkerLost(
                        _(
                            "The worker running it (%(worker)s) stopped answering; "
                            "attempt %(attempt)d of %(attempts)d."
                        )
                        % {
                            "worker": worker_id,
                            "attempt": len(row.worker_ids),
                            "attempts": attempts,
                        }
                    )
                )
                failed.append(row)
            reaped.append(Reaped(str(row.id), worker_id, row in requeued))
    for row in requeued:
        log.warning("task %s requeued: worker %s stopped answering", row.id, row.worker_ids[-1])
        task_enqueued.send(type(row.task.get_backend()), task_result=row.task_result)
    for row in failed:
        log.warning("task %s failed: worker %s stopped answering", row.id, row.worker_ids[-1])
        task_finished.send(type(row.task.get_backend()), task_result=row.task_result)
    return reaped


def task_retry(*, actor: Any, task_id: str) -> Task:
    """Queue a failed task again, as it was (coordinators). Its earlier attempts stay on
    record; the apps hear `task_enqueued` and show their object as queued again."""
    require_perm(actor, "background.retry_task")
    with exclusive_transaction(Task.objects.db):
        task = cast(Task, Task.objects.select_for_update().get(pk=task_id))
        if task.status != FAILED:
            raise InvalidTransition(_("Only a failed task can be retried."))
        task.status = READY
        task.started_at = None
        task.finished_at = None
        task.exception_class_path = ""
        task.traceback = ""
        task.return_value = None
        task.save(
            update_fields=[
                "status",
                "started_at",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        TaskProgress.objects.filter(task_id=task.pk).delete()
        audit_event(actor=actor, obj=task, event="task_retry", details={"task": task.task_path})
    task_enqueued.send(type(task.task.get_backend()), task_result=task.task_result)
    if getattr(settings, "ARRAIGO_TASKS_SYNC", False):
        from .worker import run_inline

        run_inline(str(task.pk))
    return task
