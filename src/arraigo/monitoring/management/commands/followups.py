"""`arraigo followups import FILE.csv [--replace]` and `arraigo followups export --out FILE`:
follow-up answers in the interchange format (docs/monitoring.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.accounts.actor import command_actor
from arraigo.accounts.audit import audit_event
from arraigo.core.errors import ValidationFailed
from arraigo.monitoring.answers import followup_export_rows
from arraigo.monitoring.interchange import FOLLOWUP_COLUMNS
from arraigo.monitoring.services_followups import FollowUpsRefused, followups_import


class Command(BaseCommand):
    help = (
        "Import or export follow-up answers, one row per member per household per round: "
        f"{','.join(FOLLOWUP_COLUMNS)}. An import with any bad row writes nothing and exits 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser("import", help="read answers from a CSV file")
        read.add_argument("file")
        read.add_argument(
            "--replace", action="store_true", help="overwrite stored answers that differ"
        )
        read.add_argument("--user", help="who imports (default: the first coordinator)")
        write = sub.add_parser("export", help="write every stored answer to a CSV file")
        write.add_argument("--out", required=True)
        write.add_argument("--user", help="who exports (default: the first coordinator)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["user"])
        if options["action"] == "export":
            self._export(actor, Path(options["out"]))
            return
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read it: {exc}", returncode=2) from None
        try:
            result = followups_import(
                actor=actor, text=text, filename=str(path), replace=options["replace"]
            )
        except FollowUpsRefused as refused:
            for line in refused.problems:
                self.stderr.write(line)
            raise CommandError(
                f"{path}: refused, nothing written ({len(refused.problems)} problem(s))",
                returncode=2,
            ) from None
        except ValidationFailed as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(
            f"{path}: {result.rows} rows: {result.created} new, {result.unchanged} unchanged, "
            f"{result.replaced} replaced"
        )

    def _export(self, actor: Any, out: Path) -> None:
        if not actor.has_perm("monitoring.export_records"):
            raise CommandError(f"{actor.username} may not export survey answers")
        count = 0
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(FOLLOWUP_COLUMNS)
            for row in followup_export_rows():
                writer.writerow(row)
                count += 1
        audit_event(
            actor=actor, obj=actor, event="export", details={"what": "followups", "rows": count}
        )
        self.stdout.write(f"{out}: {count} answers")
