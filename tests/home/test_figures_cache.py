"""The dashboard's counts are kept in the cache per scope for ARRAIGO_FIGURES_CACHE_SECONDS:
counted once for everyone who sees the same households, never shared across scopes."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("figures_kept")]


def _households(client, user) -> int:
    client.force_login(user)
    return client.get(reverse("home:dashboard")).context["dashboard"].households


def test_figures_are_counted_once_per_scope_while_they_keep(client):
    office = OfficeFactory()
    HouseholdFactory(origin_office=office, status=HouseholdStatus.ELIGIBLE)
    first, second = UserFactory(role=Role.COORDINATOR), UserFactory(role=Role.COORDINATOR)

    assert _households(client, first) == 1
    HouseholdFactory(origin_office=office, status=HouseholdStatus.ELIGIBLE)

    assert _households(client, second) == 1  # the same scope: the kept figures
    cache.clear()
    assert _households(client, second) == 2


def test_figures_are_never_shared_across_scopes(client):
    tapachula, palenque = OfficeFactory(), OfficeFactory()
    HouseholdFactory(origin_office=tapachula, status=HouseholdStatus.ELIGIBLE)
    for _ in range(3):
        HouseholdFactory(origin_office=palenque, status=HouseholdStatus.ELIGIBLE)

    assert _households(client, UserFactory(role=Role.COORDINATOR)) == 4
    assert _households(client, UserFactory(role=Role.ORIGIN_CASEWORKER, office=tapachula)) == 1
    assert _households(client, UserFactory(role=Role.ORIGIN_CASEWORKER, office=palenque)) == 3


def test_the_page_says_when_the_figures_were_counted(client):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    page = client.get(reverse("home:dashboard")).content.decode()

    assert 'data-testid="counted-at"' in page
    assert "they are counted again every few minutes" in page
