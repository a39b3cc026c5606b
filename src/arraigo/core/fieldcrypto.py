"""Model fields for columns encrypted at rest (docs/security.md, "Encryption at rest").

`EncryptedTextField` keeps a Fernet token in a text column and gives the model the plain text
back (`from_db_value`); every write encrypts (`get_prep_value`), the bulk writers too (their
adapters call `encrypted_value`). Each encryption draws a new random IV, so the same text is
stored differently each time: the column can be neither searched nor sorted in SQL, and the
field refuses every lookup but `isnull` rather than answer a filter wrongly. An empty text
stays empty (it says nothing a token's length would not).

`LookupHashField` keeps the keyed hash (fieldkeys.lookup_hash) of another field's value,
computed when the row is saved: what a search for an encrypted value looks up instead.

`arraigo rotate-keys` walks every field of these two kinds (fields_of_kind) to re-encrypt or
re-hash them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from . import fieldkeys


def encrypted_value(value: str | None) -> str | None:
    """The stored form of `value` (the bulk writers' adapter)."""
    if value is None or value == "":
        return value
    return fieldkeys.encrypt(value)


class EncryptedTextField(models.TextField):
    """Text stored encrypted with the first key of ARRAIGO_FIELD_KEYS."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return fieldkeys.decrypt(str(value), where=self.where)

    def get_prep_value(self, value: Any) -> Any:
        return encrypted_value(super().get_prep_value(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # A filter on the token would compare against a fresh token and match nothing.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    @classmethod
    def get_lookups(cls) -> dict[str, Any]:
        return {name: found for name, found in super().get_lookups().items() if name == "isnull"}

    def get_transform(self, lookup_name: str) -> Any:
        return None

    @property
    def where(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else "a value"


class LookupHashField(models.CharField):
    """The keyed hash of the field `source` (normalised: fieldkeys.lookup_normalised), set
    on every save; look rows up with `lookup_hash(value)`."""

    description = "Keyed hash of another field"

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        source = getattr(model_instance, self.source)
        value = fieldkeys.lookup_hash(source) if source else ""
        setattr(model_instance, self.attname, value)
        return value


def fields_of_kind(kind: type[models.Field[Any, Any]]) -> list[models.Field[Any, Any]]:
    """Every concrete field of `kind` in the installed models, in a fixed order."""
    found = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, kind)
    ]
    return sorted(found, key=lambda f: (f.model._meta.label, f.name))


BATCH = 1000
Progress = Callable[[int, int], None]


def rows_rewrite(
    table: str,
    read: Sequence[str],
    write: Sequence[str],
    change: Callable[[tuple[Any, ...]], tuple[Any, ...] | None],
    *,
    using: str = DEFAULT_DB_ALIAS,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> int:
    """Every row of `table` in key order, `batch` rows at a time, in raw SQL (the stored
    values, not the model's): `change(values of read)` gives the new values of `write`, or
    None to leave the row (the columns read are NOT NULL). Each batch is its own transaction
    (inside the caller's, in a migration). Returns how many rows changed; `progress(done,
    total)` after each batch."""
    connection = connections[using]
    quote = connection.ops.quote_name
    # Table and column names come from the models (quoted); values go as parameters.
    select = "SELECT id, {} FROM {} WHERE id > %s ORDER BY id LIMIT %s".format(  # noqa: S608
        ", ".join(quote(c) for c in read), quote(table)
    )
    # A row changed since it was read keeps its new values (written by the application
    # meanwhile, already with the current keys): the update names the values it read.
    update = "UPDATE {} SET {} WHERE id = %s AND {}".format(  # noqa: S608
        quote(table),
        ", ".join(f"{quote(c)} = %s" for c in write),
        " AND ".join(f"{quote(c)} = %s" for c in read),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        total = int(cursor.fetchone()[0])
    done = changed = last = 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(select, [last, batch])
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                new = change(tuple(row[1:]))
                if new is not None:
                    updates.append((*new, row[0], *row[1:]))
            if updates:
                cursor.executemany(update, updates)
        last = rows[-1][0]
        done += len(rows)
        changed += len(updates)
        if progress is not None:
            progress(done, total)
    return changed


def _is_token(value: str) -> bool:
    try:
        fieldkeys.decrypt(value)
    except fieldkeys.FieldDecryptError:
        return False
    return True


def column_encrypt(
    table: str, column: str, *, hash_column: str = "", using: str = DEFAULT_DB_ALIAS
) -> int:
    """A data migration's forward step: the plain values of `column` encrypted (a value that
    is a token of the current keys already is left), and `hash_column`, if named, set to the
    lookup hash of each value."""

    def change(values: tuple[Any, ...]) -> tuple[Any, ...] | None:
        value = values[0]
        if not value:
            return (value, "") if hash_column else None
        if _is_token(value):  # a second run, or a row written since
            plain, stored = fieldkeys.decrypt(value), value
        else:
            plain, stored = value, fieldkeys.encrypt(value)
        return (stored, fieldkeys.lookup_hash(plain)) if hash_column else (stored,)

    columns = [column, hash_column] if hash_column else [column]
    return rows_rewrite(table, [column], columns, change, using=using)


def column_decrypt(table: str, column: str, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """A data migration's backward step: the values of `column` in plain text again."""

    def change(values: tuple[Any, ...]) -> tuple[Any, ...] | None:
        value = values[0]
        if not value or not _is_token(value):
            return None
        return (fieldkeys.decrypt(value, where=f"{table}.{column}"),)

    return rows_rewrite(table, [column], [column], change, using=using)


def values_rotate(*, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Every value of every EncryptedTextField encrypted again with the first key of
    ARRAIGO_FIELD_KEYS (MultiFernet.rotate: read with whichever key wrote it). Returns the
    values rewritten per "app.Model.field"; FieldDecryptError when one reads with no key."""
    done: dict[str, int] = {}
    for field in fields_of_kind(EncryptedTextField):
        assert isinstance(field, EncryptedTextField)
        where = field.where

        def change(values: tuple[Any, ...], where: str = where) -> tuple[Any, ...] | None:
            return (fieldkeys.rotate(values[0], where=where),) if values[0] else None

        done[where] = rows_rewrite(
            field.model._meta.db_table,
            [str(field.column)],
            [str(field.column)],
            change,
            progress=None if progress is None else _named(progress, where),
        )
    return done


def hashes_recompute(*, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Every LookupHashField taken again from its source's value with the current
    ARRAIGO_HASH_KEY (after that key changed). Returns the hashes rewritten per field."""
    done: dict[str, int] = {}
    for field in fields_of_kind(LookupHashField):
        assert isinstance(field, LookupHashField)
        meta = field.model._meta
        source = meta.get_field(field.source)
        assert isinstance(source, models.Field)
        where = f"{meta.label}.{field.name}"
        from_db = getattr(source, "from_db_value", None)

        def change(values: tuple[Any, ...], from_db: Any = from_db) -> tuple[Any, ...] | None:
            value, stored_hash = values
            plain = from_db(value, None, None) if from_db is not None and value else value
            new = fieldkeys.lookup_hash(plain) if plain else ""
            return None if new == stored_hash else (new,)

        done[where] = rows_rewrite(
            meta.db_table,
            [str(source.column), str(field.column)],
            [str(field.column)],
            change,
            progress=None if progress is None else _named(progress, where),
        )
    return done


def _named(progress: Callable[[str, int, int], None], where: str) -> Progress:
    return lambda done, total: progress(where, done, total)
