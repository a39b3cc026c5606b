"""A document number is unique per type, and found, through its keyed hash (filled by 0020)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_encrypt_document_numbers")]

    operations = [
        migrations.AddIndex(
            model_name="identitydocument",
            index=models.Index(fields=["number_hash"], name="document_number_hash"),
        ),
        migrations.AddConstraint(
            model_name="identitydocument",
            constraint=models.UniqueConstraint(
                fields=("document_type", "number_hash"), name="document_unique"
            ),
        ),
    ]
