import re

import pytest
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def offices():
    tapachula = OfficeFactory(name="Tapachula")
    palenque = OfficeFactory(name="Palenque")
    for office, n in ((tapachula, 2), (palenque, 3)):
        for _ in range(n):
            PersonFactory(
                household=HouseholdFactory(origin_office=office, status=HouseholdStatus.ELIGIBLE)
            )
    return {"tapachula": tapachula, "palenque": palenque}


def test_coordinator_dashboard(client, offices):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    response = client.get(reverse("home:dashboard"), **EN)

    assert response.status_code == 200
    data = response.context["dashboard"]
    assert (data.households, data.people) == (5, 5)
    assert data.by_origin_office.rows == [("Palenque", 3), ("Tapachula", 2)]
    html = response.content.decode()
    assert "Households by status" in html
    assert "<td>Palenque</td><td>3</td>" in html
    assert "<figure" in html


def test_caseworker_dashboard_counts_only_their_office(client, offices):
    client.force_login(UserFactory(role=Role.ORIGIN_CASEWORKER, office=offices["tapachula"]))

    response = client.get(reverse("home:dashboard"), **EN)

    data = response.context["dashboard"]
    assert (data.households, data.people) == (2, 2)
    assert data.by_origin_office.rows == [("Tapachula", 2)]
    assert "Palenque" not in response.content.decode()


def test_dashboard_query_count_is_fixed(client, offices, django_assert_num_queries):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    # session, user, permissions (2), the five dashboard queries, then five "to do" counts
    with django_assert_num_queries(14):
        client.get(reverse("home:dashboard"))
    for _ in range(4):
        HouseholdFactory(origin_office=OfficeFactory())
    with django_assert_num_queries(14):
        client.get(reverse("home:dashboard"))


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.SERVICE_PARTNER, Role.EMPLOYER_LIAISON])
def test_roles_without_households_get_a_welcome_page(client, offices, role):
    client.force_login(UserFactory(role=role, first_name="Lupe"))

    response = client.get(reverse("home:dashboard"), **EN)

    assert response.status_code == 200
    assert response.templates[0].name == "home/welcome.html"
    assert "dashboard" not in response.context
    html = response.content.decode()
    assert "Welcome, Lupe" in html
    assert "Households by status" not in html


def test_employer_liaison_welcome_links_to_employers_and_vacancies(client):
    client.force_login(UserFactory(role=Role.EMPLOYER_LIAISON))

    response = client.get(reverse("home:dashboard"), **EN)

    names = [item["name"] for item in response.context["nav_items"]]
    assert "home:dashboard" not in names
    assert "registry:household_list" not in names
    for item in response.context["nav_items"]:
        assert f'href="{item["url"]}"' in response.content.decode()


def test_signed_out_visitors_go_to_the_login_page(client):
    response = client.get(reverse("home:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_chart_coordinates_keep_a_decimal_point_in_spanish(client, offices):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    html = client.get(reverse("home:dashboard"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert 'width="210.0"' in html
    assert 'width="140.0"' in html
    assert re.search(r'="\d+,\d+"', html) is None
