"""Occupation and Skill leave jobs for codelists (codelists.0001 has the why).

State only: vacancies' foreign key and join table keep their columns; the tables
jobs_occupation and jobs_skill stay, now owned by codelists.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("codelists", "0001_move_occupation_skill_from_jobs"),
        ("jobs", "0005_vacancy_opened_on_from_created"),
        ("registry", "0012_person_codelists"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="vacancy",
                    name="occupation",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="vacancies", to="codelists.occupation"),
                ),
                migrations.AlterField(
                    model_name="vacancy",
                    name="skills",
                    field=models.ManyToManyField(blank=True, related_name="vacancies", to="codelists.skill"),
                ),
                migrations.DeleteModel(name="Occupation"),
                migrations.DeleteModel(name="Skill"),
            ],
            database_operations=[],
        ),
    ]
