"""Referrals to a shelter for survivors of violence are protection-sensitive: only roles with
the protection tier (and the shelter itself) see them, or may send them."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted
from arraigo.places.models import ServiceCategory
from arraigo.referrals.models import Referral
from arraigo.referrals.selectors import referrals_visible_to, services_for
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.places.factories import ServiceFactory

from .conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(world: World):
    return ServiceFactory(
        provider__city=world.city,
        provider__name="Refugio Esperanza",
        name="Refugio temporal",
        category=ServiceCategory.VIOLENCE_SHELTER,
    )


def _send(world: World, service, actor=None) -> Referral:
    return referral_send(
        actor=actor or world.host,
        household=world.household,
        person=world.person,
        service=service,
        purpose="Safe place for the mother and children",
    )


def test_the_host_team_coordinator_and_shelter_see_it(world: World, shelter):
    referral = _send(world, shelter)
    shelter_user = UserFactory(role=Role.SERVICE_PARTNER, provider=shelter.provider)

    for user in (world.host, world.coordinator, shelter_user):
        assert list(referrals_visible_to(user)) == [referral]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ORIGIN_CASEWORKER])
def test_roles_without_the_tier_do_not_see_it_but_see_the_others(world: World, shelter, role):
    hidden = _send(world, shelter)
    daycare = _send(world, world.service)
    user = UserFactory(role=role, office=world.household.origin_office)

    visible = list(referrals_visible_to(user))

    assert hidden not in visible
    assert daycare in visible


def test_the_form_offers_the_shelter_only_to_the_tier(world: World, shelter):
    origin = UserFactory(role=Role.ORIGIN_CASEWORKER, office=world.household.origin_office)

    assert shelter in services_for(world.household, world.host)
    assert shelter not in services_for(world.household, origin)
    assert world.service in services_for(world.household, origin)


def test_sending_without_the_tier_is_refused(world: World, shelter):
    origin = UserFactory(role=Role.ORIGIN_CASEWORKER, office=world.household.origin_office)

    with pytest.raises(NotPermitted, match="protection-sensitive"):
        _send(world, shelter, actor=origin)
    assert Referral.objects.count() == 0


def test_the_auditor_gets_404_on_the_page(client: Client, world: World, shelter):
    referral = _send(world, shelter)
    client.force_login(UserFactory(role=Role.AUDITOR))

    assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 404
    listing = client.get(reverse("referrals:referral_list"))
    assert list(listing.context["page_obj"]) == []
