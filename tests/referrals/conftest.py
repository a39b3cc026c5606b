from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from arraigo.accounts.models import Role, User
from arraigo.places.models import City, Service
from arraigo.registry.models import Consent, ConsentPurpose, Household, HouseholdStatus, Person
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, ServiceFactory
from tests.registry.factories import PersonFactory


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    city: City
    service: Service
    household: Household
    person: Person
    host: User
    partner: User
    other_partner: User
    coordinator: User


def consent(household: Household, given: bool) -> None:
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.SERVICE_PARTNERS,
        given=given,
        recorded_at=timezone.now(),
    )


@pytest.fixture
def world(db) -> World:
    city = CityFactory(name="Saltillo")
    service = ServiceFactory(
        provider__city=city, provider__name="Casa de Cuidado", name="Guardería"
    )
    person = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING,
        household__host_city=city,
        household__code="HH-0100",
        first_names="Ana",
        last_names="Pérez López",
        phone="+528441234567",
    )
    consent(person.household, True)
    return World(
        city=city,
        service=service,
        household=person.household,
        person=person,
        host=UserFactory(role=Role.HOST_CASEWORKER, city=city),
        partner=UserFactory(role=Role.SERVICE_PARTNER, provider=service.provider),
        other_partner=UserFactory(role=Role.SERVICE_PARTNER),
        coordinator=UserFactory(role=Role.COORDINATOR),
    )
