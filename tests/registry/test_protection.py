"""People's protection status: recorded on the person from the programme's list (never
guessed from documents), on the registration and member forms, shown on the household page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Household
from arraigo.registry.protection import protection_codes
from arraigo.registry.services import person_add
from tests.accounts.factories import UserFactory
from tests.registry.person_data import child_data

from .test_views_register import CREATE_URL, registration_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


def test_the_programme_lists_the_statuses():
    assert protection_codes() == [
        "refugee",
        "complementary_protection",
        "asylum_seeker",
        "stateless",
        "national",
    ]


def test_registration_records_the_status_and_the_household_page_shows_it(client):
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER)
    client.force_login(caseworker)
    form = client.get(CREATE_URL).context["registration"].head.person
    assert [label for _code, label in form.fields["protection_status"].choices] == [
        "Not recorded",
        "Refugee",
        "Complementary protection",
        "Asylum seeker",
        "Stateless",
        "National (born in Mexico)",
    ]

    client.post(
        CREATE_URL,
        registration_post(caseworker.office.pk, members=0, **{"head-protection_status": "refugee"}),
    )

    household = Household.objects.get()
    assert household.members.get().protection_status == "refugee"
    page = client.get(reverse("registry:household_detail", args=[household.pk]))
    assert "<dt>Protection status</dt><dd>Refugee</dd>" in page.content.decode()


def test_a_status_not_in_the_programme_list_is_refused():
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER)
    from tests.registry.person_data import register

    household = register(caseworker, caseworker.office)

    with pytest.raises(ValidationFailed) as refused:
        person_add(
            actor=caseworker,
            household=household,
            data=child_data(protection_status="guessed_from_documents"),
        )

    assert refused.value.errors == {"protection_status": ["Choose one of the listed options."]}
