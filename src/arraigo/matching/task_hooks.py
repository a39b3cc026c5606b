"""The matching run's task, as the background queue shows and reports it: its name and page
on the background jobs page, and what its requeue or loss does to the run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued, task_finished

from arraigo.background.errors import error_message
from arraigo.background.kinds import kind_register

RUN_TASK = "arraigo.matching.tasks.matching_run"
# The tasks whose first argument is a matching run (the tests add one that pauses mid-run).
_run_tasks = {RUN_TASK}


def run_task_register(path: str) -> None:
    """Treat task `path` (first argument: a run's id) as a matching run's task."""
    _run_tasks.add(path)


def _run_link(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return reverse("matching:run_detail", args=[int(args[0])])


def _run_title(args: Sequence[Any], _kwargs: dict[str, Any]) -> str:
    return gettext("Matching run %(n)s") % {"n": int(args[0])}


def _run_id(task_result: TaskResult[Any]) -> int | None:
    if task_result.task.module_path not in _run_tasks or not task_result.args:
        return None
    return int(task_result.args[0])


def _enqueued(sender: Any, task_result: TaskResult[Any], **_kwargs: Any) -> None:
    from .services.run_state import matching_run_requeued

    run_id = _run_id(task_result)
    if run_id is not None:
        matching_run_requeued(run_id=run_id)


def _finished(sender: Any, task_result: TaskResult[Any], **_kwargs: Any) -> None:
    from .services.run_state import matching_run_lost

    run_id = _run_id(task_result)
    if run_id is not None and task_result.status == TaskResultStatus.FAILED:
        traceback = task_result.errors[-1].traceback if task_result.errors else ""
        matching_run_lost(run_id=run_id, error=error_message(traceback))


def task_hooks_connect() -> None:
    kind_register(RUN_TASK, _("Matching run"), _run_link, _run_title)
    task_enqueued.connect(_enqueued, dispatch_uid="matching-run-enqueued")
    task_finished.connect(_finished, dispatch_uid="matching-run-finished")
