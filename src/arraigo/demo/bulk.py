"""Fast inserts for the seed: plain tuples through `executemany` (COPY on PostgreSQL), ids
chosen up front.

Django's bulk_create builds a model instance per row and compiles SQL per batch of ~999
parameters on SQLite; for the millions of rows of a 100,000-household demo that would be most
of the seed's time. Here rows come as tuples or as the apps' `*_values` dicts, each column's
value is adapted by the backend's own adapters (dates, aware datetimes, decimals, JSON; aware
datetimes on SQLite by a shortcut that gives the same text) and rows go in large batches. Ids
are assigned from the table's current maximum inside the seed's transaction, then the
backend's sequence is moved past them (PostgreSQL), so later inserts through the ORM continue
the numbering.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from arraigo.core.fieldcrypto import EncryptedTextField, encrypted_value

from .bulk_postgresql import copy_rows, copy_update, indexes_and_keys_deferred

BATCH = 5000
# SQLite's page cache while the seed writes (KiB): the indexes of a 100,000-household demo
# outgrow the default 2 MB, and every insert then reads its index pages back from the file.
SQLITE_CACHE_KIB = 512 * 1024
Adapter = Callable[[Any], Any]
M = TypeVar("M", bound=models.Model)


@contextmanager
def bulk_writing() -> Iterator[None]:
    """A large SQLite page cache on this connection while the block runs, then the old one.

    Memory only: durability is unchanged (the seed is one transaction either way).
    """
    if connection.vendor != "sqlite":
        yield
        return
    # On the driver's connection: a pragma is not part of the transaction, and the old size
    # must come back even when the block failed and Django refuses queries until rollback.
    connection.ensure_connection()
    sqlite = connection.connection
    (previous,) = sqlite.execute("PRAGMA cache_size").fetchone()
    sqlite.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        sqlite.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def foreign_keys_unchecked() -> Iterator[bool]:
    """On SQLite, outside a transaction: the foreign keys of the rows inserted in the block
    are not looked up row by row; yields whether the checks are off. The caller then checks
    every table at once (connection.check_constraints(), as loaddata does) before its
    transaction commits, so a dangling key still fails the seed.

    SQLite looks up the referenced row of every key of every inserted row (four for a
    milestone); one check at the end reads each table once instead. Inside a transaction
    (a test's) SQLite cannot turn the checks off, and rows are checked as they go in.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield False
        return
    unchecked = connection.disable_constraint_checking()
    try:
        yield unchecked
    finally:
        if unchecked:
            connection.enable_constraint_checking()


@contextmanager
def indexes_deferred(*models_: type[models.Model]) -> Iterator[None]:
    """On SQLite and PostgreSQL, the tables' own indexes are dropped while the block inserts,
    then created again from their stored definitions: one sort per index instead of a B-tree
    update per row. Unique indexes check their rows when they are built, so a duplicate still
    fails the seed. Indexes that are part of a table (primary keys, unique constraints) stay.

    Full-text indexes kept by triggers (FTS5 tables whose content is one of the tables, such
    as the household search's) are deferred the same way: the triggers that feed them are
    dropped while the block runs, then created again, and each index is rebuilt from its
    table at once. Triggers that do anything else stay and fire row by row.

    Dropping and creating indexes is part of the seed's transaction: if the block fails,
    rolling the transaction back brings the indexes back too.
    """
    if connection.vendor == "postgresql":
        with indexes_and_keys_deferred(models_):
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    quote = connection.ops.quote_name
    indexes: list[tuple[str, str]] = []
    texts: list[str] = []  # full-text indexes to rebuild
    triggers: list[tuple[str, str]] = []  # the triggers that feed them
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = %s ORDER BY name",
                [table],
            )
            indexes += cursor.fetchall()
            found = _text_indexes(cursor, table)
            texts += found
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = %s ORDER BY name",
                [table],
            )
            triggers += [
                (name, sql)
                for name, sql in cursor.fetchall()
                if any(re.search(rf"\b{re.escape(text)}\b", sql) for text in found)
            ]
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
        for _name, sql in triggers:
            cursor.execute(sql)
        for text in texts:
            # FTS5's own command: index every row of the content table again (the name is
            # the schema's, quoted).
            rebuild = f"INSERT INTO {quote(text)}({quote(text)}) VALUES ('rebuild')"  # noqa: S608
            cursor.execute(rebuild)


def _text_indexes(cursor: Any, table: str) -> list[str]:
    """The FTS5 tables whose content is `table` (external content: rowid = the table's id)."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE %s ORDER BY name",
        ["CREATE VIRTUAL TABLE%"],
    )
    content = re.compile(rf"""\bcontent\s*=\s*['"]?{re.escape(table)}['"]?[\s,)]""", re.I)
    return [
        name
        for name, sql in cursor.fetchall()
        if re.search(r"\busing\s+fts5\b", sql, re.I) and content.search(sql)
    ]


class _SqliteDatetime:
    """Aware datetimes as the SQLite backend stores them (UTC, naive, str()), faster.

    Django converts through timezone.make_naive and str(); the text is the UTC time's
    isoformat with a space, which is what this returns. Rows often repeat a moment (a
    person's created_at and updated_at, a household's documents), so the last one is kept.
    """

    def __init__(self) -> None:
        self.last: Any = None
        self.text = ""

    def __call__(self, value: Any) -> Any:
        if value is self.last:
            return self.text
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            return connection.ops.adapt_datetimefield_value(value)
        self.last = value
        self.text = value.astimezone(dt.UTC).isoformat(" ").removesuffix("+00:00")
        return self.text


def _adapter(field: models.Field[Any, Any], moments: _SqliteDatetime) -> Adapter | None:
    """How a value of `field` goes to the driver; None where the driver takes it as it is.
    `moments` converts the aware datetimes of every column of the insert (SQLite)."""
    if isinstance(field, EncryptedTextField):
        # document numbers, notes, reports: encrypted here, as a save would (docs/security.md)
        return encrypted_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if not type(field).__module__.startswith("django."):
        # Fields from other packages (phone numbers, countries) store strings: the seed
        # passes them in stored form (E.164, ISO codes); objects go through the field.
        return lambda value: (
            value if isinstance(value, str) else field.get_db_prep_save(value, connection)
        )
    ops = connection.ops
    if connection.vendor not in {"sqlite", "postgresql"}:
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        return None
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        in_utc = settings.USE_TZ and connection.timezone_name == "UTC"
        return moments if in_utc else ops.adapt_datetimefield_value
    # psycopg adapts dates, datetimes and decimals itself (Django's adapters return them as
    # they are); the sqlite3 driver writes dates and decimals with the adapters Django
    # registers for it, which give the text Django's own adapters would.
    return None


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = timezone.now()
    else:
        value = field.get_default()
    return field.get_db_prep_save(value, connection)


def _fields(model: type[models.Model], columns: Sequence[str]) -> list[models.Field[Any, Any]]:
    """The concrete fields of `columns` (attnames such as "household_id", "id" or names)."""
    meta = model._meta
    by_name: dict[str, models.Field[Any, Any]] = {"id": meta.pk}
    for field in meta.concrete_fields:
        by_name[field.name] = by_name[field.attname] = field
    missing = [name for name in columns if name not in by_name]
    if missing:
        raise TypeError(f"{model.__name__} has no column {', '.join(missing)}.")
    return [by_name[name] for name in columns]


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of `model`'s table."""
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(top or 0) + 1


def rows_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values in the order of `columns`, field attnames such as
    "household_id"; include "id" to choose the keys). Returns the number of rows."""
    meta = model._meta
    fields = _fields(model, columns)
    # Columns the caller left out get their field's default (fields added to a model later
    # keep the seed working); auto_now fields get the current time.
    chosen = {f.attname for f in fields}
    others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in chosen]
    fixed = [_default(f) for f in others]
    moments = _SqliteDatetime()
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f, moments))]
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted; values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(str(f.column)) for f in [*fields, *others]),
        ", ".join(["%s"] * (len(fields) + len(others))),
    )
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(quote(str(f.column)) for f in [*fields, *others])
            statement = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
            count = copy_rows(cursor, statement, _batches(rows, adapters, fixed))
        else:
            for batch in _batches(rows, adapters, fixed):
                cursor.executemany(sql, batch)
                count += len(batch)
        if "id" in columns:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(statement)
    return count


def _batches(
    rows: Iterable[Sequence[Any]], adapters: list[tuple[int, Adapter]], fixed: list[Any]
) -> Iterator[list[Sequence[Any]]]:
    """The rows, adapted and completed with the fixed values, in lists of BATCH."""
    batch: list[Sequence[Any]] = []
    for row in rows:
        if adapters or fixed:
            values = [*row, *fixed]
            for i, adapt in adapters:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            row = values
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def values_insert(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, first_id: int | None = None
) -> int:
    """Insert rows given as {attname: value} (the apps' `*_values` builders), each with the
    keys of the first; with `first_id`, numbered first_id, first_id + 1, ... in order."""
    if not rows:
        return 0
    columns = list(rows[0])
    take = itemgetter(*columns)
    if len(columns) == 1:
        return rows_insert(model, columns, ((take(r),) for r in rows))
    if first_id is None:
        return rows_insert(model, columns, (take(r) for r in rows))
    numbered = ((number, *take(r)) for number, r in enumerate(rows, first_id))
    return rows_insert(model, ["id", *columns], numbered)


def rows_update(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set `columns` of existing rows: each row is the new values in the order of `columns`,
    then the row's id. Returns the number of rows given."""
    meta = model._meta
    fields = _fields(model, columns)
    moments = _SqliteDatetime()
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f, moments))]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(f"{quote(str(f.column))} = %s" for f in fields),
        quote(str(meta.pk.column)),
    )
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return copy_update(cursor, meta, fields, _batches(rows, adapters, []))
        for batch in _batches(rows, adapters, []):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def objects_insert(model: type[M], objects: list[M]) -> list[M]:
    """Insert unsaved model instances (every concrete field), giving them ids in order.

    For tables of a few thousand rows where building instances is handy (vacancies);
    auto_now fields left empty get the current time.
    """
    meta = model._meta
    first = next_id(model)
    now = timezone.now()
    fields = list(meta.concrete_fields)
    stamps = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for offset, obj in enumerate(objects):
        obj.pk = first + offset
        for name in stamps:
            if getattr(obj, name) is None:
                setattr(obj, name, now)
        obj._state.adding = False
    columns = ["id" if f.primary_key else f.attname for f in fields]
    rows_insert(model, columns, ([getattr(o, f.attname) for f in fields] for o in objects))
    return objects
