"""Case notes encrypted at rest (docs/security.md), schema: the text column becomes an
encrypted one; 0003 encrypts the texts already there."""

from django.db import migrations

import arraigo.core.fieldcrypto


class Migration(migrations.Migration):
    dependencies = [("casefile", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="casenote",
            name="text",
            field=arraigo.core.fieldcrypto.EncryptedTextField(max_length=2000, verbose_name="note"),
        ),
    ]
