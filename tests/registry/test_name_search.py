"""Accent- and case-insensitive name search, in Python and in SQL."""

from __future__ import annotations

import pytest

from arraigo.registry.models import Person
from arraigo.registry.name_search import fold_text, people_named
from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_fold_text_removes_accents_and_case():
    assert fold_text("JOSÉ Ñúñez Çà Hélène Ÿ") == "jose nunez ca helene y"


def test_the_folded_name_is_kept_when_a_name_is_saved():
    person = PersonFactory(first_names="José", last_names="Ñúñez")
    assert person.name_folded == "jose nunez"

    person.last_names = "Pérez"
    person.save(update_fields=["last_names"])

    person.refresh_from_db()
    assert person.name_folded == "jose perez"
    assert list(people_named(Person.objects.all(), "perez")) == [person]
    assert list(people_named(Person.objects.all(), "nunez")) == []


@pytest.mark.parametrize(
    ("stored", "searched"),
    [
        ("José Ñúñez", "jose nunez"),
        ("JOSÉ ÑÚÑEZ", "José Núñez"),
        ("Hélène Saint-Cyr", "HELENE saint-cyr"),
        ("Ana 100% O_Brien", "100% o_brien"),
    ],
)
def test_people_named_finds_across_accents_and_case(stored, searched):
    first, last = stored.split(" ", 1)
    person = PersonFactory(first_names=first, last_names=last)
    PersonFactory(first_names="Otra", last_names="Persona")

    assert list(people_named(Person.objects.all(), searched)) == [person]


def test_people_named_needs_every_word():
    PersonFactory(first_names="Ana", last_names="Ruiz")

    assert list(people_named(Person.objects.all(), "ana gomez")) == []
    assert list(people_named(Person.objects.all(), "ana_ruiz")) == []


class _Editor:
    """What the migration's data step uses of a schema editor."""

    def __init__(self):
        from django.db import connection

        self.connection = connection

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_migration_folds_every_stored_name():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("arraigo.registry.migrations.0015_folded_names")
    people = [
        PersonFactory(first_names="JOSÉ", last_names="Ñúñez"),
        PersonFactory(first_names="Ødegård", last_names="Çelik 100%"),
    ]
    Person.objects.update(name_folded="")

    migration.fold_stored_names(apps, _Editor())

    folded = dict(Person.objects.values_list("pk", "name_folded"))
    assert folded == {people[0].pk: "jose nunez", people[1].pk: "ødegard celik 100%"}


def test_a_search_with_digits_looks_for_codes_and_documents_not_names():
    from arraigo.accounts.models import Role
    from arraigo.registry.selectors import HouseholdListFilters, household_list
    from tests.accounts.factories import UserFactory

    coordinator = UserFactory(role=Role.COORDINATOR)

    by_code = str(household_list(coordinator, HouseholdListFilters(q="TAP-2026-00123")).query)
    by_name = str(household_list(coordinator, HouseholdListFilters(q="Núñez")).query)

    assert "name_folded" not in by_code
    assert "name_folded" in by_name


# --- through the index (SQLite FTS5 trigram tables, PostgreSQL pg_trgm; migration 0017) ---------


def _index_of(table: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [table])
        else:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [table])
        return cursor.fetchone() is not None


def test_the_search_indexes_exist():
    from django.db import connection

    if connection.vendor == "sqlite":
        assert _index_of("registry_person_name_fts")
        assert _index_of("registry_household_code_fts")
    else:
        assert _index_of("registry_person_name_folded_trgm")
        assert _index_of("registry_household_code_trgm")


def test_the_name_index_follows_every_insert_update_and_delete():
    kept = PersonFactory(first_names="Marisol", last_names="Quintanilla")
    renamed = PersonFactory(first_names="Rosaura", last_names="Villalobos")
    gone = PersonFactory(first_names="Rosaura", last_names="Quintanilla")
    renamed.last_names = "Echeverría"
    renamed.save(update_fields=["last_names"])
    gone.delete()

    assert list(people_named(Person.objects.all(), "quintanilla")) == [kept]
    assert list(people_named(Person.objects.all(), "villalobos")) == []
    assert list(people_named(Person.objects.all(), "rosaura echeverria")) == [renamed]


def test_short_words_and_quotes_are_searched_too():
    ana = PersonFactory(first_names="Ana Li", last_names='O"Hara')
    PersonFactory(first_names="Ana", last_names="Lopez")

    assert list(people_named(Person.objects.all(), "li ana")) == [ana]  # "li": under 3 letters
    assert list(people_named(Person.objects.all(), 'o"hara')) == [ana]
    assert list(people_named(Person.objects.all(), "ana li o")) == [ana]


def test_a_case_code_is_found_from_any_part_of_it():
    from arraigo.registry.models import Household
    from arraigo.registry.name_search import codes_containing
    from tests.registry.factories import HouseholdFactory

    wanted = HouseholdFactory(code="TAP-2026-28757")
    HouseholdFactory(code="TAP-2026-18750")
    households = Household.objects.all()

    for part in ("28757", "tap-2026-28757", "6-287", "TAP-2026-28757"):
        assert list(households.filter(codes_containing(households, part))) == [wanted]
    assert list(households.filter(codes_containing(households, "99999"))) == []
    assert households.filter(codes_containing(households, "75")).count() == 2  # under 3: read


def test_a_text_with_accents_is_looked_for_among_the_codes_as_the_database_compares_it():
    # the codes' index folds every letter's case, LIKE only A to Z: an accented text is looked
    # up in the index, then compared exactly, so both databases find what LIKE finds
    from arraigo.registry.models import Household
    from arraigo.registry.name_search import codes_containing
    from tests.registry.factories import HouseholdFactory

    accented = HouseholdFactory(code="SÃO-2026-00001")
    HouseholdFactory(code="TAP-2026-00002")
    households = Household.objects.all()

    assert list(households.filter(codes_containing(households, "SÃO-2026"))) == [accented]
    assert list(households.filter(codes_containing(households, "Casséus"))) == []
    assert list(households.filter(codes_containing(households, "são-2026"))) == (
        # PostgreSQL folds Ã as it folds A (UPPER), SQLite's LIKE does not
        [accented] if _postgresql() else []
    )


def _postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
