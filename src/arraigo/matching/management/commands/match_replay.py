"""`arraigo match-replay RUN`: re-solve a finished run from the instance it stored, compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.core.errors import ArraigoError
from arraigo.matching.models import MatchingRun
from arraigo.matching.services import matching_run_replay


def _num(value: float | None, places: int = 4) -> str:
    return "-" if value is None else f"{value:.{places}f}"


class Command(BaseCommand):
    help = (
        "Solve a finished matching run again from the instance it stored (whatever the "
        "database holds now) and compare the placement, jobs and objective with the run's. "
        "Exits with status 1 when they differ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run", type=int, help="the matching run's number")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = MatchingRun.objects.get(pk=options["run"])
        except MatchingRun.DoesNotExist as exc:
            raise CommandError(f"no matching run {options['run']}") from exc
        try:
            replay = matching_run_replay(run=run)
        except ArraigoError as exc:
            raise CommandError(exc.message) from exc
        result = replay.result
        self.stdout.write(
            f"run {run.pk}: replayed: status {result.status}; assigned {result.assigned} "
            f"(stored {run.assigned}); objective {_num(result.objective)} "
            f"(stored {_num(run.objective)}); {result.seconds:.2f} s"
        )
        if replay.same:
            self.stdout.write(f"run {run.pk}: same placement, jobs and objective as stored")
            return
        for line in replay.differences:
            self.stdout.write(f"  {line}")
        raise CommandError(
            f"run {run.pk}: the replay differs from the stored run "
            f"({len(replay.differences)} differences)",
            returncode=1,
        )
