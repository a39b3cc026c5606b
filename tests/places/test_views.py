"""Places pages: cities, city page and capacity form, and who may reach them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.places.models import Capacity, CapacityDimension, City, CityKind, Office
from tests.accounts.factories import UserFactory
from tests.places.factories import CapacityFactory, CityFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _this_year() -> dict[str, dt.date]:
    today = timezone.localdate()
    return {
        "period_start": today.replace(month=1, day=1),
        "period_end": today.replace(month=12, day=31),
    }


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(role=Role.COORDINATOR))
    return client


def _login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def _cities_with_capacity_and_providers(count: int) -> None:
    for _ in range(count):
        city = CityFactory()
        CapacityFactory(city=city, **_this_year())
        ServiceFactory(provider__city=city)


# --- city list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.HOST_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_city_list_answers_readers(client, role) -> None:
    _login(client, role)
    CityFactory(name="Saltillo")

    response = client.get(reverse("places:city_list"))

    assert response.status_code == 200
    assert "Saltillo" in [city.name for city, _cells in response.context["rows"]]


@pytest.mark.parametrize("role", [Role.SERVICE_PARTNER, Role.EMPLOYER])
def test_city_list_is_forbidden_to_roles_without_view_city(client, role) -> None:
    _login(client, role)

    assert client.get(reverse("places:city_list")).status_code == 403


def test_city_list_redirects_anonymous_users_to_login(client) -> None:
    response = client.get(reverse("places:city_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_city_list_filters_and_keeps_the_filter_values(coordinator_client) -> None:
    CityFactory(name="Saltillo", kind=CityKind.HOST, state="Coahuila")
    CityFactory(name="Tapachula", kind=CityKind.ORIGIN, state="Chiapas")

    response = coordinator_client.get(
        reverse("places:city_list"), {"kind": "origin", "search": "tapa"}
    )

    assert [city.name for city, _cells in response.context["rows"]] == ["Tapachula"]
    assert response.context["form"]["search"].value() == "tapa"
    assert 'value="tapa"' in response.content.decode()


@pytest.mark.parametrize("cities", [2, 6])
def test_city_list_query_count_is_fixed(
    coordinator_client, django_assert_num_queries, cities
) -> None:
    _cities_with_capacity_and_providers(cities)

    with django_assert_num_queries(7):
        response = coordinator_client.get(reverse("places:city_list"))

    assert len(response.context["rows"]) == cities


# --- city page ------------------------------------------------------------------------------


def test_city_page_shows_capacity_chart_services_and_employers(coordinator_client) -> None:
    city = CityFactory(name="Saltillo")
    CapacityFactory(
        city=city, dimension=CapacityDimension.HOUSING_UNITS, amount=50, reserved=20, **_this_year()
    )
    ServiceFactory(provider__city=city, provider__name="DIF Saltillo", name="Guardería")

    response = coordinator_client.get(reverse("places:city_detail", args=[city.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Housing units: capacity" in html
    assert "Housing units: reserved" in html
    assert "DIF Saltillo" in html and "Guardería" in html
    (_period, chart) = response.context["periods"][0]
    assert [(row["label"], row["value"]) for row in chart["rows"]] == [
        ("Housing units: capacity", 50),
        ("Housing units: reserved", 20),
    ]


def test_city_page_is_404_for_a_service_partner(client) -> None:
    _login(client, Role.SERVICE_PARTNER)
    city = CityFactory()

    assert client.get(reverse("places:city_detail", args=[city.pk])).status_code == 404


def test_city_page_is_404_for_a_city_that_does_not_exist(coordinator_client) -> None:
    assert coordinator_client.get(reverse("places:city_detail", args=[999999])).status_code == 404


# --- city forms -----------------------------------------------------------------------------


def test_coordinator_creates_a_city(coordinator_client) -> None:
    response = coordinator_client.post(
        reverse("places:city_create"),
        {
            "name": "Aguascalientes",
            "code": "ags",
            "state": "Aguascalientes",
            "kind": "host",
            "active": "on",
        },
    )

    city = City.objects.get(code="ags")
    assert response.status_code == 302
    assert response.url == reverse("places:city_detail", args=[city.pk])


def test_city_form_keeps_typed_values_and_shows_the_service_refusal(coordinator_client) -> None:
    CityFactory(code="ags")

    response = coordinator_client.post(
        reverse("places:city_create"),
        {"name": "Aguascalientes", "code": "ags", "state": "Aguascalientes", "kind": "host"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"code": ["A city with the code ags already exists."]}
    html = response.content.decode()
    assert 'value="Aguascalientes"' in html
    assert "A city with the code ags already exists." in html


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR])
def test_read_only_roles_cannot_create_a_city(client, role) -> None:
    _login(client, role)

    response = client.post(
        reverse("places:city_create"), {"name": "X", "code": "x", "state": "Y", "kind": "host"}
    )

    assert response.status_code == 403
    assert not City.objects.filter(code="x").exists()


def test_coordinator_edits_a_city_from_a_prefilled_form(coordinator_client) -> None:
    city = CityFactory(name="Saltilo", code="slt", state="Coahuila")

    page = coordinator_client.get(reverse("places:city_update", args=[city.pk]))
    response = coordinator_client.post(
        reverse("places:city_update", args=[city.pk]),
        {"name": "Saltillo", "code": "slt", "state": "Coahuila", "kind": "host", "active": "on"},
    )

    assert page.context["form"]["name"].value() == "Saltilo"
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.name == "Saltillo"


# --- capacity form --------------------------------------------------------------------------


def test_capacity_form_is_prefilled_from_the_row_it_edits(coordinator_client) -> None:
    row = CapacityFactory(amount=44)

    response = coordinator_client.get(
        reverse("places:capacity_edit", args=[row.city.pk]),
        {"dimension": row.dimension, "period_start": "2026-01-01"},
    )

    form = response.context["form"]
    assert (form["amount"].value(), form["period_end"].value()) == (44, dt.date(2026, 12, 31))


def test_capacity_form_saves_and_returns_to_the_city(coordinator_client) -> None:
    city = CityFactory(kind=CityKind.HOST)

    response = coordinator_client.post(
        reverse("places:capacity_edit", args=[city.pk]),
        {
            "dimension": "daycare_places",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "amount": "12",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("places:city_detail", args=[city.pk])
    assert Capacity.objects.get(city=city).amount == 12


def test_capacity_form_keeps_input_and_shows_why_it_was_refused(coordinator_client) -> None:
    row = CapacityFactory(amount=50, reserved=30)

    response = coordinator_client.post(
        reverse("places:capacity_edit", args=[row.city.pk]),
        {
            "dimension": row.dimension,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "amount": "25",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount": ["The amount cannot go below the 30 already reserved."]
    }
    assert 'value="25"' in response.content.decode()
    row.refresh_from_db()
    assert row.amount == 50


def test_capacity_form_is_forbidden_to_a_liaison(client) -> None:
    _login(client, Role.EMPLOYER_LIAISON)
    city = CityFactory()

    assert client.get(reverse("places:capacity_edit", args=[city.pk])).status_code == 403


def test_capacity_post_by_an_me_officer_is_refused(client) -> None:
    _login(client, Role.ME_OFFICER)
    city = CityFactory()

    response = client.post(
        reverse("places:capacity_edit", args=[city.pk]),
        {
            "dimension": "daycare_places",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "amount": "12",
        },
    )

    assert response.status_code == 403
    assert not Capacity.objects.exists()


# --- offices --------------------------------------------------------------------------------


def test_coordinator_adds_and_edits_an_office(coordinator_client) -> None:
    city = CityFactory(kind=CityKind.HOST)

    created = coordinator_client.post(
        reverse("places:office_create", args=[city.pk]),
        {"name": "Oficina Saltillo", "code": "slt", "kind": "host", "address": "", "phone": ""},
    )
    office = Office.objects.get(code="slt")
    edited = coordinator_client.post(
        reverse("places:office_update", args=[office.pk]),
        {
            "name": "Oficina Saltillo Centro",
            "code": "slt",
            "kind": "host",
            "address": "",
            "phone": "",
        },
    )

    assert (created.status_code, edited.status_code) == (302, 302)
    office.refresh_from_db()
    assert (office.city_id, office.name) == (city.pk, "Oficina Saltillo Centro")


def test_office_form_shows_the_kind_refusal(coordinator_client) -> None:
    city = CityFactory(kind=CityKind.ORIGIN)

    response = coordinator_client.post(
        reverse("places:office_create", args=[city.pk]),
        {"name": "X", "code": "x", "kind": "host", "address": "", "phone": ""},
    )

    assert response.context["form"].errors == {
        "kind": ["A host-city office must be in a host city."]
    }
