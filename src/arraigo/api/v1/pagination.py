"""Cursor pagination, one helper for every list of the API.

A list is read in a stable order: a column and the id, both descending or both ascending
(registration time then id for households...). The cursor is the last row's (column, id),
base64 of JSON, opaque to callers: the next page starts strictly after it, so rows added or
removed meanwhile never shift a page, and each page is one query whatever the page number.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.core.errors import ValidationFailed

M = TypeVar("M", bound=Model)

LIMIT_DEFAULT = 25
LIMIT_MAX = 100


@dataclass(frozen=True)
class Order:
    """The list's order: `key`, a column of the model (None: the id alone), then the id."""

    key: str | None
    descending: bool = True

    def fields(self) -> list[str]:
        sign = "-" if self.descending else ""
        names = [self.key, "id"] if self.key else ["id"]
        return [f"{sign}{name}" for name in names]


@dataclass(frozen=True)
class CursorPage(Generic[M]):
    rows: list[M]
    next: str | None


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def cursor_encode(key_value: Any, pk: int) -> str:
    raw = json.dumps([_cell(key_value), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _refused() -> ValidationFailed:
    return ValidationFailed({"cursor": [_("This cursor is not one the API gave: start again.")]})


def _storable(text: str) -> bool:
    """Whether a database can compare with `text`: no NUL (PostgreSQL refuses it) and no
    unpaired surrogate (a JSON escape can spell one; UTF-8 cannot encode it)."""
    return "\x00" not in text and not any("\ud800" <= char <= "\udfff" for char in text)


def cursor_decode(cursor: str, qs: QuerySet[Any], order: Order) -> tuple[Any, int]:
    """The (key value, id) a cursor holds, the key as its column's Python value."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key_value, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise _refused() from exc
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise _refused()
    if order.key is None:
        return None, pk
    if key_value is None or isinstance(key_value, bool | list | dict):
        raise _refused()
    try:
        value = qs.model._meta.get_field(order.key).to_python(key_value)
    except Exception as exc:  # a value its column cannot hold
        raise _refused() from exc
    if value is None or (isinstance(value, str) and not _storable(value)):
        raise _refused()
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value, pk


def _after(order: Order, key_value: Any, pk: int) -> Q:
    way = "lt" if order.descending else "gt"
    if order.key is None:
        return Q(**{f"pk__{way}": pk})
    return Q(**{f"{order.key}__{way}": key_value}) | Q(**{order.key: key_value, f"pk__{way}": pk})


def cursor_page(
    qs: QuerySet[M], order: Order, *, cursor: str | None, limit: int = LIMIT_DEFAULT
) -> CursorPage[M]:
    """One page of `qs` in `order`: at most `limit` rows (1 to LIMIT_MAX) after `cursor`, and
    the cursor of the next page (None on the last). One query (plus the queryset's
    prefetches)."""
    limit = max(1, min(limit, LIMIT_MAX))
    if cursor:
        key_value, pk = cursor_decode(cursor, qs, order)
        qs = qs.filter(_after(order, key_value, pk))
    rows = list(qs.order_by(*order.fields())[: limit + 1])
    if len(rows) <= limit:
        return CursorPage(rows=rows, next=None)
    rows = rows[:limit]
    last = rows[-1]
    key_value = getattr(last, order.key) if order.key else None
    return CursorPage(rows=rows, next=cursor_encode(key_value, last.pk))
