"""Identity document numbers encrypted at rest (docs/security.md), schema: the number becomes
an encrypted text column and gains its keyed hash, which takes over the number's index and
the uniqueness per document type (0021, once 0020 has filled it)."""

from django.db import migrations

import arraigo.core.fieldcrypto


class Migration(migrations.Migration):
    dependencies = [("registry", "0018_households_in_scope_by_registration")]

    operations = [
        migrations.RemoveConstraint(model_name="identitydocument", name="document_unique"),
        migrations.RemoveIndex(model_name="identitydocument", name="registry_id_number_ef7ad7_idx"),
        migrations.AddField(
            model_name="identitydocument",
            name="number_hash",
            field=arraigo.core.fieldcrypto.LookupHashField(default="", source="number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="identitydocument",
            name="number",
            field=arraigo.core.fieldcrypto.EncryptedTextField(verbose_name="number"),
        ),
    ]
