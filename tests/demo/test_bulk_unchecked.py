"""The seed's bulk writing on SQLite: foreign keys unchecked outside a transaction, then
checked once at the end.

A module of its own: the test is transactional (it needs to be outside any transaction), and
such tests must not share a module with tests in a transaction, or `--dist loadfile` sends it
to its worker among them, and the tests after it find the database emptied (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from arraigo.demo.bulk import foreign_keys_unchecked, rows_insert
from arraigo.registry.models import Person
from tests.demo.bulk_rows import BORN, PERSON, foreign_keys_on, sqlite_only


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dangling_key_inserted_unchecked_fails_the_check_at_the_end() -> None:
    # Given the checks turned off outside any transaction
    with foreign_keys_unchecked() as unchecked:
        assert unchecked
        # When a person of a household that does not exist goes in, then the check finds it
        with pytest.raises(IntegrityError), transaction.atomic():
            rows_insert(Person, PERSON, [(999_999, 1, "Ana", "Paz", "ana paz", "F", BORN)])
            assert Person.objects.count() == 1  # went in: no check on the way
            connection.check_constraints()
    # Then nothing was written and the checks are on again
    assert not Person.objects.exists()
    assert foreign_keys_on()
