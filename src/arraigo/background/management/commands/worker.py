"""`arraigo worker`: run background tasks (matching runs, imports, exports, notifications)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.background.worker import beat_seconds, stale_seconds, worker_id_new, worker_run


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue until stopped (SIGTERM or Ctrl+C let the "
        "current task finish). Start as many as you like, on one machine or several: each task "
        "runs once, and the task of a worker that dies is requeued by another."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", default="*", help="queues to take tasks from, comma-separated (default: all)"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued, then stop (for a timer)"
        )
        parser.add_argument("--max-tasks", type=int, help="stop after this many tasks")
        parser.add_argument("--worker-id", help="a name unique to this worker (default: host-pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            raise CommandError("--interval cannot be negative")
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be at least 1")
        worker_id = options["worker_id"] or worker_id_new()
        if not 0 < len(worker_id) <= 64:
            raise CommandError("--worker-id must have 1 to 64 characters")
        for name in ("django_tasks", "django_tasks_db"):
            if options["verbosity"] >= 1 and logging.getLogger(name).level == logging.NOTSET:
                logging.getLogger(name).setLevel(logging.INFO)
        self.stdout.write(
            f"worker {worker_id}: heartbeat every {beat_seconds():g} s, "
            f"dead after {stale_seconds():g} s (Ctrl+C stops it)"
        )
        worker_run(
            worker_id=worker_id,
            queue_names=options["queue"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
        )
