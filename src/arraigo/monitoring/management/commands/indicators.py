"""`arraigo indicators --from D --to D [--json]`: every outcome indicator for every round
over the interviews dated in the period (monitoring/indicators.py defines them)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.monitoring.answers import indicator_values
from arraigo.monitoring.indicators import definitions_markdown
from arraigo.monitoring.programme import monitoring_rules


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Print every indicator for every round over the interviews dated from --from to --to "
        "(both included): numerator, denominator and value. --definitions prints the table of "
        "definitions (docs/monitoring.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="one JSON object")
        parser.add_argument("--definitions", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = monitoring_rules()
        if options["definitions"]:
            self.stdout.write(definitions_markdown(rules.measures), ending="")
            return
        if not options["date_from"] or not options["date_to"]:
            raise CommandError("give --from and --to (YYYY-MM-DD)")
        date_from, date_to = _day(options["date_from"]), _day(options["date_to"])
        if date_to < date_from:
            raise CommandError("--to is before --from")
        values = indicator_values(date_from, date_to)
        if options["json"]:
            poverty = {
                "amount": float(rules.measures.poverty_line),
                "currency": rules.currency,
                "per": "person per month",
                "source": rules.poverty_source,
                "as_of": rules.poverty_as_of.isoformat(),
            }
            payload = {
                "from": date_from.isoformat(),
                "to": date_to.isoformat(),
                "poverty_line": poverty,
                "indicators": [
                    {
                        "code": v.code,
                        "round": v.round,
                        "numerator": v.numerator,
                        "denominator": v.denominator,
                        "value": v.value,
                    }
                    for v in values
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Indicators {date_from} to {date_to}")
        self.stdout.write(f"{'code':30} {'round':9} {'num':>8} {'den':>8} {'value':>7}")
        for v in values:
            share = "—" if v.value is None else f"{v.value:.1%}"
            line = f"{v.code:30} {v.round:9} {v.numerator:8d} {v.denominator:8d} {share:>7}"
            self.stdout.write(line)
