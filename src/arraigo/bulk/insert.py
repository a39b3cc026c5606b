"""Inserting many rows fast, inside the caller's transaction: COPY on PostgreSQL, executemany
elsewhere. Keys are taken up front (`ids_take`) so the writer can link children to parents
without reading anything back.

PostgreSQL: keys come from the table's own sequence (`nextval` once per row, in one query), so
a registration made by someone else meanwhile takes the next free key as always; rows go in
with COPY ... FROM STDIN through psycopg. SQLite: the writer's transaction holds the database's
write lock from its start (transaction_mode IMMEDIATE), so the keys after the largest are
free until it commits.

Nothing passes through model signals: django-auditlog records no row of an import. The
import's one audit entry (services) says who imported what and how many rows of each kind.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models

from arraigo.core.fieldcrypto import EncryptedTextField, encrypted_value

BATCH = 5000


def ids_take(model: type[models.Model], count: int) -> list[int]:
    """`count` unused primary keys of `model`'s table, ascending."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cursor.fetchone()[0] or 0
    return list(range(top + 1, top + 1 + count))


def _adapter(field: models.Field[Any, Any]) -> Any:
    if isinstance(field, EncryptedTextField):
        return encrypted_value  # identity document numbers (docs/security.md)
    if isinstance(field, models.JSONField):
        # rows often share one value (the same rule results): each object is dumped once
        dumped: dict[int, tuple[Any, str]] = {}

        def dump(value: Any) -> str:
            found = dumped.get(id(value))
            if found is None or found[0] is not value:
                found = dumped[id(value)] = (value, json.dumps(value))
            return found[1]

        return dump
    if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField) and connection.vendor != "postgresql":
        return lambda value: value.isoformat() if isinstance(value, dt.date) else value
    return None


def rows_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values in the order of `columns`: attnames such as "household_id", and
    "id" unless the table's sequence numbers them); every other column of the table must be
    given. Returns how many rows went in."""
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    fields = [by_name[name] for name in columns]
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(str(f.column)) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY is not part of the DB API
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if adapters:
                        row = list(row)
                        for i, adapt in adapters:
                            if row[i] is not None:
                                row[i] = adapt(row[i])
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        for row in rows:
            if adapters:
                row = list(row)
                for i, adapt in adapters:
                    if row[i] is not None:
                        row[i] = adapt(row[i])
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def dicts_insert(
    model: type[models.Model], ids: Sequence[int] | None, rows: Iterable[dict[str, Any]]
) -> int:
    """Insert rows given as {attname: value} (the registry's `*_values` builders), all with
    the keys of the first, numbered `ids` (as many as the rows), or with None by the table's
    own sequence as they go in (for rows nothing written after them refers to: no keys to
    fetch first)."""
    source = iter(rows)
    first = next(source, None)
    if first is None:
        return 0
    columns = list(first)
    take = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    every = itertools.chain([first], source)
    if ids is None:
        return rows_insert(model, columns, (take(row) for row in every))
    return rows_insert(
        model,
        ["id", *columns],
        ([pk, *take(row)] for pk, row in zip(ids, every, strict=True)),
    )
