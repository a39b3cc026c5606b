from django.db import migrations


def opened_from_created(apps, schema_editor):
    """A vacancy posted before the field existed opened the day it was created."""
    Vacancy = apps.get_model("jobs", "Vacancy")
    for vacancy in Vacancy.objects.filter(opened_on__isnull=True).only("id", "created_at"):
        Vacancy.objects.filter(pk=vacancy.pk).update(opened_on=vacancy.created_at.date())


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_vacancy_site_opened_on")]

    operations = [migrations.RunPython(opened_from_created, migrations.RunPython.noop)]
