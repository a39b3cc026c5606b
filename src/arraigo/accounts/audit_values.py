"""The values of the audit trail as people read them.

django-auditlog stores each changed column as the text of its raw value: a foreign key as the
related row's id ("7"), a choice as its code ("in_progress"), a boolean as "True", a date-time
in UTC with microseconds, an empty value as "None". `ValueReader` turns them back into what the
pages show elsewhere: the field's label, the related row's name, the choice's label, yes or no,
dates and times in the programme's time zone and the reader's language, numbers through the
locale. Related rows are fetched in one query per model for a whole page of entries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .audit_labels import FIELD_LABELS

EMPTY = "None"  # how auditlog writes an empty value

_NUMBERS = (models.DecimalField, models.FloatField)


def model_of(entry: LogEntry) -> type[models.Model] | None:
    if entry.content_type_id is None:
        return None
    return entry.content_type.model_class()


def field_of(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The field's label (its verbose name) in the reader's language; the name if it is gone."""
    field = field_of(model, name)
    if field is None:
        return name
    label: Any = field.verbose_name
    if not isinstance(label, Promise):  # Django's English default: see audit_labels
        related = field.related_model if field.is_relation else None
        if isinstance(related, type) and label == str(related._meta.verbose_name):
            label = related._meta.verbose_name  # "household" reads as the model's own name
        else:
            label = FIELD_LABELS.get(label) or _(label)
    return capfirst(str(label))


def _datetime_text(raw: str) -> str:
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    local = timezone.localtime(value).replace(microsecond=0)
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


def _date_text(raw: str) -> str:
    try:
        value = dt.date.fromisoformat(raw[:10])
    except ValueError:
        return raw
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _number_text(raw: str) -> str:
    try:
        return str(formats.localize(Decimal(raw), use_l10n=True))
    except InvalidOperation:
        return raw


def row_text(row: models.Model) -> str:
    """How a related row reads: a person's name for a user account, else the row's text."""
    full_name = getattr(row, "get_full_name", None)
    name = full_name() if callable(full_name) else ""
    return str(name or row)


class ValueReader:
    """Reads the changes of `entries`, with the names of the rows their foreign keys point to."""

    def __init__(self, entries: Iterable[LogEntry] = ()) -> None:
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for entry in entries:
            model = model_of(entry)
            for name, values in (entry.changes_dict or {}).items():
                field = field_of(model, name)
                if field is None or (not field.many_to_one and not field.one_to_one):
                    continue
                related = field.related_model
                if not isinstance(related, type) or not isinstance(values, list | tuple):
                    continue
                wanted[related] |= {str(v) for v in values if v not in (None, "", EMPTY)}
        self._names: dict[type[models.Model], dict[str, str]] = {}
        for related, keys in wanted.items():
            pks = [key for key in keys if key.isdigit()] or list(keys)
            rows = related._default_manager.filter(pk__in=pks)
            self._names[related] = {str(row.pk): row_text(row) for row in rows}

    def _related_text(self, related: type[models.Model], raw: str) -> str:
        names = self._names.get(related)
        if names is None:  # an entry this reader was not given: fetch the row alone
            row = related._default_manager.filter(pk=raw).first()
            names = self._names.setdefault(related, {})
            if row is not None:
                names[raw] = row_text(row)
        return names.get(raw) or _("#%(id)s (no longer exists)") % {"id": raw}

    def text(self, field: models.Field[Any, Any] | None, raw: Any) -> str:
        """One stored value as text; "" for an empty value."""
        if raw is None:
            return ""
        if isinstance(raw, list):
            return ", ".join(filter(None, (self.text(field, value) for value in raw)))
        raw = str(raw)
        if raw == EMPTY:
            return ""
        if field is None or raw == "":
            return raw
        if field.choices:
            return str({str(key): label for key, label in field.flatchoices}.get(raw, raw))
        if isinstance(field, models.BooleanField):
            return {"True": _("yes"), "False": _("no")}.get(raw, raw)
        if (field.many_to_one or field.one_to_one) and isinstance(field.related_model, type):
            return self._related_text(field.related_model, raw)
        if isinstance(field, models.DateTimeField):
            return _datetime_text(raw)
        if isinstance(field, models.DateField):
            return _date_text(raw)
        if isinstance(field, _NUMBERS):
            return _number_text(raw)
        return raw
