"""`arraigo solve DIR`: a plain-file placement instance solved, one JSON line printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.optimiser import InstanceError, Method, Params, place
from arraigo.optimiser.csvfiles import InstanceFileError, assignment_write, instance_read


def _rounded(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


class Command(BaseCommand):
    help = (
        "Solve a CSV placement instance (households.csv, locations.csv, scores.csv) and print "
        "one JSON line: status, objective, bound, gap, assigned, seconds."
    )
    requires_system_checks: list[str] = []  # plain files in, no database or URL involved

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Folder holding the three CSV files.")
        parser.add_argument("--time-limit", type=float, default=60.0, help="Seconds (default 60).")
        parser.add_argument(
            "--gap", type=float, default=0.0, help="Relative gap at which to stop (default 0)."
        )
        parser.add_argument(
            "--out", type=Path, default=None, help="Write household_id,location_id here."
        )
        parser.add_argument(
            "--method",
            choices=[m.value for m in Method],
            default="auto",
            help=(
                "exact: the full MIP; columns: column generation then rounding, for large "
                "instances; greedy: the baseline; auto (default): exact when small, else columns."
            ),
        )
        parser.add_argument("--greedy", action="store_true", help="Same as --method greedy.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            instance = instance_read(folder)
            method = Method.GREEDY if options["greedy"] else Method(options["method"])
            params = Params(time_limit=options["time_limit"], gap=options["gap"])
            result = place(instance, params, method=method)
        except (InstanceFileError, InstanceError) as error:
            raise CommandError(str(error), returncode=2) from error
        if options["out"] is not None:
            order = [h.id for h in instance.households]
            assignment_write(options["out"], result.assignment, order)
        line = {
            "status": str(result.status),
            "objective": _rounded(result.objective, 6),
            "bound": _rounded(result.bound, 6),
            "gap": result.gap,
            "assigned": result.assigned,
            "seconds": round(result.seconds, 3),
        }
        self.stdout.write(json.dumps(line))
