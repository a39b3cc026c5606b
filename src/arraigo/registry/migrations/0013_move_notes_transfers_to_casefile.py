"""Case notes and transfers now live in the casefile app (casefile 0001 takes them over).

State only: the tables registry_casenote and registry_casetransfer stay, with their rows.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0012_person_codelists"),
        ("casefile", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CaseNote"),
                migrations.DeleteModel(name="CaseTransfer"),
            ],
            database_operations=[],
        ),
    ]
