"""The seed's bulk writing on PostgreSQL: rows go in by COPY, with the tables' own indexes
and foreign keys dropped while they do and restored after, which checks every key at once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from arraigo.casefile.models import CaseNote
from arraigo.demo.bulk import indexes_deferred, rows_insert, rows_update
from arraigo.registry.models import Household, Person
from arraigo.registry.name_search import people_named
from tests.accounts.factories import UserFactory
from tests.demo.bulk_rows import BORN, PERSON
from tests.registry.factories import HouseholdFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own machinery"
)


def _definitions(table: str) -> list[tuple[str, str]]:
    """The indexes and foreign keys of `table`, by name, as PostgreSQL writes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY 1",
            [table, table],
        )
        return cursor.fetchall()


@postgresql_only
@pytest.mark.django_db
def test_indexes_and_keys_come_back_as_they_were_and_the_rows_are_found() -> None:
    household = HouseholdFactory()
    before = _definitions("registry_person")
    # Given the person table's indexes (trigram ones among them) and its key to households

    # When people go in by COPY with them deferred
    with indexes_deferred(Person):
        assert [n for n, d in _definitions("registry_person") if "trgm" in d] == []
        written = rows_insert(
            Person,
            PERSON,
            [(household.pk, 1, "Byron", "Ortiz Suazo", "byron ortiz suazo", "M", BORN)],
        )

    # Then every index and key is back, the same, and the name search finds the row
    assert written == 1
    assert _definitions("registry_person") == before
    assert [p.first_names for p in people_named(Person.objects.all(), "ortiz")] == ["Byron"]


@postgresql_only
@pytest.mark.django_db
def test_a_dangling_key_fails_when_the_keys_come_back() -> None:
    # When a person names a household that does not exist
    with (
        pytest.raises(IntegrityError, match="registry_person"),
        transaction.atomic(),
        indexes_deferred(Person),
    ):
        rows_insert(Person, PERSON, [(987654, 1, "Ana", "Ruiz", "ana ruiz", "F", BORN)])

    # Then nothing of it stayed, and the key is still there
    assert not Person.objects.filter(household_id=987654).exists()
    assert any("REFERENCES registry_household" in d for _n, d in _definitions("registry_person"))


@postgresql_only
@pytest.mark.django_db
def test_rows_update_sets_each_row_its_own_values() -> None:
    first, second = HouseholdFactory(), HouseholdFactory()
    moment = timezone.now().replace(microsecond=0)

    # When two households get new codes and registration times through one COPY
    updated = rows_update(
        Household,
        ("code", "registered_at"),
        [("TAP-2026-90001", moment, first.pk), ("TAP-2026-90002", moment, second.pk)],
    )

    # Then each has its own
    assert updated == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.code, first.registered_at) == ("TAP-2026-90001", moment)
    assert (second.code, second.registered_at) == ("TAP-2026-90002", moment)


@postgresql_only
@pytest.mark.django_db
def test_copy_writes_encrypted_columns_as_a_save_would() -> None:
    household = HouseholdFactory()
    author = UserFactory()

    # When a note goes in by COPY
    rows_insert(
        CaseNote,
        ["household_id", "tier", "text", "author_id", "created_at"],
        [(household.pk, "protection", "She fears her former partner.", author.pk, timezone.now())],
    )

    # Then the table holds a token and the model reads the text
    note = CaseNote.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM registry_casenote WHERE id = %s", [note.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("gAAAAA")
    assert "partner" not in raw
    assert note.text == "She fears her former partner."
