from django.db import migrations, models


class Migration(migrations.Migration):
    """Vacancies that share a title are told apart by their work site and opening date."""

    dependencies = [("jobs", "0003_placements")]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="site",
            field=models.CharField(
                blank=True,
                help_text="Plant, branch or address where the person will work.",
                max_length=120,
                verbose_name="work site",
            ),
        ),
        migrations.AddField(
            model_name="vacancy",
            name="opened_on",
            field=models.DateField(blank=True, null=True, verbose_name="opened on"),
        ),
    ]
