from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Figures",
            fields=[],
            options={
                "verbose_name": "figures",
                "permissions": [
                    ("view_aggregates", "Can see counts and charts over the whole programme"),
                    ("export_pseudonymised", "Can export pseudonymised data"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
