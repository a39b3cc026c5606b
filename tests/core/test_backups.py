"""Backups that restore, on the database the suite runs on (SQLite, and PostgreSQL in CI):
seed, back up, restore into an empty database, and every table has the same rows; a
restore refuses, changing nothing, a backup of the other engine, one made by a newer
version, a wrong key, and a target that is not empty unless told to replace it."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from arraigo.core import backup_files
from arraigo.core.backup_files import BackupFileError
from arraigo.core.backups import RestoreRefused, backup, restore

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _rows(cursor: Any, table: str) -> tuple[int, str]:
    """A table's row count and a checksum of its rows (on PostgreSQL each row as the server
    writes it as text, so no client's loaders come between)."""
    text = f'"{table}"::text' if connection.vendor == "postgresql" else "*"
    cursor.execute(f'SELECT {text} FROM "{table}"')  # noqa: S608 - the database's own tables
    rows = sorted(repr(row) for row in cursor.fetchall())
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _tables(cursor: Any) -> dict[str, tuple[int, str]]:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = [name for (name,) in cursor.fetchall()]
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        names = [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]
    return {name: _rows(cursor, name) for name in names}


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The settings of an empty database of the suite's engine, dropped afterwards."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
        yield settings
        return
    settings["NAME"] = f"arraigo_restore_{uuid.uuid4().hex[:10]}"
    with _server(connection.settings_dict) as server:
        server.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    yield settings
    with _server(connection.settings_dict) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def _server(settings: dict[str, Any], name: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(
        dbname=name,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
        options="-c TimeZone=UTC",  # as Django's connection
    )


def _target_tables(settings: dict[str, Any]) -> dict[str, tuple[int, str]]:
    if connection.vendor == "sqlite":
        # with the declared types read as Django's own connection reads them
        db = sqlite3.connect(
            settings["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        try:
            return _tables(db.cursor())
        finally:
            db.close()
    with _server(settings, settings["NAME"]) as db, db.cursor() as cursor:
        return _tables(cursor)


@pytest.mark.parametrize("encrypt", [False, True])
def test_seed_back_up_restore_into_an_empty_database_and_every_table_is_the_same(
    tmp_path, empty_target, encrypt, monkeypatch
):
    monkeypatch.setenv("ARRAIGO_BACKUP_KEY", backup_files.new_key())
    call_command("seed", households=12, seed=3, stdout=io.StringIO())
    with connection.cursor() as cursor:
        before = _tables(cursor)
    assert before["registry_household"][0] == 12

    made = backup(tmp_path / "one.arraigo", encrypt=encrypt)
    restored = restore(tmp_path / "one.arraigo", target=empty_target)

    assert made.encrypted is encrypt
    assert restored.older == []
    assert _target_tables(empty_target) == before


def test_a_restore_refuses_a_target_that_is_not_empty_unless_told_to_replace(
    tmp_path, empty_target
):
    call_command("seed", households=3, seed=3, stdout=io.StringIO())
    backup(tmp_path / "one.arraigo")
    restore(tmp_path / "one.arraigo", target=empty_target)
    with pytest.raises(RestoreRefused, match="not empty"):
        restore(tmp_path / "one.arraigo", target=empty_target)
    restore(tmp_path / "one.arraigo", target=empty_target, replace=True)
    assert _target_tables(empty_target)["registry_household"][0] == 3


def _rewritten(path: Path, out: Path, **changes: Any) -> Path:
    """The backup at `path` with its description changed."""
    with path.open("rb") as source:
        description = backup_files.read_description(source)
        dump = source.read()
    fields = description.__dict__ | changes
    with out.open("wb") as target:
        target.write(backup_files.MAGIC + backup_files.Description(**fields).as_json() + dump)
    return out


def test_a_backup_made_by_a_newer_version_is_refused_and_nothing_is_written(tmp_path, empty_target):
    backup(tmp_path / "one.arraigo")
    with (tmp_path / "one.arraigo").open("rb") as source:
        schema = backup_files.read_description(source).schema
    newer = _rewritten(
        tmp_path / "one.arraigo",
        tmp_path / "newer.arraigo",
        schema=schema | {"registry": [*schema["registry"], "0099_from_the_future"]},
    )
    with pytest.raises(RestoreRefused, match=r"newer version.*registry\.0099_from_the_future"):
        restore(newer, target=empty_target)
    assert _target_tables(empty_target) == {}


def test_a_backup_of_the_other_engine_is_refused(tmp_path, empty_target):
    backup(tmp_path / "one.arraigo")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    moved = _rewritten(tmp_path / "one.arraigo", tmp_path / "other.arraigo", engine=other)
    with pytest.raises(RestoreRefused, match="restore it into a"):
        restore(moved, target=empty_target)


def test_a_wrong_key_changes_nothing(tmp_path, empty_target, monkeypatch):
    monkeypatch.setenv("ARRAIGO_BACKUP_KEY", backup_files.new_key())
    backup(tmp_path / "one.arraigo", encrypt=True)
    monkeypatch.setenv("ARRAIGO_BACKUP_KEY", backup_files.new_key())
    with pytest.raises(BackupFileError, match="not the one it was made with"):
        restore(tmp_path / "one.arraigo", target=empty_target)
    assert _target_tables(empty_target) == {}


def test_the_commands_say_what_they_did_and_refuse_clearly(tmp_path, monkeypatch):
    out = io.StringIO()
    call_command("backup", out=tmp_path / "one.arraigo", stdout=out)
    assert out.getvalue().startswith(
        f"Backed up the {'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'} database to "
    )
    with pytest.raises(CommandError, match="Give the file to write"):
        call_command("backup")
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.arraigo"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "one.arraigo"))
    monkeypatch.delenv("ARRAIGO_BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="set ARRAIGO_BACKUP_KEY"):
        call_command("backup", out=tmp_path / "two.arraigo", encrypt=True)
    assert not (tmp_path / "two.arraigo").exists()
