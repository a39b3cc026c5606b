"""Identity document numbers encrypted at rest (docs/security.md), data: every number
encrypted with the first key of ARRAIGO_FIELD_KEYS and its keyed hash filled in, a thousand
rows at a time in raw SQL (the historical model would try to decrypt the plain numbers).
Backwards: the numbers in plain text again (the hashes are dropped by 0019's reversal)."""

from typing import Any

from django.db import migrations

from arraigo.core.fieldcrypto import column_decrypt, column_encrypt

TABLE = "registry_identitydocument"


def encrypt(apps: Any, schema_editor: Any) -> None:
    column_encrypt(
        TABLE, "number", hash_column="number_hash", using=schema_editor.connection.alias
    )


def decrypt(apps: Any, schema_editor: Any) -> None:
    column_decrypt(TABLE, "number", using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_document_number_hash")]

    operations = [migrations.RunPython(encrypt, decrypt)]
