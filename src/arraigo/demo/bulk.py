"""Fast inserts for the seed: plain tuples through `executemany`, ids chosen up front.

Django's bulk_create builds a model instance per row and compiles SQL per batch of ~999
parameters on SQLite; for the ~150,000 rows of a 5,000-household demo that dominates the
seed's time. Here each column's value is adapted once by the backend's own adapters (dates,
aware datetimes, decimals, JSON) and rows go in large batches. Ids are assigned from the
table's current maximum inside the seed's transaction, then the backend's sequence is moved
past them (PostgreSQL), so later inserts through the ORM continue the numbering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 5000
Adapter = Callable[[Any], Any]
M = TypeVar("M", bound=models.Model)


def _adapter(field: models.Field[Any, Any]) -> Adapter | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if not type(field).__module__.startswith("django."):
        # Fields from other packages (phone numbers, countries) store strings: the seed
        # passes them in stored form (E.164, ISO codes); objects go through the field.
        return lambda value: (
            value if isinstance(value, str) else field.get_db_prep_save(value, connection)
        )
    return None


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = timezone.now()
    else:
        value = field.get_default()
    return field.get_db_prep_save(value, connection)


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
    fields: list[models.Field[Any, Any]] = []
    for name in columns:
        field = meta.pk if name == "id" else meta.get_field(name.removesuffix("_id"))
        if not isinstance(field, models.Field):
            raise TypeError(f"{model.__name__}.{name} is not a concrete column.")
        fields.append(field)
    # Columns the caller left out get their field's default (fields added to a model later
    # keep the seed working); auto_now fields get the current time.
    others = [
        f
        for f in meta.concrete_fields
        if not f.primary_key and f.attname not in columns and f.name not in columns
    ]
    fixed = [_default(f) for f in others]
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f))]
    quote = connection.ops.quote_name
    # Table and column names come from the model, quoted; values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(str(f.column)) for f in [*fields, *others]),
        ", ".join(["%s"] * (len(columns) + len(others))),
    )
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = [*row, *fixed]
            for i, adapt in adapters:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            batch.append(values)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        if "id" in columns:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(statement)
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
