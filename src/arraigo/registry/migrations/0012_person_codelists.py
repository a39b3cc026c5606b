"""A person's occupations and skills point at codelists (the models moved there from jobs).

State only: the join tables and their columns are unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("codelists", "0001_move_occupation_skill_from_jobs"),
        ("registry", "0011_one_document_per_type_per_person"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="occupations",
                    field=models.ManyToManyField(blank=True, related_name="people", to="codelists.occupation"),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="skills",
                    field=models.ManyToManyField(blank=True, related_name="people", to="codelists.skill"),
                ),
            ],
            database_operations=[],
        ),
    ]
