"""Mask the identity document numbers the audit trail recorded before numbers were encrypted
at rest (docs/security.md): an entry keeps a number's last three characters, as the trail
records them from now on (accounts.audit.audit_mask), so a copy of the database holds no whole
number in the trail either. The entries themselves stay.

Reversing it restores nothing (the numbers are gone from the trail on purpose)."""

import json

from django.db import migrations

KEEP = 3  # frozen: accounts.audit.MASK_KEEP when this was written


def _masked(value):
    if not isinstance(value, str) or value in {"", "None"} or value.startswith("*"):
        return value
    return "*" * max(len(value) - KEEP, 0) + value[-KEEP:]


def _changes_masked(changes):
    if not isinstance(changes, dict) or "number" not in changes:
        return changes
    pair = changes["number"]
    masked = [_masked(value) for value in pair] if isinstance(pair, list) else _masked(pair)
    return {**changes, "number": masked}


def _text_masked(text):
    if not text:
        return text
    try:
        changes = json.loads(text)
    except ValueError:
        return ""  # a legacy text form cannot be masked field by field
    return json.dumps(_changes_masked(changes))


def _mask(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_type = ContentType.objects.filter(
        app_label="registry", model="identitydocument"
    ).first()
    if content_type is None:
        return
    entries = LogEntry.objects.filter(content_type=content_type)
    for entry in entries.only("changes", "changes_text").iterator(chunk_size=1000):
        changes = _changes_masked(entry.changes)
        text = _text_masked(entry.changes_text)
        if (changes, text) != (entry.changes, entry.changes_text):
            entries.filter(pk=entry.pk).update(changes=changes, changes_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0021_document_unique_by_hash"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(_mask, migrations.RunPython.noop, elidable=True)]
