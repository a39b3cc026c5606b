"""The public feedback form lists every city where the programme works (issue 10, item 12):
households waiting in an origin city can say where they live, and their report reaches the
caseworkers of that city's office."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.feedback.models import FeedbackCase
from arraigo.feedback.selectors import feedback_visible_to
from arraigo.places.models import CityKind, OfficeKind
from tests.accounts.factories import UserFactory
from tests.feedback.public_post import public_post
from tests.places.factories import CityFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    return {
        "tapachula": CityFactory(name="Tapachula", state="Chiapas", kind=CityKind.ORIGIN),
        "palenque": CityFactory(name="Palenque", state="Chiapas", kind=CityKind.ORIGIN),
        "saltillo": CityFactory(name="Saltillo", kind=CityKind.HOST),
        "closed": CityFactory(name="Closed town", kind=CityKind.HOST, active=False),
    }


def _groups(html: str) -> dict[str, list[str]]:
    select = re.search(r'<select name="city".*?</select>', html, re.S)
    assert select is not None
    return {
        label: re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", body)
        for label, body in re.findall(
            r'<optgroup label="([^"]+)">(.*?)</optgroup>', select[0], re.S
        )
    }


def test_every_active_city_is_listed_grouped_by_origin_and_host(client: Client, cities):
    html = client.get(reverse("feedback:public_form")).content.decode()

    assert _groups(html) == {
        "Where households wait to move": ["Palenque, Chiapas", "Tapachula, Chiapas"],
        "Where households settle": ["Saltillo, Coahuila"],
    }


def test_a_household_waiting_in_an_origin_city_reaches_that_office(client: Client, cities):
    office = OfficeFactory(city=cities["tapachula"], kind=OfficeKind.ORIGIN)
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=office)
    elsewhere = UserFactory(role=Role.ORIGIN_CASEWORKER, office=OfficeFactory())

    response = public_post(
        client,
        {
            "category": "question",
            "description": "When do we travel?",
            "city": cities["tapachula"].pk,
        },
    )

    case = FeedbackCase.objects.get()
    assert response.status_code == 302
    assert (case.city, case.office) == (cities["tapachula"], office)
    assert list(feedback_visible_to(caseworker)) == [case]
    assert list(feedback_visible_to(elsewhere)) == []
