import pytest

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory


@pytest.fixture
def office():
    return OfficeFactory(code="tap")


@pytest.fixture
def host_city():
    return CityFactory(code="saltillo")


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def caseworker(office):
    return UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)
