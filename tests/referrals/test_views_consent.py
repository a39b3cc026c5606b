"""The partner portal is an exit: after the household withdraws its consent to share with
service partners, the partner keeps the referral (household code, purpose, status) but no
longer reads the person."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.referrals.models import Referral
from arraigo.referrals.services import referral_send

from .conftest import World, consent

pytestmark = pytest.mark.django_db


def _send(world: World, **kwargs) -> Referral:
    return referral_send(
        actor=kwargs.pop("actor", world.host),
        household=world.household,
        person=world.person,
        service=world.service,
        purpose="Daycare for the youngest.",
        **kwargs,
    )


def _pages(client: Client, world: World, referral: Referral) -> tuple[str, str]:
    client.force_login(world.partner)
    detail = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
    listing = client.get(reverse("referrals:referral_list"))
    return detail.content.decode(), listing.content.decode()


def test_the_partner_reads_the_person_while_the_household_consents(client, world):
    referral = _send(world)

    detail, listing = _pages(client, world, referral)

    assert "Ana Pérez López" in detail
    assert "+528441234567" in detail
    assert "Ana Pérez López" in listing


def test_after_a_withdrawal_the_partner_no_longer_reads_the_person(client, world):
    referral = _send(world)
    consent(world.household, False)

    detail, listing = _pages(client, world, referral)

    for page in (detail, listing):
        assert "Pérez" not in page
        assert "Consent withdrawn" in page
        assert "HH-0100" in page  # the referral itself stays
    assert "+528441234567" not in detail


def test_a_coordinators_override_holds_until_the_household_answers_again(client, world):
    consent(world.household, False)
    referral = _send(world, actor=world.coordinator, override_reason="Child at risk.")

    before, _listing = _pages(client, world, referral)
    consent(world.household, True)
    consent(world.household, False)
    after, _listing = _pages(client, world, referral)

    assert "Ana Pérez López" in before
    assert "Pérez" not in after
