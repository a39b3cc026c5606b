"""What a report says and the answer given, encrypted at rest (docs/security.md), data:
every value encrypted with the first key of ARRAIGO_FIELD_KEYS (raw SQL, a
thousand rows at a time); backwards, the texts in plain text again."""

from typing import Any

from django.db import migrations

from arraigo.core.fieldcrypto import column_decrypt, column_encrypt

TABLE = "feedback_feedbackcase"
COLUMNS = ("description", "resolution")


def encrypt(apps: Any, schema_editor: Any) -> None:
    for column in COLUMNS:
        column_encrypt(TABLE, column, using=schema_editor.connection.alias)


def decrypt(apps: Any, schema_editor: Any) -> None:
    for column in COLUMNS:
        column_decrypt(TABLE, column, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_encrypted_columns")]

    operations = [migrations.RunPython(encrypt, decrypt)]
