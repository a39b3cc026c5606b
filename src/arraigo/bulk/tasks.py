"""The import's steps as background tasks, run by `arraigo worker` (arraigo.background).

Both are safe to retry: checking writes nothing but the report, and writing checks the file
again inside its transaction (a household written before is recognised by its reference).
"""

from __future__ import annotations

from typing import Any

from django_tasks import TaskContext, task

from arraigo.background.services import enqueue, progress_set

from .exports_background import export_build
from .queue import CHECK, EXPORT
from .services import import_step_run


@task(takes_context=True)
def import_step(context: TaskContext, job_id: int, step: str) -> dict[str, Any]:
    task_id = str(context.task_result.id)
    job = import_step_run(
        job_id=job_id,
        write=step != CHECK,
        on_progress=lambda percent, message: progress_set(task_id, percent, message),
    )
    return {"job": job.pk, "status": job.status}


@task(takes_context=True)
def export_step(context: TaskContext, job_id: int) -> dict[str, Any]:
    task_id = str(context.task_result.id)
    job = export_build(
        job_id=job_id,
        on_progress=lambda percent, message: progress_set(task_id, percent, message),
    )
    return {"export": job.pk, "status": job.status, "rows": job.rows}


def step_later(job_id: int, step: str) -> str:
    if step == EXPORT:
        return str(enqueue(export_step, job_id).id)
    return str(enqueue(import_step, job_id, step).id)
