"""`arraigo notify`: email what waits for people (docs/notifications.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arraigo.core.management.dates import command_date
from arraigo.notifications.errors import DeliveryFailed
from arraigo.notifications.queue import notify_enqueue
from arraigo.notifications.services import digest_send, notifications_send


class Command(BaseCommand):
    help = (
        "Email notifications. Without --digest: the referrals, grants and transfers that "
        "started waiting in the last 7 days, to the people who act on them and were not told "
        "yet (run every 10 minutes). With --digest: the daily digest of overdue milestones and "
        "follow-up surveys due (run once a day, in the morning). Queued for the background "
        "workers (arraigo worker) unless --now. Safe to run again: nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--digest", action="store_true", help="send the daily digest instead of the events"
        )
        parser.add_argument("--today", help="the digest's day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--now", action="store_true", help="send in this process instead of queueing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        digest = options["digest"]
        if options["today"] and not digest:
            raise CommandError("--today goes with --digest")
        day = command_date(options["today"]) if options["today"] else timezone.localdate()
        what = f"daily digest of {day:%Y-%m-%d}" if digest else "notifications"
        if not options["now"]:
            task_id = notify_enqueue(day if digest else None)
            self.stdout.write(f"{what}: queued for the workers (task {task_id})")
            return
        try:
            result = digest_send(today=day) if digest else notifications_send(now=timezone.now())
        except DeliveryFailed as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{what}: {result.messages} message(s) to {result.users} user(s)")
