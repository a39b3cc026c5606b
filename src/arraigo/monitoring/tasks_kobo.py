"""Processing a posted KoboToolbox submission, as a background task (`arraigo worker`).

Safe to run twice: the service takes the submission's row first and does nothing to one
already processed; the answers are written once per submission uuid."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from arraigo.background.services import enqueue

from .services_kobo_hook import kobo_submission_process


@task()
def kobo_submission_task(submission_id: int) -> dict[str, Any]:
    row = kobo_submission_process(submission_id=submission_id)
    return {"submission": submission_id, "status": row.status if row is not None else None}


def process_later(submission_id: int) -> None:
    enqueue(kobo_submission_task, submission_id)
