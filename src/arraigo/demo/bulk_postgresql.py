"""The seed's bulk writing on PostgreSQL (bulk.py calls these there): rows by COPY, and a
household table's indexes and foreign keys set aside while its rows go in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

# Memory for building an index (PostgreSQL's default, 64 MB, sorts a trigram index of a
# 100,000-household demo's names on disk).
INDEX_BUILD_MEMORY = "256MB"


@contextmanager
def indexes_and_keys_deferred(models_: Sequence[type[models.Model]]) -> Iterator[None]:
    """bulk.indexes_deferred on PostgreSQL: the indexes that back no constraint (the trigram
    indexes of the name search among them) are dropped, then created again from their
    definitions (pg_get_indexdef), in the caller's transaction. The tables' foreign keys
    likewise: dropped, then added again, which checks every row in one query instead of
    one lookup per inserted row (as pg_restore does).

    A table's indexes cannot change while it has foreign key checks pending (Django's keys
    are checked at commit): they are checked before each change (SET CONSTRAINTS ALL
    IMMEDIATE, then DEFERRED again), the same checks the commit would make.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _keys_checked(cursor)
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
            "ORDER BY i.relname",
            [[model._meta.db_table for model in models_]],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'f' AND t.relname = ANY(%s) "
            "AND t.relnamespace = current_schema()::regnamespace ORDER BY t.relname, c.conname",
            [[model._meta.db_table for model in models_]],
        )
        keys = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for table, name, _sql in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        _keys_checked(cursor)
        cursor.execute("SET LOCAL maintenance_work_mem = %s", [INDEX_BUILD_MEMORY])
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")
        # Each key checks every row of its table at once as it is added (a dangling key
        # still fails the seed). The definition is PostgreSQL's own text of the constraint.
        for table, name, sql in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {sql}")


def _keys_checked(cursor: Any) -> None:
    """PostgreSQL: the deferred foreign key checks made now, then deferred again."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def copy_rows(cursor: Any, statement: str, batches: Iterable[list[Sequence[Any]]]) -> int:
    """The rows (adapted, in batches) through one COPY ... FROM STDIN (psycopg's own
    cursor: COPY is not part of the DB API), a fraction of the time of one INSERT per row."""
    count = 0
    with cursor.cursor.copy(statement) as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    return count


def copy_update(
    cursor: Any,
    meta: Any,
    fields: list[models.Field[Any, Any]],
    batches: Iterable[list[Sequence[Any]]],
) -> int:
    """The new values (adapted, in batches, each row's id last) COPYed into a temporary
    table of the same column types, then one UPDATE ... FROM it (one UPDATE per row would
    make a round trip each)."""
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))
    columns = [quote(str(f.column)) for f in fields]
    scratch = quote(f"{meta.db_table}_seed_update")
    # Names are the model's, quoted; values go through COPY.
    cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {scratch} AS "  # noqa: S608
        f"SELECT {', '.join(columns)}, {pk} FROM {table} LIMIT 0"
    )
    count = copy_rows(cursor, f"COPY {scratch} FROM STDIN", batches)
    cursor.execute(
        f"UPDATE {table} SET {', '.join(f'{c} = s.{c}' for c in columns)} "  # noqa: S608
        f"FROM {scratch} s WHERE {table}.{pk} = s.{pk}"
    )
    cursor.execute(f"DROP TABLE {scratch}")
    return count
