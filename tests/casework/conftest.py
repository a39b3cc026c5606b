import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from arraigo.accounts.models import Role, User
from arraigo.places.models import City
from arraigo.registry.models import Household, HouseholdStatus, StatusChange
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import PersonFactory, household_with_head

ARRIVED_AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    city: City
    household: Household
    host: User
    coordinator: User


@pytest.fixture
def world(db) -> World:
    """A mother (a worker, 34) and her daughter (9) who arrived in Saltillo on 1 September."""
    city = CityFactory(name="Saltillo")
    household = household_with_head(status=HouseholdStatus.INTEGRATING, host_city=city)
    today = timezone.localdate()
    PersonFactory(
        household=household,
        first_names="Luz",
        date_of_birth=dt.date(today.year - 9, 1, 15),
        relationship="child",
        willing_to_work=False,
        able_to_work=False,
    )
    StatusChange.objects.create(
        household=household, from_status="travelled", to_status="arrived", changed_at=ARRIVED_AT
    )
    return World(
        city=city,
        household=household,
        host=UserFactory(role=Role.HOST_CASEWORKER, city=city),
        coordinator=UserFactory(role=Role.COORDINATOR),
    )
