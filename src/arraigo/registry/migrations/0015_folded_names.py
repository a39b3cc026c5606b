"""Person.name_folded: every stored name folded for search, and on PostgreSQL a trigram
index over it (pg_trgm), so a search by name reads the index, not every person."""

from django.db import migrations, models

TRIGRAM_INDEX = "registry_person_name_folded_trgm"


def fold_stored_names(apps, schema_editor):
    """One statement on SQLite (the fold registered as a function); batches of 5,000 rows
    on PostgreSQL, whose lower() does not fold every letter as Python does."""
    from arraigo.registry.folding import folded_name

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function(
            "arraigo_folded_name", 2, folded_name, deterministic=True
        )
        schema_editor.execute(
            "UPDATE registry_person SET name_folded = arraigo_folded_name(first_names, last_names)"
        )
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, first_names, last_names FROM registry_person")
        rows = cursor.fetchall()
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [value for pk, first, last in chunk for value in (pk, folded_name(first, last))]
        schema_editor.execute(
            f"UPDATE registry_person AS p SET name_folded = v.folded "
            f"FROM (VALUES {values}) AS v(id, folded) WHERE p.id = v.id",
            params,
        )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite reads the column (no per-row function); see name_search.py
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON registry_person "
        "USING gin (name_folded gin_trgm_ops)"
    )
    schema_editor.execute("ANALYZE registry_person")  # the planner learns the new column


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0014_member_numbers"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=241),
        ),
        migrations.RunPython(fold_stored_names, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
