"""Case notes and transfers move here from the registry, keeping their tables and rows.

Only Django's idea of where the models live changes (state: created here, deleted from the
registry in registry 0012); the tables keep their names (`Meta.db_table`). Their content types
are relabelled, so permissions (now `casefile.view_casenote`, `casefile.view_protected_note`,
...), the groups holding them and the audit-trail entries stay attached to the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("casenote", "casetransfer")


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type created under the new label before this ran (none, normally) would
        # clash with the relabelled one: the old one, holding permissions and entries, wins.
        if ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, "registry", "casefile")


def backwards(apps, schema_editor):
    _relabel(apps, "casefile", "registry")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_audit_trail_without_free_text"),  # it scrubs registry.casenote entries
        ("contenttypes", "0002_remove_content_type_name"),
        ("places", "0001_initial"),
        ("registry", "0011_one_document_per_type_per_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CaseNote",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("tier", models.CharField(choices=[("ordinary", "Ordinary"), ("protection", "Protection-sensitive (violence, health)")], default="ordinary", max_length=10, verbose_name="sensitivity")),
                        ("text", models.TextField(max_length=2000, verbose_name="note")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("household", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notes", to="registry.household")),
                        ("person", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="registry.person")),
                        ("supersedes", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="superseded_by", to="casefile.casenote", verbose_name="corrects")),
                    ],
                    options={
                        "verbose_name": "case note",
                        "db_table": "registry_casenote",
                        "ordering": ["-created_at", "-id"],
                        "permissions": [("view_protected_note", "Can read and write protection-sensitive notes")],
                    },
                ),
                migrations.CreateModel(
                    name="CaseTransfer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.CharField(max_length=300, verbose_name="reason")),
                        ("status", models.CharField(choices=[("requested", "Waiting for the receiving side"), ("accepted", "Accepted"), ("declined", "Declined")], default="requested", max_length=10, verbose_name="status")),
                        ("requested_at", models.DateTimeField()),
                        ("answered_at", models.DateTimeField(blank=True, null=True)),
                        ("answer_note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        ("answered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("from_city", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="places.city")),
                        ("from_office", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="places.office")),
                        ("household", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="transfers", to="registry.household")),
                        ("requested_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("to_city", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="places.city")),
                        ("to_office", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="places.office")),
                    ],
                    options={
                        "verbose_name": "case transfer",
                        "db_table": "registry_casetransfer",
                        "ordering": ["-requested_at", "-id"],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("status", "requested")), fields=("household",), name="transfer_one_pending"), models.CheckConstraint(condition=models.Q(models.Q(("to_city__isnull", True), ("to_office__isnull", False)), models.Q(("to_city__isnull", False), ("to_office__isnull", True)), _connector="OR"), name="transfer_office_or_city")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
