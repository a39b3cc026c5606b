"""Backups that restore: the whole database into one file (core.backup_files), and back.

SQLite through its online backup API (consistent while the app runs and writes); PostgreSQL
through pg_dump and pg_restore in their custom format (the client tools must match the
server's major version). A restore checks, before touching anything, that the file is a
backup, that it is of the same database engine, that its key is right (the dump is decrypted
and checked whole before it is loaded), that it was not made by a newer version of arraigo
(a migration this code does not know), and that the target is empty unless `replace` is
given; PostgreSQL loads in a single transaction, SQLite copies in one step, so a failed
restore leaves the target as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import backup_files
from .backup_files import BackupFileError, Description

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}  # code -> the name people know


class BackupError(Exception):
    """A backup or restore could not be done; nothing was changed."""


class RestoreRefused(BackupError):
    """The restore would lose data or cannot use this file; nothing was changed."""


@dataclass(frozen=True)
class Restored:
    description: Description
    older: list[str]  # migrations this code has that the backup had not applied yet


def _vendor(settings: dict[str, Any]) -> str:
    engine = str(settings["ENGINE"])
    for name in ENGINES:
        if name in engine:
            return name
    raise RestoreRefused(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _applied() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(default_connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _arraigo_version() -> str:
    try:
        return version("arraigo")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout not installed
        return "unknown"


def backup(out: Path, encrypt: bool = False) -> Description:
    """Write the configured database to `out` (replaced only once the backup is whole)."""
    key = backup_files.key_from_environment(required=True) if encrypt else None
    settings = default_connection.settings_dict
    vendor = _vendor(settings)
    description = Description(
        engine=vendor,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        schema=_applied(),
        encrypted=key is not None,
        arraigo_version=_arraigo_version(),
    )
    with tempfile.TemporaryDirectory(prefix="arraigo-backup-") as work:
        dump = Path(work) / "dump"
        if vendor == "sqlite":
            _dump_sqlite(dump)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump)])
        partial = out.with_name(out.name + ".partial")
        with dump.open("rb") as source, partial.open("wb") as target:
            backup_files.write(target, description, source, key)
        partial.replace(out)
    return description


def _dump_sqlite(dump: Path) -> None:
    default_connection.ensure_connection()
    live = default_connection.connection
    copy = sqlite3.connect(dump)
    try:
        live.backup(copy)
    finally:
        copy.close()


def restore(path: Path, replace: bool = False, target: dict[str, Any] | None = None) -> Restored:
    """Load the backup at `path` into `target` (a DATABASES entry; the configured database
    by default). Refuses, changing nothing, what restore() describes above."""
    settings = target or default_connection.settings_dict
    vendor = _vendor(settings)
    with path.open("rb") as source:
        description = backup_files.read_description(source)
        if description.engine != vendor:
            made, there = ENGINES.get(description.engine, description.engine), ENGINES[vendor]
            raise RestoreRefused(
                f"This backup is of a {made} database and the target is {there}: restore it "
                f"into a {made} database."
            )
        newer = _unknown_migrations(description)
        if newer:
            raise RestoreRefused(
                "This backup was made by a newer version of arraigo: this code does not know "
                f"the migrations {', '.join(newer[:5])}. Install that version to restore it."
            )
        if not replace and not _empty(vendor, settings):
            raise RestoreRefused(
                "The target database is not empty: restoring would overwrite it. Back it up "
                "first, then restore with --replace."
            )
        key = backup_files.key_from_environment(required=description.encrypted)
        with tempfile.TemporaryDirectory(prefix="arraigo-restore-") as work:
            dump = Path(work) / "dump"
            with dump.open("wb") as out:  # decrypted and checked whole before loading
                for chunk in backup_files.read_dump(source, description, key):
                    out.write(chunk)
            if vendor == "sqlite":
                _load_sqlite(dump, settings)
            else:
                _load_postgresql(dump, settings, replace)
    return Restored(description, _older_migrations(description))


def _code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _unknown_migrations(description: Description) -> list[str]:
    known = _code_migrations()
    return sorted(
        f"{app}.{name}"
        for app, names in description.schema.items()
        for name in names
        if (app, name) not in known
    )


def _older_migrations(description: Description) -> list[str]:
    applied = {(app, name) for app, names in description.schema.items() for name in names}
    return sorted(f"{app}.{name}" for app, name in _code_migrations() - applied)


def _empty(vendor: str, settings: dict[str, Any]) -> bool:
    if vendor == "sqlite":
        with _sqlite(settings) as db:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            (tables,) = db.execute(query).fetchone()
        return bool(tables == 0)
    output = _run(
        [
            "psql",
            "-tAc",
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
        ],
        settings,
    )
    return output.strip() == "0"


@contextmanager
def _sqlite(settings: dict[str, Any]) -> Iterator[sqlite3.Connection]:
    """The SQLite database of `settings`: Django's own connection when it is the configured
    one (an in-memory test database is only reachable through it), else a new one."""
    if settings is default_connection.settings_dict:
        default_connection.ensure_connection()
        yield default_connection.connection
        return
    db = sqlite3.connect(str(settings["NAME"]))
    try:
        yield db
    finally:
        db.close()


def _load_sqlite(dump: Path, settings: dict[str, Any]) -> None:
    backup = sqlite3.connect(dump)
    try:
        with _sqlite(settings) as live:
            backup.backup(live)
    finally:
        backup.close()


def _load_postgresql(dump: Path, settings: dict[str, Any], replace: bool) -> None:
    if settings is default_connection.settings_dict:
        default_connection.close()
    clean = ["--clean", "--if-exists"] if replace else []
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    _run(
        [*command, "--single-transaction", *clean, "-d", str(settings["NAME"]), str(dump)], settings
    )


def _run(command: list[str], settings: dict[str, Any] | None = None) -> str:
    """A PostgreSQL client tool against `settings` (the configured database by default)."""
    settings = settings or default_connection.settings_dict
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools of the "
            "server's major version (Debian: postgresql-client)."
        )
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


__all__ = ["BackupError", "BackupFileError", "RestoreRefused", "Restored", "backup", "restore"]
