"""`arraigo surveys xlsform|import-kobo`: a round's XLSForm, or its KoboToolbox submissions."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from arraigo.accounts.actor import command_actor
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.monitoring.indicators import ROUNDS
from arraigo.monitoring.instruments import survey_instruments
from arraigo.monitoring.services_kobo import kobo_import
from arraigo.monitoring.xlsform import xlsform_bytes

REFUSED = 2


class Command(BaseCommand):
    help = (
        "Survey instruments. 'xlsform' writes a round's XLSForm for KoboToolbox or ODK; "
        "'import-kobo' imports a KoboToolbox export of that round's submissions (CSV or XLSX), "
        "all or nothing: any wrong row refuses the file (exit 2, each problem printed as "
        "FILE:ROW: column: reason); submissions imported before are skipped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{xlsform,import-kobo}"
        )
        form = actions.add_parser("xlsform", help="write a round's XLSForm")
        form.add_argument("--round", required=True, choices=ROUNDS)
        form.add_argument("--out", required=True, help="the .xlsx file to write")
        kobo = actions.add_parser("import-kobo", help="import a KoboToolbox export")
        kobo.add_argument("file", help="the export: .csv or .xlsx")
        kobo.add_argument("--round", required=True, choices=ROUNDS)
        kobo.add_argument("--user", help="who imports (default: the first coordinator)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "xlsform":
            self._xlsform(options["round"], Path(options["out"]))
        else:
            self._import(Path(options["file"]), options["round"], options.get("user"))

    def _xlsform(self, round_code: str, out: Path) -> None:
        instruments = survey_instruments()
        try:
            content = xlsform_bytes(instruments, round_code)
        except KeyError:
            raise CommandError(f"no survey instrument for the round {round_code}") from None
        out.write_bytes(content)
        self.stdout.write(f"wrote {out} (form arraigo_{round_code}, {instruments.version})")

    def _import(self, path: Path, round_code: str, username: str | None) -> None:
        actor = command_actor(username)
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            with path.open("rb") as file:
                report = kobo_import(actor=actor, round=round_code, file=file, filename=str(path))
        except NotPermitted as exc:
            raise CommandError(f"{actor.username}: {exc.message}") from exc
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        if report.refused:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"refused: {len(report.problems)} problem(s); nothing was imported",
                returncode=REFUSED,
            )
        self.stdout.write(
            f"{path}: {report.submissions} submission(s): {report.imported} imported "
            f"({report.answers} member answers), {report.skipped} already imported before"
        )
