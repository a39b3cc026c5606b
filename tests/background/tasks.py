"""Tasks the background tests queue: importable by path, in the tests and in the workers they
start (which run with the repository on their Python path)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django_tasks import TaskContext, task

from arraigo.background.services import progress_set
from arraigo.matching.services import matching_run_execute
from arraigo.matching.task_hooks import run_task_register


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def refuse(reason: str) -> None:
    raise ValueError(reason)


@task()
def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@task(takes_context=True)
def gated_matching_run(context: TaskContext, run_id: int, gate: str) -> dict[str, Any]:
    """The matching run's task, held at its solving step until the file `gate` exists: a test
    kills the worker there, in the middle of the run."""
    task_id = str(context.task_result.id)

    def progress(percent: int, message: str) -> None:
        progress_set(task_id, percent, str(message))
        while percent == 60 and not Path(gate).exists():
            time.sleep(0.05)

    run = matching_run_execute(run_id=run_id, on_progress=progress)
    return {"run": run.pk, "status": run.status}


# Its requeue and loss reach the run, as the real task's do.
run_task_register(f"{__name__}.gated_matching_run")
