"""The import task as the background jobs page shows it, and what its loss does to the
import (a task that failed without finishing leaves its import marked failed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from arraigo.background.kinds import kind_register

IMPORT_TASK = "arraigo.bulk.tasks.import_step"
EXPORT_TASK = "arraigo.bulk.tasks.export_step"


def _link(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return reverse("bulk:import_detail", args=[int(args[0])])


def _title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return gettext("Import %(n)s") % {"n": int(args[0])}


def _export_link(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return reverse("bulk:export_detail", args=[int(args[0])])


def _export_title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return gettext("Export %(n)s") % {"n": int(args[0])}


def _finished(sender: Any, task_result: TaskResult[Any], **_kwargs: Any) -> None:
    path = task_result.task.module_path
    if task_result.status != TaskResultStatus.FAILED or not task_result.args:
        return
    if path == IMPORT_TASK:
        from .services import import_failed

        import_failed(job_id=int(task_result.args[0]))
    elif path == EXPORT_TASK:
        from .exports_background import export_failed

        export_failed(job_id=int(task_result.args[0]))


def _later(job_id: int, step: str) -> str:
    from .tasks import step_later

    return step_later(job_id, step)


def task_hooks_connect() -> None:
    from .queue import queue_set

    kind_register(IMPORT_TASK, _("Import"), _link, _title)
    kind_register(EXPORT_TASK, _("Export"), _export_link, _export_title)
    task_finished.connect(_finished, dispatch_uid="bulk-import-finished")
    queue_set(_later)
