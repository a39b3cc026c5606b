"""`arraigo import households|employers|vacancies|providers FILE`: a CSV or XLSX file, all or
nothing (docs/imports.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from arraigo.accounts.actor import command_actor
from arraigo.bulk.models import ImportKind
from arraigo.bulk.services import import_now
from arraigo.core.errors import NotPermitted, ValidationFailed

REFUSED = 1


class Command(BaseCommand):
    help = (
        "Import households (one row per person), employers, vacancies or service providers "
        "from a CSV or XLSX file, all or nothing: every problem is printed as ROW:COLUMN: "
        "message and nothing is written (exit 1). Likely duplicates are printed before "
        "writing and recorded for review. Records imported before are skipped. The template "
        "and the columns: docs/imports.md, or the import page."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument(
            "--as", dest="username", help="who imports (default: the first coordinator)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report only; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options.get("username"))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            job, report = import_now(
                actor=actor,
                kind=options["kind"],
                filename=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except NotPermitted as exc:
            raise CommandError(f"{actor.username}: {exc.message}") from exc
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        for line in report.duplicates:
            self.stdout.write(f"{path.name}:{line} [likely duplicate]")
        if report.refused:
            for problem in sorted(report.problems):
                self.stderr.write(f"{path.name}:{problem}")
            raise CommandError(
                f"refused: {len(report.problems)} problem(s); nothing was imported",
                returncode=REFUSED,
            )
        counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(f"{path.name}: {counts}; {report.skipped} imported before (skipped)")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")
        else:
            written = ", ".join(f"{n} {what}" for what, n in report.written.items() if n)
            self.stdout.write(f"import {job.pk}: written {written or 'nothing'}")
