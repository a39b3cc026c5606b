"""On SQLite, full-text indexes for the household search: the folded names of people and the
households' case codes, each in an FTS5 table with the trigram tokenizer (any run of three
letters or more is found through the index, as PostgreSQL's pg_trgm does), kept by triggers
on every insert, update and delete, so every writer (services, the seed, imports) keeps them.

SQLite without FTS5 or its trigram tokenizer (before 3.34) gets no index: the search then
reads the columns, as before (registry/name_search.py asks which it has). PostgreSQL: the
names' trigram index is migration 0015's; the codes get one here.
"""

from django.db import migrations

# (table, its FTS5 index, the indexed column)
INDEXED = [
    ("registry_person", "registry_person_name_fts", "name_folded"),
    ("registry_household", "registry_household_code_fts", "code"),
]
CODE_TRIGRAM = "registry_household_code_trgm"


def _sqlite_has_trigram(connection) -> bool:
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.arraigo_probe USING fts5(x, tokenize='trigram')")
        except Exception:  # noqa: BLE001 — no FTS5, or no trigram tokenizer
            return False
        cursor.execute("DROP TABLE temp.arraigo_probe")
    return True


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {CODE_TRIGRAM} ON registry_household "
            "USING gin (UPPER(code::text) gin_trgm_ops)"
        )
        return
    if connection.vendor != "sqlite" or not _sqlite_has_trigram(connection):
        return
    for table, fts, column in INDEXED:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
            f"content_rowid='id', tokenize='trigram')"
        )
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        schema_editor.execute(
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            "END"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {CODE_TRIGRAM}")
        return
    if connection.vendor != "sqlite":
        return
    for _table, fts, _column in INDEXED:
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_households_by_registration"),
    ]

    operations = [migrations.RunPython(create, drop)]
