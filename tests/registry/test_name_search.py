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
