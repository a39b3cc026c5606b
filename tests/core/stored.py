"""What the database itself holds, read past the models (encrypted columns: raw tokens)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from arraigo.core.fieldcrypto import EncryptedTextField, fields_of_kind


def stored(table: str, column: str, pk: int) -> Any:
    """The raw value of one column of one row."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        row = cursor.fetchone()
    assert row is not None, f"no row {pk} in {table}"
    return row[0]


def stored_set() -> dict[tuple[str, str, int], str]:
    """Every non-empty value of every encrypted column, raw, by (table, column, id)."""
    found: dict[tuple[str, str, int], str] = {}
    quote = connection.ops.quote_name
    for field in fields_of_kind(EncryptedTextField):
        table, column = field.model._meta.db_table, str(field.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608
            found |= {(table, column, pk): value for pk, value in cursor.fetchall() if value}
    return found
