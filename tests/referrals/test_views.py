"""Referral pages: the partner portal shows only its own referrals and only what is shared."""

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.referrals.models import Referral, ReferralStatus
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.places.factories import ServiceFactory

from .conftest import World, consent

pytestmark = pytest.mark.django_db


def _send(world: World, service=None) -> Referral:
    return referral_send(
        actor=world.host,
        household=world.household,
        person=world.person,
        service=service or world.service,
        purpose="Daycare for the youngest.",
    )


def test_a_partner_lists_only_referrals_to_its_organisation(client: Client, world: World):
    ours = _send(world)
    _send(world, service=ServiceFactory(provider__city=world.city))
    client.force_login(world.partner)

    response = client.get(reverse("referrals:referral_list"))

    assert [r.pk for r in response.context["page_obj"]] == [ours.pk]
    assert response.context["chart"]["rows"][0]["value"] == 1  # sent


def test_another_partner_gets_404_on_the_referral(client: Client, world: World):
    referral = _send(world)
    client.force_login(world.other_partner)

    assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 404
    response = client.post(
        reverse("referrals:referral_detail", args=[referral.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_the_partner_page_shows_only_the_shared_fields(client: Client, world: World):
    referral = _send(world)
    world.person.last_names = "Changed After Sending"
    world.person.save()
    client.force_login(world.partner)

    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()

    assert "Ana Pérez López" in page  # the copy made when it was sent
    assert "Changed After Sending" not in page
    assert reverse("registry:household_detail", args=[world.household.pk]) not in page
    assert world.host.username not in page  # who sent it stays inside the programme


def test_a_partner_cannot_open_the_case(client: Client, world: World):
    _send(world)
    client.force_login(world.partner)

    url = reverse("registry:household_detail", args=[world.household.pk])
    assert client.get(url).status_code in (403, 404)


def test_the_partner_accepts_and_completes_on_the_page(client: Client, world: World):
    referral = _send(world)
    client.force_login(world.partner)
    url = reverse("referrals:referral_detail", args=[referral.pk])

    assert client.post(url, {"action": "accept"}).status_code == 302
    response = client.post(url, {"action": "complete", "outcome_note": "Enrolled."})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_note) == (ReferralStatus.COMPLETED, "Enrolled.")


def test_the_caseworker_refers_from_the_household(client: Client, world: World):
    client.force_login(world.host)
    url = reverse("referrals:referral_create", args=[world.household.pk])

    response = client.post(
        url, {"person": world.person.pk, "service": world.service.pk, "purpose": "Daycare."}
    )

    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:referral_detail", args=[referral.pk])
    household_page = client.get(reverse("registry:household_detail", args=[world.household.pk]))
    assert (
        reverse("referrals:referral_detail", args=[referral.pk]) in household_page.content.decode()
    )


def test_without_consent_the_form_says_why_and_keeps_the_purpose(client: Client, world: World):
    consent(world.household, False)
    client.force_login(world.host)
    url = reverse("referrals:referral_create", args=[world.household.pk])

    response = client.post(
        url, {"person": world.person.pk, "service": world.service.pk, "purpose": "Daycare."}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        "No referral: the household refused consent to share with service partners."
    ]
    assert form["purpose"].value() == "Daycare."
    assert Referral.objects.count() == 0


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.ME_OFFICER])
def test_roles_without_referrals_are_refused(client: Client, world: World, role):
    client.force_login(UserFactory(role=role))

    response = client.get(reverse("referrals:referral_list"))

    # The M&E officer is sent to the figures instead (tests/monitoring/test_views.py).
    expected = 302 if role == Role.ME_OFFICER else 403
    assert response.status_code == expected
