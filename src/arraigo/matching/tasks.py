"""The matching run as a background task, run by `arraigo worker` (arraigo.background).

`run_later(run_id)` queues it; `apps.py` registers that as the run queue (`queue.py`), through
which the services start runs without importing this module. `matching_run_execute` is
idempotent (a finished run is left alone, a half-done one redone from the start), so the
requeue of a run whose worker died is safe. A failure is recorded on the run row (status
failed, with the error) and on the task, which the background jobs page lists for retry.
"""

from __future__ import annotations

from typing import Any

from django_tasks import TaskContext, task

from arraigo.background.services import enqueue, progress_set

from .services.runs import matching_run_execute


@task(takes_context=True)
def matching_run(context: TaskContext, run_id: int) -> dict[str, Any]:
    task_id = str(context.task_result.id)
    run = matching_run_execute(
        run_id=run_id,
        on_progress=lambda percent, message: progress_set(task_id, percent, str(message)),
    )
    return {"run": run.pk, "status": run.status, "assigned": run.assigned}


def run_later(run_id: int) -> None:
    enqueue(matching_run, run_id)
