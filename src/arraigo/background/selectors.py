"""Reads of the queue: the tasks page (coordinators), workers, and what /healthz reports.

Tasks carry ids, never personal data, in their arguments; the page shows them to the roles
holding `background.view_task` (coordinators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from .errors import error_message
from .kinds import Kind, kind_of
from .models import STATUS_LABELS, Task, TaskProgress, WorkerBeat

STATUSES = ("READY", "RUNNING", "FAILED", "SUCCESSFUL")


def _require(user: Any) -> None:
    if not user.has_perm("background.view_task"):
        raise PermissionDenied


def tasks_for(user: Any, *, status: str = "", kind: str = "") -> QuerySet[Task]:
    """Every task, newest first, of one status and kind if given."""
    _require(user)
    tasks = cast(QuerySet[Task], Task.objects.order_by("-enqueued_at"))
    if status in STATUSES:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(task_path=kind)
    return tasks


def task_get_for(user: Any, task_id: str) -> Task:
    _require(user)
    return cast(Task, Task.objects.get(pk=task_id))


def task_counts(user: Any) -> dict[str, int]:
    """How many tasks are in each status (all four, zeros included)."""
    _require(user)
    counted = dict(Task.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: int(counted.get(status, 0)) for status in STATUSES}


@dataclass(frozen=True)
class TaskRow:
    """A task as the page shows it."""

    task: Task
    status_label: str
    kind: Kind
    title: str
    link: str | None
    attempts: int
    worker: str
    error: str
    percent: int | None
    progress: str


def task_rows(tasks: list[Task]) -> list[TaskRow]:
    """Rows for a page of tasks: two queries whatever the page's length."""
    progress = {
        str(p.task_id): p for p in TaskProgress.objects.filter(task_id__in=[t.pk for t in tasks])
    }
    rows = []
    for task in tasks:
        kind = kind_of(task.task_path)
        args = task.args_kwargs or {}
        step = progress.get(str(task.pk))
        rows.append(
            TaskRow(
                task=task,
                status_label=str(STATUS_LABELS.get(task.status, task.status)),
                kind=kind,
                title=kind.title_for(args.get("args", []), args.get("kwargs", {})),
                link=kind.link_for(args.get("args", []), args.get("kwargs", {})),
                attempts=len(task.worker_ids),
                worker=task.worker_ids[-1] if task.worker_ids else "",
                error=error_message(task.traceback) if task.status == "FAILED" else "",
                percent=step.percent if step and task.status == "RUNNING" else None,
                progress=step.message if step and task.status == "RUNNING" else "",
            )
        )
    return rows


def workers_recent(user: Any, *, days: int = 7) -> list[WorkerBeat]:
    """Workers alive now, and those stopped in the last `days` days."""
    _require(user)
    since = timezone.now() - dt.timedelta(days=days)
    alive = WorkerBeat.objects.filter(stopped_at__isnull=True)
    stopped = WorkerBeat.objects.filter(stopped_at__gte=since)
    return list((alive | stopped).order_by("stopped_at", "-beat_at")[:50])


def queue_health(now: dt.datetime | None = None) -> dict[str, Any]:
    """For /healthz: tasks waiting, running and failed, live workers and the age in seconds of
    the newest heartbeat (None when no worker ever ran). Three small queries, no names."""
    now = now or timezone.now()
    counted = dict(
        Task.objects.filter(status__in=["READY", "RUNNING", "FAILED"])
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    beats = WorkerBeat.objects.filter(stopped_at__isnull=True).aggregate(
        live=Count("worker_id"), newest=Max("beat_at")
    )
    newest = beats["newest"]
    return {
        "queued": int(counted.get("READY", 0)),
        "running": int(counted.get("RUNNING", 0)),
        "failed": int(counted.get("FAILED", 0)),
        "workers": int(beats["live"]),
        "last_heartbeat_seconds": None
        if newest is None
        else round((now - newest).total_seconds(), 1),
    }


def workers_alive() -> int:
    """How many workers are beating now (the run page warns when none is)."""
    return WorkerBeat.objects.filter(stopped_at__isnull=True).count()
