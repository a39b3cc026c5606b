"""`arraigo ledger --month YYYY-MM`: the ledger of one month, entries and totals."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.relocation.budget_report import ledger_totals
from arraigo.relocation.forms.budget import MONTH_RE
from arraigo.relocation.ledger_export import csv_lines
from arraigo.relocation.models import LedgerEntry

COLUMNS = (
    ("date", 10),
    ("kind", 11),
    ("category", 9),
    ("amount", 12),
    ("city", 14),
    ("household", 16),
    ("source", 12),
    ("description", 0),
)


def _money(value: Any) -> str:
    return f"{value:,.2f}"


class Command(BaseCommand):
    help = (
        "Print the ledger of one month (every commitment and expenditure, in order) and its "
        "totals by cost category. --format csv prints the same columns as the web export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-03")
        parser.add_argument("--format", choices=("table", "csv"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        match = MONTH_RE.match(options["month"])
        if match is None:
            raise CommandError(f"not a month (YYYY-MM): {options['month']!r}")
        year, month = int(match.group(1)), int(match.group(2))
        entries = (
            LedgerEntry.objects.filter(booked_on__year=year, booked_on__month=month)
            .select_related("city", "office", "household", "created_by")
            .order_by("booked_on", "id")
        )
        if options["format"] == "csv":
            for line in csv_lines(entries):
                self.stdout.write(line, ending="")
            return
        self._table(options["month"], entries)

    def _table(self, label: str, entries: Any) -> None:
        totals = ledger_totals(entries)
        self.stdout.write(f"Ledger {label}: {totals.entries} entries (MXN)")
        self.stdout.write(self._line([name for name, _width in COLUMNS]))
        for entry in entries:
            self.stdout.write(
                self._line(
                    [
                        entry.booked_on.isoformat(),
                        entry.kind,
                        entry.category,
                        _money(entry.amount),
                        entry.city.name,
                        entry.household.code,
                        entry.source,
                        entry.description,
                    ]
                )
            )
        self.stdout.write("")
        self.stdout.write(f"{'totals':<22}{'committed':>14}{'spent':>14}")
        for code, _label, committed, spent in totals.by_category:
            self.stdout.write(f"{code:<22}{_money(committed):>14}{_money(spent):>14}")
        self.stdout.write(f"{'all':<22}{_money(totals.committed):>14}{_money(totals.spent):>14}")

    @staticmethod
    def _line(cells: list[str]) -> str:
        parts = []
        for (name, width), cell in zip(COLUMNS, cells, strict=True):
            if name == "amount":
                parts.append(cell.rjust(width))
            elif width:
                parts.append(cell[:width].ljust(width))
            else:
                parts.append(cell)
        return "  ".join(parts).rstrip()
