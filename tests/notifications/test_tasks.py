"""The notifications as background tasks: run by a worker, named on the background jobs page."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from arraigo.background.kinds import kind_of
from arraigo.background.models import TaskProgress
from arraigo.notifications import tasks

from .world import TODAY, World, emails_for_everyone

pytestmark = pytest.mark.django_db


def test_the_digest_task_sends_the_days_digest_and_reports_progress(world: World) -> None:
    emails_for_everyone()

    task_id = tasks.notify_later(TODAY)

    # ARRAIGO_TASKS_SYNC: the worker's code ran it at once, in this process
    row = DBTaskResult.objects.get(pk=task_id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", {"messages": 3, "users": 3})
    assert len(mail.outbox) == 3
    progress = TaskProgress.objects.get(task_id=task_id)
    assert (progress.percent, progress.message) == (
        100,
        "3/3",
    )  # the caseworkers and the coordinator


def test_the_events_task_sends_what_waits(world: World) -> None:
    task_id = tasks.notify_later(None)

    row = DBTaskResult.objects.get(pk=task_id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", {"messages": 0, "users": 0})


def test_the_jobs_page_names_each_task() -> None:
    events = kind_of("arraigo.notifications.tasks.send_due_notifications")
    digest = kind_of("arraigo.notifications.tasks.send_daily_digest")

    assert str(events.label) == "Email notifications"
    assert str(digest.label) == "Daily digest email"
    assert digest.title_for(["2026-04-01"], {}) == "Daily digest of April 1, 2026"
