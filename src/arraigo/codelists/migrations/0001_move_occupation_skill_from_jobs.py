"""Occupation and Skill move here from jobs, keeping their tables and rows.

Only Django's model state moves (SeparateDatabaseAndState): the tables keep their names
(`db_table`), so no data is copied. The content types of the two models are relabelled
jobs -> codelists, so their permissions and audit-log entries stay attached to them.
jobs.0006 and registry.0012 point the foreign keys here and remove the models from jobs' state.
"""

from django.db import migrations, models

MODELS = ("occupation", "skill")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if content_type.objects.filter(app_label=new, model=model).exists():
            continue  # already there (a database created after the move)
        content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, "jobs", "codelists")


def content_types_backward(apps, schema_editor):
    _relabel(apps, "codelists", "jobs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("jobs", "0005_vacancy_opened_on_from_created"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Occupation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("isco_code", models.CharField(max_length=4, unique=True, verbose_name="ISCO-08 code")),
                        ("title_en", models.CharField(max_length=200, verbose_name="title (English)")),
                        ("title_es", models.CharField(max_length=200, verbose_name="title (Spanish)")),
                    ],
                    options={
                        "verbose_name": "occupation",
                        "verbose_name_plural": "occupations",
                        "db_table": "jobs_occupation",
                        "ordering": ["isco_code"],
                    },
                ),
                migrations.CreateModel(
                    name="Skill",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                        ("name_en", models.CharField(max_length=120, verbose_name="name (English)")),
                        ("name_es", models.CharField(max_length=120, verbose_name="name (Spanish)")),
                    ],
                    options={
                        "verbose_name": "skill",
                        "verbose_name_plural": "skills",
                        "db_table": "jobs_skill",
                        "ordering": ["name_es"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
