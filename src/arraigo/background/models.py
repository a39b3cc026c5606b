"""The workers' heartbeats, a task's progress, and the tasks as this app shows them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

# django-tasks' statuses as this app names them.
STATUS_LABELS = {
    "FAILED": _("Failed"),
    "READY": _("Queued"),
    "RUNNING": _("Running"),
    "SUCCESSFUL": _("Done"),
}


class Task(DBTaskResult):
    """The queue's rows (django-tasks-db) with the permissions of the tasks page."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("view_task", "Can see background tasks and workers"),
            ("retry_task", "Can retry a failed background task"),
        ]
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")


class WorkerBeat(models.Model):
    """One `arraigo worker` process: it writes `beat_at` every few seconds while it lives.

    A worker whose beat is older than ARRAIGO_WORKER_STALE_SECONDS is dead to the others: the
    first live worker to notice requeues its task (or fails it, after the last attempt).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)
    task_id = models.CharField(_("current task"), max_length=64, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=200, blank=True)

    class Meta:
        ordering = ["-beat_at"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.worker_id


class TaskProgress(models.Model):
    """How far a running task has come, written by the task itself (`progress_set`)."""

    task_id = models.UUIDField(_("task"), primary_key=True)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("progress message"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"
