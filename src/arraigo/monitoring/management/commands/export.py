"""`arraigo export people --out FILE.csv`: one row per person of every household, in the
interchange format (docs/monitoring.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.accounts.actor import command_actor
from arraigo.accounts.audit import audit_event
from arraigo.monitoring.answers import people_rows
from arraigo.monitoring.interchange import PEOPLE_COLUMNS


class Command(BaseCommand):
    help = (
        "Export data in an interchange format. 'people': one row per person of every "
        f"household, columns {','.join(PEOPLE_COLUMNS)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=("people",))
        parser.add_argument("--out", required=True, help="the CSV file to write")
        parser.add_argument("--user", help="who exports (default: the first coordinator)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["user"])
        if not actor.has_perm("monitoring.export_records"):
            raise CommandError(f"{actor.username} may not export people's records")
        out = Path(options["out"])
        count = 0
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(PEOPLE_COLUMNS)
            for row in people_rows():
                writer.writerow(row)
                count += 1
        audit_event(
            actor=actor, obj=actor, event="export", details={"what": "people", "rows": count}
        )
        self.stdout.write(f"{out}: {count} people")
