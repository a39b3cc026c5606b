"""`arraigo notify`: queues the notifications for the workers, or sends them at once (--now)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from arraigo.casefile.services import transfer_request

from .world import World, emails_for_everyone

pytestmark = pytest.mark.django_db


def _notify(*args: str) -> str:
    out = StringIO()
    call_command("notify", *args, stdout=out)
    return out.getvalue()


def test_by_default_the_events_are_queued_for_the_workers(settings: Any) -> None:
    settings.ARRAIGO_TASKS_SYNC = False

    output = _notify()

    row = DBTaskResult.objects.get()
    assert output == f"notifications: queued for the workers (task {row.id})\n"
    assert (row.task_path, row.args_kwargs, row.status) == (
        "arraigo.notifications.tasks.send_due_notifications",
        {"args": [], "kwargs": {}},
        "READY",
    )
    assert mail.outbox == []


def test_the_digest_is_queued_for_its_day(settings: Any) -> None:
    settings.ARRAIGO_TASKS_SYNC = False

    output = _notify("--digest", "--today", "2026-04-01")

    row = DBTaskResult.objects.get()
    assert output == f"daily digest of 2026-04-01: queued for the workers (task {row.id})\n"
    assert (row.task_path, row.args_kwargs) == (
        "arraigo.notifications.tasks.send_daily_digest",
        {"args": ["2026-04-01"], "kwargs": {}},
    )


def test_the_digest_day_is_today_unless_given(settings: Any) -> None:
    settings.ARRAIGO_TASKS_SYNC = False

    _notify("--digest")

    assert DBTaskResult.objects.get().args_kwargs["args"] == [timezone.localdate().isoformat()]


def test_now_sends_in_this_process_and_says_how_many(world: World) -> None:
    transfer_request(
        actor=world.origin, household=world.ana, to_office=world.palenque, reason="Family."
    )
    emails_for_everyone()

    assert _notify("--now") == "notifications: 2 message(s) to 2 user(s)\n"
    assert _notify("--now") == "notifications: 0 message(s) to 0 user(s)\n"
    assert _notify("--digest", "--today", "2026-04-01", "--now") == (
        "daily digest of 2026-04-01: 3 message(s) to 3 user(s)\n"
    )
    assert len(mail.outbox) == 5
    assert not DBTaskResult.objects.exists()


def test_a_day_goes_with_the_digest_only_and_must_be_a_date() -> None:
    with pytest.raises(CommandError, match="--today goes with --digest"):
        _notify("--today", "2026-04-01")
    with pytest.raises(CommandError, match="not a date"):
        _notify("--digest", "--today", "1 April")
