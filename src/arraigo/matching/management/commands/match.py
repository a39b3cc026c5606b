"""`arraigo match`: run the matching for a capacity period now, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.accounts.actor import command_actor
from arraigo.core.errors import ArraigoError, ValidationFailed
from arraigo.core.management.dates import command_date
from arraigo.matching import labels
from arraigo.matching.models import Objective, RunStatus
from arraigo.matching.report import SUMMARY_GROUPS
from arraigo.matching.services import (
    matching_run_create,
    matching_run_execute,
    matching_run_start,
)


def _num(value: float | None, places: int = 4) -> str:
    return "-" if value is None else f"{value:.{places}f}"


class Command(BaseCommand):
    help = (
        "Propose a host city and jobs for every profiled household waiting for relocation, "
        "within the capacity of a period. Runs as the first coordinator unless --user is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period-start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--period-end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--objective", choices=Objective.values, default="any_employed")
        parser.add_argument("--preference-weight", type=float, default=0.1)
        parser.add_argument("--specific-needs-floor", type=int, default=0)
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds")
        parser.add_argument("--user", help="username of the coordinator launching the run")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the run for the background workers (arraigo worker) and return at once",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["user"])
        floor = options["specific_needs_floor"]
        try:
            run = matching_run_create(
                actor=actor,
                period_start=command_date(options["period_start"]),
                period_end=command_date(options["period_end"]),
                parameters={
                    "objective": options["objective"],
                    "preference_weight": options["preference_weight"],
                    "floors": {"specific_needs": floor} if floor else {},
                    "time_limit": options["time_limit"],
                },
            )
        except ValidationFailed as exc:
            raise CommandError(
                "; ".join(m for messages in exc.errors.values() for m in messages)
            ) from exc
        except ArraigoError as exc:
            raise CommandError(exc.message) from exc
        if options["queue"]:
            matching_run_start(run=run)
            self.stdout.write(f"run {run.pk}: queued for the workers")
            return
        self.stdout.write(f"run {run.pk}: queued")

        def progress(percent: int, message: str) -> None:
            self.stdout.write(f"run {run.pk}: {percent:3d}% {message}")

        try:
            run = matching_run_execute(run_id=run.pk, on_progress=progress)
        except Exception as exc:
            raise CommandError(f"run {run.pk} failed: {exc}") from exc
        if run.status != RunStatus.DONE:
            raise CommandError(f"run {run.pk} ended {run.status}: {run.error}")
        gain = run.gain_over_greedy
        self.stdout.write(
            f"status {run.termination}; assigned {run.assigned} of {run.households_considered}; "
            f"objective {_num(run.objective)}; bound {_num(run.bound)}; gap {_num(run.gap)}; "
            f"greedy {_num(run.greedy_objective)}"
            + (f" (gain {gain:+.2%})" if gain is not None else "")
            + f"; {_num(run.seconds, 2)} s; model {run.model_version} ({run.model_kind})"
        )
        for key in SUMMARY_GROUPS:
            rows = run.summary.get(key, [])
            text = ", ".join(f"{r['group']} {r['placed']}/{r['households']}" for r in rows)
            self.stdout.write(f"{key}: {text}")
        for line in capacity_lines(run.summary):
            self.stdout.write(line)


def capacity_lines(summary: dict[str, Any]) -> list[str]:
    """What kept households out: the reasons counted, then each capacity that stopped them and
    the cities where it did (what they had left before the run, what the run used)."""
    reasons: dict[str, int] = {}
    for item in summary.get("unplaced", []):
        reasons[item["reason"]] = reasons.get(item["reason"], 0) + 1
    if not reasons:
        return []
    lines = [
        "left out: "
        + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items(), key=lambda r: -r[1]))
    ]
    capacity = summary.get("capacity") or {}
    if capacity.get("stopped"):
        lines.append(f"stopped by capacity: {capacity['stopped']} households")
        for row in capacity["dimensions"]:
            cities = ", ".join(
                f"{c['city']} ({c['left']} available, {c['used']} taken by this run)"
                for c in row["cities"]
            )
            lines.append(
                f"  {labels.dimension_label(row['dimension'])} short for {row['households']} "
                f"households in {len(row['cities'])} cities: {cities}"
            )
    return lines
