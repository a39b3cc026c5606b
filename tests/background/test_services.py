"""The queue's bookkeeping, in this process: enqueueing, inline runs (ARRAIGO_TASKS_SYNC),
progress, the reaper's requeue and failure, and retry (coordinators only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from arraigo.accounts.models import Role
from arraigo.background.errors import error_message
from arraigo.background.models import TaskProgress, WorkerBeat
from arraigo.background.services import (
    enqueue,
    progress_set,
    task_retry,
    tasks_reap,
    worker_started,
)
from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.matching import tasks as matching_tasks
from arraigo.matching.models import MatchingRun, RunStatus
from tests.accounts.factories import UserFactory

from . import tasks

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def _queued(settings: Any, task: Any, *args: Any) -> DBTaskResult:
    settings.ARRAIGO_TASKS_SYNC = False
    return DBTaskResult.objects.get(pk=enqueue(task, *args).id)


def _running(row: DBTaskResult, worker_id: str, started: dt.datetime) -> DBTaskResult:
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    row.refresh_from_db()
    return row


def _worker(worker_id: str, beat: dt.datetime) -> None:
    worker_started(worker_id=worker_id, host="host-a", pid=1)
    WorkerBeat.objects.filter(pk=worker_id).update(beat_at=beat)


def test_enqueue_leaves_the_task_for_a_worker(settings):
    row = _queued(settings, tasks.add, 2, 3)

    assert (row.status, row.task_path, row.args_kwargs, row.worker_ids) == (
        "READY",
        "tests.background.tasks.add",
        {"args": [2, 3], "kwargs": {}},
        [],
    )


def test_in_the_tests_a_task_runs_at_once_through_the_workers_code():
    result = enqueue(tasks.add, 2, 3)

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, row.worker_ids) == ("SUCCESSFUL", 5, ["inline"])


def test_a_task_that_raises_is_recorded_as_failed_with_its_error():
    result = enqueue(tasks.refuse, "the file has no header row")

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.exception_class_path) == ("FAILED", "builtins.ValueError")
    assert error_message(row.traceback) == "the file has no header row"


def test_progress_is_kept_between_0_and_100(settings):
    row = _queued(settings, tasks.add, 1, 1)

    progress_set(str(row.pk), 140, "Storing")
    progress_set(str(row.pk), 40, "Solving")

    step = TaskProgress.objects.get(task_id=row.pk)
    assert (step.percent, step.message) == (40, "Solving")
    progress_set(str(row.pk), -5, "Starting")
    assert TaskProgress.objects.get(task_id=row.pk).percent == 0


def test_the_task_of_a_silent_worker_is_requeued_and_the_worker_marked_stopped(settings):
    row = _running(_queued(settings, tasks.add, 1, 2), "w-dead", NOW - dt.timedelta(minutes=5))
    _worker("w-dead", NOW - dt.timedelta(seconds=31))

    reaped = tasks_reap(stale_after=30, attempts=2, now=NOW)

    row.refresh_from_db()
    assert [(r.worker_id, r.requeued) for r in reaped] == [("w-dead", True)]
    assert (row.status, row.started_at, row.worker_ids) == ("READY", None, ["w-dead"])
    dead = WorkerBeat.objects.get(pk="w-dead")
    assert (dead.stopped_at, dead.stop_reason) == (NOW, "stopped answering")


def test_after_its_last_attempt_the_task_fails_and_says_why(settings):
    row = _running(_queued(settings, tasks.add, 1, 2), "w-2", NOW - dt.timedelta(minutes=5))
    DBTaskResult.objects.filter(pk=row.pk).update(worker_ids=["w-1", "w-2"])
    _worker("w-2", NOW - dt.timedelta(minutes=2))

    reaped = tasks_reap(stale_after=30, attempts=2, now=NOW)

    row.refresh_from_db()
    assert [(r.worker_id, r.requeued) for r in reaped] == [("w-2", False)]
    assert (row.status, row.exception_class_path) == (
        "FAILED",
        "arraigo.background.errors.WorkerLost",
    )
    assert error_message(row.traceback) == (
        "The worker running it (w-2) stopped answering; attempt 2 of 2."
    )


def test_a_live_worker_and_a_task_just_started_are_left_alone(settings):
    beating = _running(_queued(settings, tasks.add, 1, 2), "w-live", NOW - dt.timedelta(hours=1))
    _worker("w-live", NOW - dt.timedelta(seconds=29))
    # no heartbeat yet, but claimed 10 seconds ago: its worker may still be starting
    fresh = _running(_queued(settings, tasks.add, 3, 4), "w-new", NOW - dt.timedelta(seconds=10))

    assert tasks_reap(stale_after=30, attempts=2, now=NOW) == []

    assert DBTaskResult.objects.get(pk=beating.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=fresh.pk).status == "RUNNING"
    assert WorkerBeat.objects.get(pk="w-live").stopped_at is None


def _matching_run(coordinator: Any) -> MatchingRun:
    return MatchingRun.objects.create(
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        created_by=coordinator,
        status=RunStatus.RUNNING,
        progress=60,
        progress_message="Solving",
    )


def test_a_matching_run_lost_with_its_worker_is_requeued_then_fails_visibly(settings):
    run = _matching_run(UserFactory(role=Role.COORDINATOR))
    row = _running(
        _queued(settings, matching_tasks.matching_run, run.pk), "w-1", NOW - dt.timedelta(hours=1)
    )

    tasks_reap(stale_after=30, attempts=2, now=NOW)

    run.refresh_from_db()
    assert (run.status, run.progress, run.progress_message) == ("queued", 0, "Queued again")
    _running(DBTaskResult.objects.get(pk=row.pk), "w-2", NOW - dt.timedelta(minutes=1))
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    tasks_reap(stale_after=30, attempts=2, now=NOW)

    run.refresh_from_db()
    assert (run.status, run.error) == (
        "failed",
        "The worker running it (w-2) stopped answering; attempt 2 of 2.",
    )


def test_a_coordinator_retries_a_failed_task_and_the_trail_says_so(settings):
    coordinator = UserFactory(role=Role.COORDINATOR)
    failed = DBTaskResult.objects.get(pk=enqueue(tasks.refuse, "no").id)
    settings.ARRAIGO_TASKS_SYNC = False

    task = task_retry(actor=coordinator, task_id=str(failed.pk))

    task.refresh_from_db()
    assert (task.status, task.traceback, task.exception_class_path, task.finished_at) == (
        "READY",
        "",
        "",
        None,
    )
    assert task.worker_ids == ["inline"]  # the earlier attempt stays on record
    entry = LogEntry.objects.get(additional_data__event="task_retry")
    assert (entry.actor, entry.object_pk) == (coordinator, str(task.pk))


def test_a_retried_task_runs_again_and_counts_its_attempts():
    coordinator = UserFactory(role=Role.COORDINATOR)
    failed = DBTaskResult.objects.get(pk=enqueue(tasks.refuse, "no").id)

    task_retry(actor=coordinator, task_id=str(failed.pk))

    failed.refresh_from_db()
    assert (failed.status, failed.worker_ids) == ("FAILED", ["inline", "inline"])


def test_retrying_a_failed_matching_run_shows_it_queued_again(settings):
    coordinator = UserFactory(role=Role.COORDINATOR)
    run = _matching_run(coordinator)
    row = _running(
        _queued(settings, matching_tasks.matching_run, run.pk), "w-1", NOW - dt.timedelta(hours=1)
    )
    tasks_reap(stale_after=30, attempts=1, now=NOW)
    run.refresh_from_db()
    assert run.status == "failed"

    task_retry(actor=coordinator, task_id=str(row.pk))

    run.refresh_from_db()
    assert (run.status, run.error) == ("queued", "")


def test_only_a_failed_task_can_be_retried(settings):
    coordinator = UserFactory(role=Role.COORDINATOR)
    done = enqueue(tasks.add, 1, 1)

    with pytest.raises(InvalidTransition):
        task_retry(actor=coordinator, task_id=str(done.id))


@pytest.mark.parametrize(
    "role", [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_other_roles_cannot_retry(role):
    failed = enqueue(tasks.refuse, "no")

    with pytest.raises(NotPermitted):
        task_retry(actor=UserFactory(role=role), task_id=str(failed.id))

    assert DBTaskResult.objects.get(pk=failed.id).status == "FAILED"


def test_a_worker_that_starts_again_under_its_name_is_alive_again():
    worker_started(worker_id="w", host="h", pid=1)
    WorkerBeat.objects.filter(pk="w").update(stopped_at=timezone.now(), stop_reason="stopped")

    worker_started(worker_id="w", host="h", pid=2)

    beat = WorkerBeat.objects.get(pk="w")
    assert (beat.pid, beat.stopped_at, beat.stop_reason) == (2, None, "")
