"""`arraigo restore FILE [--replace]`: load a backup made by `arraigo backup` into the
configured database, then apply any newer migrations (docs/operations.md, "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.core.backup_files import BackupFileError
from arraigo.core.backups import ENGINES, BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `arraigo backup` into the configured database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that is not empty (back it up first)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            restored = restore(path, replace=options["replace"])
        except (BackupError, BackupFileError) as error:
            raise CommandError(str(error)) from error
        made = restored.description
        engine = ENGINES.get(made.engine, made.engine)
        self.stdout.write(
            f"Restored the {engine} backup made on {made.created_at} "
            f"by arraigo {made.arraigo_version}."
        )
        if restored.older:
            self.stdout.write(
                f"The backup predates {len(restored.older)} migrations; applying them now."
            )
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
