"""Case notes are encrypted at rest, both tiers: the table holds tokens, the household page
shows the text to those allowed its tier."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.casefile.models import CaseNote, NoteTier
from arraigo.casefile.services import note_add
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.core.stored import stored
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

PROTECTED = "She disclosed violence by her former partner; referred to the shelter."
ORDINARY = "Looking for a flat nearer work."


def test_notes_of_both_tiers_are_stored_encrypted_and_shown_as_written(client: Client):
    household = household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )
    host = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)
    ordinary = note_add(actor=host, household=household, text=ORDINARY)
    protected = note_add(actor=host, household=household, text=PROTECTED, tier=NoteTier.PROTECTION)

    raw = [stored("registry_casenote", "text", note.pk) for note in (ordinary, protected)]
    assert all(value.startswith("gAAAAA") for value in raw)
    assert not any("flat" in value or "violence" in value for value in raw)
    assert sorted(CaseNote.objects.values_list("text", flat=True)) == [ORDINARY, PROTECTED]

    client.force_login(host)
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert ORDINARY in page
    assert "violence by her former partner" in page
