"""The city page's employers section: a jobs tag the places template includes (places imports
nothing from jobs)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.jobs.models import VacancyStatus
from arraigo.jobs.templatetags.jobs_tags import city_employers_section
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db


def _section(user, city):
    return city_employers_section({"request": SimpleNamespace(user=user)}, city)


def test_the_section_lists_employers_with_open_seats_only() -> None:
    city = CityFactory()
    hiring = EmployerFactory(city=city, name="Hiring")
    VacancyFactory(employer=hiring, seats=5, seats_reserved=2)
    full = EmployerFactory(city=city, name="Full")
    VacancyFactory(employer=full, seats=2, seats_reserved=2)
    VacancyFactory(employer=full, seats=9, status=VacancyStatus.CLOSED)
    EmployerFactory(city=city, name="Idle")

    section = _section(UserFactory(role=Role.COORDINATOR), city)

    assert section["shown"] is True
    assert [(e.name, e.open_seats) for e in section["employers"]] == [("Hiring", 3)]


def test_the_section_is_hidden_from_a_role_without_view_employer() -> None:
    city = CityFactory()
    VacancyFactory(employer=EmployerFactory(city=city), seats=5)

    assert _section(UserFactory(role=Role.SERVICE_PARTNER), city) == {"shown": False}


def test_the_city_page_shows_the_section(client) -> None:
    city = CityFactory()
    VacancyFactory(employer=EmployerFactory(city=city, name="Hiring SA"), seats=4)
    client.force_login(UserFactory(role=Role.COORDINATOR))

    html = client.get(reverse("places:city_detail", args=[city.pk])).content.decode()

    assert "Employers with open seats" in html
    assert "Hiring SA" in html
