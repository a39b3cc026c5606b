"""`arraigo turnover`: monthly turnover and retention of placements, as on the turnover page."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from arraigo.accounts.actor import command_actor
from arraigo.jobs.employment_rules import employment_rules
from arraigo.jobs.selectors_placements import turnover_report
from arraigo.jobs.turnover import MonthTurnover

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _rate(month: MonthTurnover) -> float | None:
    return None if month.rate is None else round(month.rate, 4)


class Command(BaseCommand):
    help = (
        "Print the monthly turnover (separations / average headcount) of the months up to "
        "--month, overall and --by sector or employer, and the retention at 1, 3 and 6 "
        "months. Counts every placement (as the first coordinator) unless --user is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="last month, YYYY-MM (default: last full month)")
        parser.add_argument("--months", type=int, default=6, help="how many months (6)")
        parser.add_argument("--by", choices=["sector", "employer"], default="sector")
        parser.add_argument("--today", help="reference date for retention, YYYY-MM-DD")
        parser.add_argument("--user", help="username whose scope to count")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        today = (
            dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        )
        month = options["month"] or (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        if not MONTH.match(month):
            raise CommandError(f"--month must be YYYY-MM, not {month!r}")
        rules = employment_rules()
        report = turnover_report(
            command_actor(options["user"]),
            last_month=month,
            count=max(1, options["months"]),
            today=today,
            marks=rules.retention_months,
        )
        groups = report.by_sector if options["by"] == "sector" else report.by_employer
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "months": report.months,
                        "overall": [self._month(m) for m in report.overall],
                        "by": options["by"],
                        "groups": {g: [_rate(m) for m in ms] for g, ms in groups.items()},
                        "retention": {
                            str(r.months): {"cohort": r.cohort, "retained": r.retained}
                            for r in report.retention
                        },
                        "benchmark": rules.benchmark_rate,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self._table(report.months, report.overall, groups, rules.benchmark_rate)
        self.stdout.write("")
        self.stdout.write("retention  placements  in work  share")
        for line in report.retention:
            share = "-" if line.rate is None else f"{100 * line.rate:.1f}%"
            self.stdout.write(
                f"{line.months:>2} months  {line.cohort:>10}  {line.retained:>7}  {share}"
            )

    @staticmethod
    def _month(m: MonthTurnover) -> dict[str, Any]:
        return {
            "month": m.month,
            "headcount_start": m.headcount_start,
            "headcount_end": m.headcount_end,
            "separations": m.separations,
            "rate": _rate(m),
        }

    def _table(
        self,
        months: list[str],
        overall: list[MonthTurnover],
        groups: dict[str, list[MonthTurnover]],
        benchmark: float,
    ) -> None:
        def cell(m: MonthTurnover) -> str:
            return "-" if m.rate is None else f"{100 * m.rate:.1f}%"

        self.stdout.write("month    start    end  separations  turnover")
        for m in overall:
            self.stdout.write(
                f"{m.month}  {m.headcount_start:>5}  {m.headcount_end:>5}  {m.separations:>11}  "
                f"{cell(m):>8}"
            )
        self.stdout.write(f"benchmark (industrial sector): {100 * benchmark:.1f}% a month")
        self.stdout.write("")
        width = max((len(name) for name in groups), default=10)
        self.stdout.write(" " * width + "".join(f"{m:>9}" for m in months))
        for name, series in groups.items():
            self.stdout.write(f"{name:<{width}}" + "".join(f"{cell(m):>9}" for m in series))
