"""delete_or_refuse: a row other records still hold is refused with their kinds, not a 500."""

from __future__ import annotations

import pytest
from django.utils import translation

from arraigo.core.deletion import delete_or_refuse
from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Person
from tests.relocation.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_a_held_row_is_refused_with_the_kinds_of_records_that_hold_it():
    # Given a person who holds a ticket
    ticket = TicketFactory()

    # When the person is deleted through delete_or_refuse
    with translation.override("en"), pytest.raises(ValidationFailed) as info:
        delete_or_refuse(ticket.person, refusal="Held by %(records)s.")

    # Then the refusal names the tickets, and nothing was deleted
    assert info.value.errors == {None: ["Held by tickets."]}
    assert Person.objects.filter(pk=ticket.person_id).exists()


def test_a_free_row_is_deleted():
    ticket = TicketFactory()
    person = ticket.person
    ticket.delete()

    delete_or_refuse(person, refusal="Held by %(records)s.")

    assert not Person.objects.filter(pk=person.pk).exists()
