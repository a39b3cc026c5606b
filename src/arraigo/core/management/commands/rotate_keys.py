"""`arraigo rotate-keys`: every value encrypted at rest written again with the first key of
ARRAIGO_FIELD_KEYS; `--rehash` also takes the lookup hashes again with the current
ARRAIGO_HASH_KEY; `--new-key` prints a key. The steps: docs/security.md, "Encryption at rest"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arraigo.core.fieldcrypto import hashes_recompute, values_rotate
from arraigo.core.fieldkeys import FIELD_KEYS, HASH_KEY, FieldDecryptError, new_key


class Command(BaseCommand):
    verbosity = 1
    help = (
        f"Re-encrypt every encrypted value with the first key of {FIELD_KEYS} (the others "
        f"still read); --rehash: recompute the lookup hashes with {HASH_KEY}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rehash",
            action="store_true",
            help=f"also recompute every lookup hash with the current {HASH_KEY}",
        )
        parser.add_argument(
            "--new-key",
            action="store_true",
            help=f"print a new key (for {FIELD_KEYS} or {HASH_KEY}) and stop",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        try:
            rotated = values_rotate(progress=self._progress)
            for where, count in rotated.items():
                self.stdout.write(f"{where}: {count:,} values encrypted with the first key.")
            if options["rehash"]:
                hashed = hashes_recompute(progress=self._progress)
                for where, count in hashed.items():
                    self.stdout.write(f"{where}: {count:,} hashes changed.")
        except FieldDecryptError as error:
            raise CommandError(str(error)) from error

    def _progress(self, where: str, done: int, total: int) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  {where}: {done:,} of {total:,} rows")
