"""Load the programme's document types from ARRAIGO_PROGRAMME_DIR/document_types.yaml.

Upserts by code (sort order follows the file); reversing removes the loaded types that no
document uses. Reads the file when the migration runs, never at import.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import migrations

FIELDS = ("name_es", "name_en", "validator", "has_expiry")


def _entries():
    path = Path(settings.ARRAIGO_PROGRAMME_DIR) / "document_types.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for position, entry in enumerate(data):
        if not isinstance(entry, dict) or "code" not in entry:
            raise ValueError(f"{path}: entry {position + 1} has no code.")
        yield position, entry


def load(apps, schema_editor):
    DocumentType = apps.get_model("registry", "DocumentType")
    for position, entry in _entries():
        defaults = {name: entry[name] for name in FIELDS if name in entry}
        defaults["sort_order"] = (position + 1) * 10
        defaults["active"] = True
        DocumentType.objects.update_or_create(code=entry["code"], defaults=defaults)


def unload(apps, schema_editor):
    DocumentType = apps.get_model("registry", "DocumentType")
    IdentityDocument = apps.get_model("registry", "IdentityDocument")
    codes = [entry["code"] for _position, entry in _entries()]
    used = IdentityDocument.objects.values_list("document_type_id", flat=True)
    DocumentType.objects.filter(code__in=codes).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_household_code_exception_reason"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
