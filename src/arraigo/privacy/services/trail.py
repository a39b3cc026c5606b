"""Pseudonymising the audit trail about erased rows.

django-auditlog keeps, for every change of a registered row, the values before and after
(`changes`, `changes_text`, sometimes `serialized_data`), the row's label (`object_repr`) and,
for the project's own events (accounts.audit.audit_event), `additional_data` with the event's
details. For a row the erasure removed, every value becomes ERASED, the label the erasure's
reference, and the details keep only the event's name: the trail still says who created,
changed, read or deleted which kind of row and when, never what it held. Foreign keys keep
their ids (which household, which document type), which say nothing about the person. For a row the
erasure kept and overwrote (the household's tombstone), only the overwritten fields' values
become ERASED.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from arraigo.accounts.audit import AUDIT_TIERS

ERASED = "[erased]"
CHUNK = 500


def _erased_value(value: Any) -> Any:
    if isinstance(value, list):  # [before, after]
        return [ERASED for _item in value]
    if isinstance(value, dict):  # a many-to-many change: {"type": "m2m", "objects": [...]}
        return {**value, "objects": [ERASED]} if "objects" in value else ERASED
    return ERASED


def _references(content_type_id: int) -> set[str]:
    """The fields whose values stay: the model's foreign keys (ids of other rows, which the
    trail's pages name or say no longer exist), and the field of its restricted tier
    (accounts.audit.AUDIT_TIERS), which the trail reads to show the entries of a protection
    note or an SEA report only to those who may see them. Neither says anything of a person."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return set()
    kept = {
        field.name for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one
    }
    tier = AUDIT_TIERS.get(model)
    if tier is not None:
        kept.add(tier.field)
    return kept


def _changes(changes: Any, fields: set[str] | None, keep: set[str]) -> Any:
    if not isinstance(changes, dict):
        return changes
    return {
        name: _erased_value(value)
        if (fields is None or name in fields) and name not in keep
        else value
        for name, value in changes.items()
    }


def _details(data: Any) -> Any:
    if isinstance(data, dict) and "event" in data:
        return {"event": data["event"], "erased": True}
    return None


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = iter(sorted(values))
    while chunk := list(islice(items, CHUNK)):
        yield chunk


def trail_pseudonymise_removed(*, rows: dict[int, set[str]], label: str) -> int:
    """Every entry about the rows (content type id -> primary keys as text): values erased,
    label replaced by `label`, details cut to the event's name. The number of entries."""
    done = 0
    for content_type_id, pks in rows.items():
        keep = _references(content_type_id)
        for chunk in _chunks(pks):
            entries = list(
                LogEntry.objects.filter(content_type_id=content_type_id, object_pk__in=chunk)
            )
            for entry in entries:
                entry.changes = _changes(entry.changes, None, keep)
                entry.changes_text = ""
                entry.serialized_data = None
                entry.object_repr = label
                entry.additional_data = _details(entry.additional_data)
            LogEntry.objects.bulk_update(
                entries,
                ["changes", "changes_text", "serialized_data", "object_repr", "additional_data"],
            )
            done += len(entries)
    return done


def trail_pseudonymise_fields(*, rows: dict[int, dict[str, set[str]]]) -> int:
    """The entries about kept rows (content type id -> primary key -> overwritten fields):
    those fields' values erased, the rest left. The number of entries changed."""
    done = 0
    for content_type_id, by_pk in rows.items():
        keep = _references(content_type_id)
        for chunk in _chunks(by_pk):
            entries = list(
                LogEntry.objects.filter(content_type_id=content_type_id, object_pk__in=chunk)
            )
            changed = []
            for entry in entries:
                fields = by_pk[entry.object_pk]
                if isinstance(entry.changes, dict) and fields & set(entry.changes):
                    entry.changes = _changes(entry.changes, fields, keep)
                    entry.changes_text = ""
                    entry.serialized_data = None
                    changed.append(entry)
            LogEntry.objects.bulk_update(changed, ["changes", "changes_text", "serialized_data"])
            done += len(changed)
    return done
