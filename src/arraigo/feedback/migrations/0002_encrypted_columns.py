"""What a report says and the answer given, encrypted at rest (docs/security.md), schema:
the two text columns become encrypted ones; 0003 encrypts the texts already there."""

from django.db import migrations

import arraigo.core.fieldcrypto


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="feedbackcase",
            name="description",
            field=arraigo.core.fieldcrypto.EncryptedTextField(
                max_length=3000, verbose_name="what happened or what they say"
            ),
        ),
        migrations.AlterField(
            model_name="feedbackcase",
            name="resolution",
            field=arraigo.core.fieldcrypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="response"
            ),
        ),
    ]
