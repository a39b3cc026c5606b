"""Remove from the audit trail the free text it recorded about people before it stopped.

Case notes and feedback reports were change-logged with every field, so the trail held the
text of protection-sensitive notes and of reports of sexual exploitation or abuse, readable by
roles without that tier. Their models now keep those fields off the trail (see
registry.models_notes and feedback.models); this strips them from the entries already written.
The entries themselves stay: who created or changed which object, and the other fields.

Reversing it restores nothing (the text is gone on purpose) and leaves the entries as they are.
"""

import json

from django.db import migrations

# Frozen here, as they were when this ran: (app label, model) -> fields kept off the trail.
FREE_TEXT = {
    ("registry", "casenote"): ("text",),
    ("feedback", "feedbackcase"): ("description", "contact", "resolution"),
}


def _without(changes, fields):
    if not isinstance(changes, dict):
        return changes
    return {key: value for key, value in changes.items() if key not in fields}


def _text_without(text, fields):
    if not text:
        return text
    try:
        changes = json.loads(text)
    except ValueError:
        return ""  # a legacy text form cannot be filtered field by field
    if isinstance(changes, dict) and not set(changes) & set(fields):
        return text
    return json.dumps(_without(changes, fields))


def _scrub(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for (app_label, model), fields in FREE_TEXT.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        entries = LogEntry.objects.filter(content_type=content_type)
        for entry in entries.only("changes", "changes_text", "serialized_data").iterator():
            before = (entry.changes, entry.changes_text, entry.serialized_data)
            changes = _without(entry.changes, fields)
            text = _text_without(entry.changes_text, fields)
            if (changes, text, None) != before:
                entries.filter(pk=entry.pk).update(
                    changes=changes, changes_text=text, serialized_data=None
                )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(_scrub, migrations.RunPython.noop, elidable=True)]
