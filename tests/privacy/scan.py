"""Searching the whole database for values: every column of every table, by raw SQL.

The tables are those the database itself lists (connection.introspection), not the models, so
a table no model describes (a full-text index, a many-to-many table, a third-party app's) is
searched too. Text is compared without regard to case; binary columns are searched for the
value's UTF-8 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from arraigo.core.fieldcrypto import EncryptedTextField, fields_of_kind


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(cursor, table: str) -> list[tuple[str, bool]]:
    """(column, is binary) of `table`."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return [(name, kind == "bytea") for name, kind in cursor.fetchall()]
    cursor.execute(f"PRAGMA table_info({_quote(table)})")
    return [(row[1], "BLOB" in (row[2] or "").upper()) for row in cursor.fetchall()]


def _hit(cursor, table: str, column: str, binary: bool, needle: str) -> bool:
    col, tab = _quote(column), _quote(table)
    if connection.vendor == "postgresql":
        if binary:
            sql = f"SELECT 1 FROM {tab} WHERE position(%s::bytea in {col}) > 0 LIMIT 1"  # noqa: S608
            cursor.execute(sql, [needle.encode()])
        else:
            sql = f"SELECT 1 FROM {tab} WHERE CAST({col} AS TEXT) ILIKE %s LIMIT 1"  # noqa: S608
            cursor.execute(sql, [f"%{needle}%"])
        return cursor.fetchone() is not None
    if binary:
        sql = f"SELECT 1 FROM {tab} WHERE instr({col}, %s) > 0 LIMIT 1"  # noqa: S608
        cursor.execute(sql, [needle.encode()])
    else:
        # LIKE is case-insensitive for ASCII only: lower() both sides for the rest.
        sql = f"SELECT 1 FROM {tab} WHERE lower(CAST({col} AS TEXT)) LIKE lower(%s) LIMIT 1"  # noqa: S608
        cursor.execute(sql, [f"%{needle}%"])
    return cursor.fetchone() is not None


def database_holds(needles: Iterable[str]) -> list[str]:
    """Where any of `needles` is found: "table.column: needle" for each hit."""
    needles = list(needles)
    found = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor, include_views=False)):
            for column, binary in _columns(cursor, table):
                for needle in needles:
                    if _hit(cursor, table, column, binary, needle):
                        found.append(f"{table}.{column}: {needle}")
    return found


def encrypted_columns_hold(needles: Iterable[str]) -> list[str]:
    """Where any of `needles` is found in an encrypted column, read decrypted through its model.

    The raw search above cannot read these columns (it sees tokens), so they are read here.
    """
    needles = [needle.lower() for needle in needles]
    found = []
    for field in fields_of_kind(EncryptedTextField):
        model = field.model
        for value in model._default_manager.values_list(field.name, flat=True):
            text = (value or "").lower()
            found += [
                f"{model._meta.db_table}.{field.column}: {needle}"
                for needle in needles
                if needle in text
            ]
    return sorted(set(found))
