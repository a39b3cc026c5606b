"""`arraigo backup --out FILE [--encrypt]`: the whole database into one file
(docs/operations.md, "Backups"); `--new-key` prints a key for ARRAIGO_BACKUP_KEY."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.core.backup_files import KEY_VARIABLE, BackupFileError, new_key
from arraigo.core.backups import ENGINES, BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database into one file (SQLite or PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="the backup file to write")
        parser.add_argument(
            "--encrypt", action="store_true", help=f"encrypt with the key in {KEY_VARIABLE}"
        )
        parser.add_argument(
            "--new-key", action="store_true", help=f"print a new key for {KEY_VARIABLE} and stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        out: Path | None = options["out"]
        if out is None:
            raise CommandError("Give the file to write: --out FILE.")
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent} is not a folder.")
        try:
            description = backup(out, encrypt=options["encrypt"])
        except (BackupError, BackupFileError) as error:
            raise CommandError(str(error)) from error
        migrations = sum(len(names) for names in description.schema.values())
        state = "encrypted" if description.encrypted else "not encrypted"
        self.stdout.write(
            f"Backed up the {ENGINES[description.engine]} database to {out} "
            f"({out.stat().st_size:,} bytes, {state}, {migrations} migrations applied)."
        )
