"""The seed's bulk writing on SQLite: foreign keys checked once at the end, indexes (the
household search's full-text ones too) built once after the rows are in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from arraigo.demo.bulk import foreign_keys_unchecked, indexes_deferred, rows_insert
from arraigo.registry.models import Household, Person
from arraigo.registry.name_search import codes_containing, people_named
from tests.demo.bulk_rows import BORN, PERSON, foreign_keys_on, sqlite_only
from tests.registry.factories import HouseholdFactory, PersonFactory


@sqlite_only
@pytest.mark.django_db
def test_inside_a_transaction_keys_stay_checked_row_by_row() -> None:
    with foreign_keys_unchecked() as unchecked:
        assert not unchecked
        assert foreign_keys_on()


@sqlite_only
@pytest.mark.django_db
def test_rows_written_with_indexes_deferred_are_found_by_the_search() -> None:
    # Given a household in the search index already (its code fixed: a factory's sequence
    # reaches HH-000042 when other tests ran first in the process)
    before = PersonFactory(first_names="Rosa", last_names="Gordillo", household__code="HH-BEFORE")

    # When households and people go in with their indexes deferred, then a code changes
    with indexes_deferred(Household, Person):
        household = rows_insert(
            Household,
            ("code", "modality", "origin_office_id", "registered_at"),
            [("~1", "relocation", before.household.origin_office_id, timezone.now())],
        )
        assert household == 1
        new = Household.objects.get(code="~1")
        rows_insert(
            Person, PERSON, [(new.pk, 1, "Byron", "Ortiz Suazo", "byron ortiz suazo", "M", BORN)]
        )
        Household.objects.filter(pk=new.pk).update(code="TAP-2026-00042")

    # Then the search finds the new rows and the old one, by the code they ended with
    found = people_named(Person.objects.all(), "ortiz")
    assert list(found.values_list("first_names", flat=True)) == ["Byron"]
    assert people_named(Person.objects.all(), "gordillo").get() == before
    codes = Household.objects.filter(codes_containing(Household.objects.all(), "00042"))
    assert list(codes.values_list("pk", flat=True)) == [new.pk]
    assert not Household.objects.filter(codes_containing(Household.objects.all(), "~1")).exists()
    # and the triggers are back: a later insert is indexed as it goes in
    later = PersonFactory(first_names="Leticia", last_names="Ramos", household=HouseholdFactory())
    assert people_named(Person.objects.all(), "ramos").get() == later
