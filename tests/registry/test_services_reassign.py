"""household_reassign: the registry's side of an accepted transfer (casefile calls it)."""

import pytest
from auditlog.models import LogEntry

from arraigo.registry.models import Household, HouseholdStatus
from arraigo.registry.services import household_reassign
from tests.places.factories import CityFactory, OfficeFactory

from .factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def household() -> Household:
    return household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )


def test_an_office_move_keeps_the_host_city(household):
    city = household.host_city
    palenque = OfficeFactory(name="Palenque")

    moved = household_reassign(household=household, to_office=palenque)

    household.refresh_from_db()
    assert (moved.origin_office, household.origin_office, household.host_city) == (
        palenque,
        palenque,
        city,
    )
    entry = LogEntry.objects.get_for_object(household).first()
    assert set(entry.changes) == {"origin_office"}


def test_a_city_move_keeps_the_office(household):
    office = household.origin_office
    monterrey = CityFactory(name="Monterrey")

    household_reassign(household=household, to_city=monterrey)

    household.refresh_from_db()
    assert (household.host_city, household.origin_office) == (monterrey, office)


@pytest.mark.parametrize("both", [True, False])
def test_it_takes_an_office_or_a_city_not_both_nor_neither(household, both):
    kwargs = {"to_office": OfficeFactory(), "to_city": CityFactory()} if both else {}
    with pytest.raises(ValueError):
        household_reassign(household=household, **kwargs)
