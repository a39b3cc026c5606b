"""`arraigo simulate`: a synthetic year of weekly arrivals replayed; the dynamic mode and
greedy placement against the hindsight optimum."""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.optimiser import Params
from arraigo.optimiser.dynamic import DynamicParams, SimulationReport, simulate_year
from arraigo.optimiser.synthetic import synthetic_year

METHODS = ("hindsight", "dynamic", "greedy")


def _checked(options: dict[str, Any]) -> None:
    """Refuse arguments the simulation cannot use, naming the option."""
    for name, least in (("households", 1), ("weeks", 1), ("samples", 1), ("threads", 0)):
        if options[name] < least:
            raise CommandError(
                f"--{name} must be at least {least} (got {options[name]})", returncode=2
            )
    scale = options["price_scale"]
    if not math.isfinite(scale) or scale < 0:
        raise CommandError(f"--price-scale must be a number ≥ 0 (got {scale})", returncode=2)
    if options["planned"] is not None:
        if options["no_plan"]:
            raise CommandError("--planned and --no-plan cannot be used together", returncode=2)
        if options["planned"] < 1:
            raise CommandError(
                f"--planned must be at least 1 (got {options['planned']})", returncode=2
            )


def _rows(report: SimulationReport) -> list[dict[str, Any]]:
    totals = {"hindsight": report.hindsight, **report.totals}
    placed = {"hindsight": report.hindsight_placed, **report.placed}
    return [
        {
            "method": method,
            "total": round(totals[method], 2),
            "share": round(totals[method] / report.hindsight, 4) if report.hindsight else 0.0,
            "placed": placed[method],
            "seconds": round(report.seconds[method], 1),
        }
        for method in METHODS
    ]


class Command(BaseCommand):
    help = (
        "Replay a synthetic year of weekly arrivals against annual capacity and print the "
        "share of the hindsight optimum reached by the dynamic mode and by greedy placement."
    )
    requires_system_checks: list[str] = []  # synthetic data in, no database or URL involved

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = DynamicParams()
        parser.add_argument(
            "--households", type=int, default=1500, help="Arrivals in the year (default 1500)."
        )
        parser.add_argument("--weeks", type=int, default=52, help="Weeks in the year (default 52).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the year and of the sampling (default 1)."
        )
        parser.add_argument(
            "--samples",
            type=int,
            default=defaults.samples,
            help=f"Sampled futures per weekly batch (default {defaults.samples}).",
        )
        parser.add_argument(
            "--price-scale",
            type=float,
            default=defaults.price_scale,
            help=f"Multiplier of the averaged duals (default {defaults.price_scale}).",
        )
        parser.add_argument(
            "--planned",
            type=int,
            default=None,
            help="Arrivals the annual plan expects (default: --households, the plan is met).",
        )
        parser.add_argument(
            "--no-plan",
            action="store_true",
            help="No annual plan: futures are sized by the weekly rate observed so far.",
        )
        parser.add_argument(
            "--threads", type=int, default=0, help="HiGHS threads (default 0: HiGHS decides)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON line instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        _checked(options)
        households: int = options["households"]
        planned = None if options["no_plan"] else (options["planned"] or households)
        year = synthetic_year(households, weeks=options["weeks"], seed=options["seed"])
        params = DynamicParams(
            samples=options["samples"],
            price_scale=options["price_scale"],
            seed=options["seed"],
            mip=Params(time_limit=20.0, gap=1e-4, threads=options["threads"]),
        )
        report = simulate_year(
            year.instance,
            year.arrival_weeks,
            params=params,
            hindsight_params=Params(time_limit=60.0, gap=1e-4, threads=options["threads"]),
            planned_arrivals=planned,
        )
        rows = _rows(report)
        if options["json"]:
            line = {
                "households": report.households,
                "weeks": report.weeks,
                "cities": len(year.instance.cities),
                "seed": options["seed"],
                "samples": params.samples,
                "price_scale": params.price_scale,
                "planned": planned,
                "hindsight_gap": report.hindsight_gap,
                "methods": {row.pop("method"): row for row in rows},
                "waited": report.waited,
                "mean_wait": round(report.mean_wait, 2),
            }
            self.stdout.write(json.dumps(line))
            return
        plan = "none (observed rate)" if planned is None else str(planned)
        self.stdout.write(
            f"Simulated year: {report.households} households, {report.weeks} weeks, "
            f"{len(year.instance.cities)} cities; {params.samples} sampled futures, "
            f"price scale {params.price_scale}, plan {plan}"
        )
        self.stdout.write(f"{'method':<10} {'total':>10} {'share':>7} {'placed':>7} {'seconds':>8}")
        for row in rows:
            self.stdout.write(
                f"{row['method']:<10} {row['total']:>10.2f} {row['share']:>7.4f} "
                f"{row['placed']:>7} {row['seconds']:>8.1f}"
            )
        self.stdout.write(
            f"dynamic: {report.waited} households placed after waiting, "
            f"{report.mean_wait:.1f} weeks on average; "
            f"{report.households - report.placed['dynamic']} never placed"
        )
