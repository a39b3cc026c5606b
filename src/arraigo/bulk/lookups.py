"""Rows whose column is one of many values (an import's thousands of references or document
numbers): on PostgreSQL in one query, the values sent as one array (`= ANY(%s)`; an IN list
of thousands of parameters costs more to build and send than the lookup itself); elsewhere
in IN lists of CHUNK."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

CHUNK = 2000


def rows_in(
    qs: QuerySet[Any], column: str, values: Sequence[Any], fields: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`fields` of the rows of `qs` whose `column` (of its own table) is one of `values`."""
    if not values:
        return []
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        where = f"{quote(qs.model._meta.db_table)}.{quote(column)} = ANY(%s)"
        # the table and column are the model's, quoted; the values go as one parameter
        matched = qs.filter(RawSQL(where, (list(values),), output_field=BooleanField()))  # noqa: S611
        return list(matched.values_list(*fields))
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found += qs.filter(**{f"{column}__in": chunk}).values_list(*fields)
    return found
