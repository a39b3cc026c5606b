"""Background execution: a run is a task in the database queue, run by `arraigo worker`."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from arraigo.matching import tasks
from arraigo.matching.services import matching_run_create, matching_run_start

from .factories import PERIOD, World


def test_run_later_queues_a_task_for_the_workers(db: None, settings: Any) -> None:
    settings.ARRAIGO_TASKS_SYNC = False

    tasks.run_later(42)

    row = DBTaskResult.objects.get()
    assert (row.task_path, row.args_kwargs, row.status, row.worker_ids) == (
        "arraigo.matching.tasks.matching_run",
        {"args": [42], "kwargs": {}},
        "READY",
        [],
    )


def test_a_queued_run_page_shows_progress_and_refreshes(
    client: Client, world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.ARRAIGO_TASKS_SYNC = False
    with django_capture_on_commit_callbacks(execute=False):
        run = matching_run_create(
            actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
        )
        matching_run_start(run=run)
    client.force_login(world.coordinator)
    page = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="run-progress" max="100" value="0">' in page
    assert "Queued" in page
    assert "No background worker is running" in page


def test_the_services_start_runs_through_the_registered_queue_not_the_task_module(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run services do not import the task module (which imports them): they reach the
    background through `queue.run_enqueue`, where the app registers `tasks.run_later`."""
    import ast
    from pathlib import Path

    from arraigo.matching import apps, queue
    from arraigo.matching.services import runs

    imported = [
        node.module or ""
        for node in ast.walk(ast.parse(Path(runs.__file__).read_text()))
        if isinstance(node, ast.ImportFrom)
    ]
    assert not [name for name in imported if "tasks" in name]
    assert queue._queues == [apps._run_later]
    seen: list[int] = []
    monkeypatch.setattr(tasks, "run_later", seen.append)
    apps._run_later(7)  # the registered queue is the task module's run_later
    assert seen == [7]
    seen.clear()
    monkeypatch.setattr(queue, "_queues", [seen.append])
    run = matching_run_create(
        actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
    )

    matching_run_start(run=run)

    assert seen == [run.pk]
