"""Reads on the audit trail, for users allowed to see it (coordinators and auditors)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .audit import AUDIT_TIERS
from .audit_values import ValueReader, field_label, field_of, model_of
from .models import User

AUDIT_PERMISSION = "accounts.view_audit_trail"

# Filter values for the kind of entry: the change actions, then the events written by
# audit_event (they all have the ACCESS action and say which in additional_data["event"]).
ACTIONS: dict[str, int] = {
    "create": LogEntry.Action.CREATE,
    "update": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
    "access": LogEntry.Action.ACCESS,
}
EVENTS: tuple[str, ...] = (
    "view",
    "export",
    "login",
    "logout",
    "login_failed",
    "login_locked",
    "sign_in_unlocked",
    "password_changed",
    "password_reset",
    "second_factor_enrolled",
    "second_factor_verified",
    "second_factor_failed",
    "second_factor_reset",
    "recovery_codes_renewed",
    "erasure",
    "retention",
    "duplicate_merge",
    "duplicate_dismiss",
    "consent_override",
    "refused",
    "followups_import",
    "kobo_import",
    "task_retry",
    "import",
    "download",
    "kobo_submission",
    "kobo_retry",
    "kobo_secret_renewed",
    "webhook_retry",
    "webhook_secret_renewed",
)


def may_read_audit_trail(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(AUDIT_PERMISSION))


def audit_content_types() -> list[ContentType]:
    """The kinds of object on the trail: every audited model, and users (logins, exports)."""
    models = [*auditlog.get_models(), User]
    by_model = ContentType.objects.get_for_models(*models)
    return sorted(by_model.values(), key=lambda ct: (ct.app_label, ct.model))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _restricted_entries(user: User) -> Q | None:
    """Entries about objects of a restricted tier `user` lacks (None: there are none).

    An object belongs to the tier while it exists, and for good once its creation or deletion
    entry recorded the tier's value (so the entries of a deleted object stay hidden too).
    """
    hidden: Q | None = None
    for model, tier in AUDIT_TIERS.items():
        if user.has_perm(tier.permission):
            continue
        content_type = ContentType.objects.get_for_model(model)
        rows = model._default_manager.filter(**{tier.field: tier.value}).values("pk")
        recorded = LogEntry.objects.filter(
            Q(action=LogEntry.Action.CREATE, **{f"changes__{tier.field}__1": tier.value})
            | Q(action=LogEntry.Action.DELETE, **{f"changes__{tier.field}__0": tier.value}),
            content_type=content_type,
        ).values("object_id")
        about = Q(content_type=content_type) & (Q(object_id__in=rows) | Q(object_id__in=recorded))
        hidden = about if hidden is None else hidden | about
    return hidden


def audit_entries_for(user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[LogEntry]:
    """Entries newest first, for users who may read the trail (nobody else sees any).

    Entries about a protection-sensitive note or a report of sexual exploitation or abuse are
    left out for those who may not see that tier, as if they did not exist.

    filters: actor (part of a username), action (a key of ACTIONS or one of EVENTS),
    content_type (id), object_id (the object's primary key), date_from and date_to (dates,
    both days included, in the site's time zone).
    """
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if not may_read_audit_trail(user):
        return qs.none()
    if (hidden := _restricted_entries(user)) is not None:
        qs = qs.exclude(hidden)
    filters = filters or {}
    if actor := filters.get("actor"):
        qs = qs.filter(actor__username__icontains=actor)
    action = filters.get("action")
    if action in ACTIONS:
        qs = qs.filter(action=ACTIONS[action])
    elif action:
        qs = qs.filter(action=LogEntry.Action.ACCESS, additional_data__event=action)
    if content_type := filters.get("content_type"):
        qs = qs.filter(content_type_id=content_type)
    if object_id := filters.get("object_id"):
        qs = qs.filter(object_pk=str(object_id))
    if date_from := filters.get("date_from"):
        qs = qs.filter(timestamp__gte=_day_start(date_from))
    if date_to := filters.get("date_to"):
        qs = qs.filter(timestamp__lt=_day_start(date_to + dt.timedelta(days=1)))
    return qs


def audit_entry_get_for(user: User, pk: int) -> LogEntry:
    try:
        return audit_entries_for(user).get(pk=pk)
    except LogEntry.DoesNotExist as exc:
        raise Http404("No such audit entry.") from exc


@dataclass(frozen=True)
class FieldChange:
    name: str  # the model's field
    field: str  # its label, as people read it
    before: str
    after: str


def entry_kind(entry: LogEntry) -> str:
    """create, update, delete, or for reads and logins the event (view, export, login...)."""
    if entry.action == LogEntry.Action.ACCESS:
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        return str(data.get("event") or "access")
    names = {value: key for key, value in ACTIONS.items()}
    return names.get(entry.action, str(entry.action))


# django-auditlog writes a reverse relation on create and delete as "app.Model.None".
_EMPTY_RELATION = re.compile(r"^\w+\.\w+\.None$")


def _untracked_fields(entry: LogEntry) -> frozenset[str]:
    """The fields of the entry's model that are kept off the trail (free text, secrets)."""
    if entry.content_type_id is None:
        return frozenset()
    model = entry.content_type.model_class()
    if model is None or not auditlog.contains(model):
        return frozenset()
    return frozenset(auditlog.get_model_fields(model)["exclude_fields"])


def entry_changes(entry: LogEntry, reader: ValueReader | None = None) -> list[FieldChange]:
    """Each changed field, by its label, with its value before and after as people read it
    (see audit_values); many-to-many changes as a list.

    A creation has no "before" and a deletion no "after" (auditlog stores them as "None").
    A field kept off the trail is never shown, even from an entry written before it was.
    Pass the `reader` made for a whole page of entries to fetch related names in bulk.
    """
    reader = reader or ValueReader([entry])
    model = model_of(entry)
    rows = []
    untracked = _untracked_fields(entry)
    for name, values in sorted((entry.changes_dict or {}).items()):
        if name in untracked:
            continue
        field = field_of(model, name)
        if isinstance(values, dict):  # many-to-many: {"type", "operation", "objects"}
            operation = str(values.get("operation") or "")
            objects = reader.text(None, values.get("objects"))
            before, after = (objects, "") if operation == "delete" else ("", objects)
        elif isinstance(values, list | tuple) and len(values) == 2:
            if _EMPTY_RELATION.match(str(values[0])) or _EMPTY_RELATION.match(str(values[1])):
                continue
            before, after = reader.text(field, values[0]), reader.text(field, values[1])
        else:
            before, after = "", reader.text(field, values)
        if entry.action == LogEntry.Action.CREATE:
            before = ""
        elif entry.action == LogEntry.Action.DELETE:
            after = ""
        if not (before or after):
            continue
        rows.append(FieldChange(name, field_label(model, name), before, after))
    return rows


# What the extra details of reads, exports and refusals are called on the page.
DETAIL_LABELS = {
    "candidate": _("Possible duplicate"),
    "export": _("Export"),
    "filters": _("Filters"),
    "format": _("Format"),
    "household": _("Household"),
    "kept": _("Household kept"),
    "merged": _("Household merged"),
    "path": _("Page"),
    "rows": _("Rows"),
    "status": _("Answer"),
}


def entry_details(entry: LogEntry) -> list[tuple[str, str]]:
    """The entry's extra details (besides its event) as label and text."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    rows = []
    for key, value in data.items():
        if key == "event":
            continue
        if isinstance(value, dict):
            text = ", ".join(f"{k}={v}" for k, v in value.items() if v not in ("", None))
        else:
            text = str(value)
        rows.append((str(DETAIL_LABELS.get(key, key)), text))
    return rows


def object_type_label(entry: LogEntry) -> str:
    """The kind of object, in the reader's language (the model's verbose name)."""
    model = model_of(entry)
    if model is None:
        return entry.content_type.model if entry.content_type_id else ""
    return capfirst(str(model._meta.verbose_name))


def entry_csv_row(entry: LogEntry, reader: ValueReader | None = None) -> list[Any]:
    """One entry as the cells of the audit CSV export (see CSV_HEADER)."""
    changes = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in entry_changes(entry, reader))
    return [
        timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
        entry.actor.username if entry.actor else "",
        entry_kind(entry),
        f"{entry.content_type.app_label}.{entry.content_type.model}",
        entry.object_pk,
        entry.object_repr,
        changes,
        entry.remote_addr or "",
    ]


CSV_HEADER = ["when", "who", "action", "object_type", "object_id", "object", "changes", "address"]
