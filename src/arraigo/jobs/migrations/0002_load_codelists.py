"""Data migration: load the ISCO-08 occupations and the skills from the programme directory."""

from django.conf import settings
from django.db import migrations

from arraigo.codelists import loading as codelists


def _directory():
    return settings.ARRAIGO_PROGRAMME_DIR


def load(apps, schema_editor):
    directory = _directory()
    codelists.occupations_upsert(
        apps.get_model("jobs", "Occupation"),
        codelists.occupations_read(directory / codelists.OCCUPATIONS_FILE),
    )
    codelists.skills_upsert(
        apps.get_model("jobs", "Skill"),
        codelists.skills_read(directory / codelists.SKILLS_FILE),
    )


def unload(apps, schema_editor):
    directory = _directory()
    occupation_codes = [
        row.isco_code for row in codelists.occupations_read(directory / codelists.OCCUPATIONS_FILE)
    ]
    skill_codes = [row.code for row in codelists.skills_read(directory / codelists.SKILLS_FILE)]
    apps.get_model("jobs", "Skill").objects.filter(code__in=skill_codes).delete()
    apps.get_model("jobs", "Occupation").objects.filter(isco_code__in=occupation_codes).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
