"""Case notes encrypted at rest (docs/security.md), data: every note's text
encrypted with the first key of ARRAIGO_FIELD_KEYS (raw SQL, a thousand rows at a time);
backwards, the texts in plain text again."""

from typing import Any

from django.db import migrations

from arraigo.core.fieldcrypto import column_decrypt, column_encrypt

TABLE = "registry_casenote"  # the table the notes kept from the registry


def encrypt(apps: Any, schema_editor: Any) -> None:
    column_encrypt(TABLE, "text", using=schema_editor.connection.alias)


def decrypt(apps: Any, schema_editor: Any) -> None:
    column_decrypt(TABLE, "text", using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("casefile", "0002_encrypted_columns")]

    operations = [migrations.RunPython(encrypt, decrypt)]
