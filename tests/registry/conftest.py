"""Fixtures the registry's page tests share: an origin caseworker and a household of two
(a head and a child) they registered."""

import pytest

from arraigo.accounts.models import Role
from arraigo.registry import services
from arraigo.registry.models import Household, Modality
from tests.accounts.factories import UserFactory
from tests.registry.person_data import child_data, head_data


@pytest.fixture
def caseworker():
    return UserFactory(role=Role.ORIGIN_CASEWORKER)


@pytest.fixture
def household(caseworker) -> Household:
    return services.household_register(
        actor=caseworker,
        origin_office=caseworker.office,
        modality=Modality.RELOCATION,
        head=head_data(),
        members=[child_data()],
    )
