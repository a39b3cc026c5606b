"""The migrations that encrypt document numbers, notes and reports, run on a database with
rows: backwards they give the plain text back, forwards they encrypt it and fill the hashes;
the trail's older entries keep only a number's last characters."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from arraigo.casefile.models import CaseNote
from arraigo.core.fieldkeys import lookup_hash
from arraigo.registry.models import IdentityDocument
from tests.accounts.factories import UserFactory
from tests.core.stored import stored
from tests.registry.factories import IdentityDocumentFactory, household_with_head

NUMBER = "GOMA850101HDFRRN09"
BEFORE = [
    ("registry", "0018_households_in_scope_by_registration"),
    ("casefile", "0001_initial"),
    ("feedback", "0001_initial"),
]


def _migrate(targets: list[tuple[str, str]] | None) -> None:
    """Migrate to `targets`, or to every app's latest (None): going back to BEFORE also
    unapplies the migrations of other apps that depend on these (privacy's), which the
    tests that come after in this process need."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backwards_gives_plain_text_and_forwards_encrypts_it_again():
    document = IdentityDocumentFactory(number=NUMBER)
    note = CaseNote.objects.create(
        household=household_with_head(), text="A protection note.", author=UserFactory()
    )
    try:
        # Backwards: the values in plain text, the hash column gone
        _migrate(BEFORE)
        assert stored("registry_identitydocument", "number", document.pk) == NUMBER
        assert stored("registry_casenote", "text", note.pk) == "A protection note."
        with connection.cursor() as cursor:
            columns = [
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, "registry_identitydocument"
                )
            ]
        assert "number_hash" not in columns
        # an entry written before numbers were masked
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(IdentityDocument),
            object_pk=str(document.pk),
            object_repr="passport",
            action=LogEntry.Action.CREATE,
            changes={"number": ["None", NUMBER]},
        )
    finally:
        _migrate(None)

    # Forwards: tokens, read back by the models, the hash filled in and unique again
    assert NUMBER not in stored("registry_identitydocument", "number", document.pk)
    assert IdentityDocument.objects.get(number_hash=lookup_hash(NUMBER)).number == NUMBER
    assert "protection" not in stored("registry_casenote", "text", note.pk)
    assert CaseNote.objects.get(pk=note.pk).text == "A protection note."
    masked = LogEntry.objects.filter(object_pk=str(document.pk), changes__has_key="number")
    assert [entry.changes["number"] for entry in masked] == [
        ["None", "***************N09"],
        ["None", "***************N09"],
    ]
