"""Service directory pages: list, provider page and forms, and who may reach them."""

import pytest
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.places.models import Service, ServiceCategory, ServiceProvider
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, ServiceFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db


def _login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


@pytest.fixture
def coordinator_client(client):
    _login(client, Role.COORDINATOR)
    return client


def test_provider_list_shows_a_service_partner_only_their_provider(client) -> None:
    partner = _login(client, Role.SERVICE_PARTNER)
    ServiceProviderFactory(name="Someone else")

    response = client.get(reverse("places:provider_list"))

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [partner.provider]
    assert "Someone else" not in response.content.decode()


def test_provider_list_filters_by_category_and_keeps_the_choice(coordinator_client) -> None:
    ServiceFactory(provider__name="Guardería Sol", category=ServiceCategory.DAYCARE)
    ServiceFactory(provider__name="Clínica", category=ServiceCategory.HEALTH)

    response = coordinator_client.get(reverse("places:provider_list"), {"category": "daycare"})

    assert [p.name for p in response.context["page_obj"]] == ["Guardería Sol"]
    assert response.context["form"]["category"].value() == "daycare"


def test_provider_list_is_forbidden_to_an_employer(client) -> None:
    _login(client, Role.EMPLOYER)

    assert client.get(reverse("places:provider_list")).status_code == 403


@pytest.mark.parametrize("providers", [2, 6])
def test_provider_list_query_count_is_fixed(
    coordinator_client, django_assert_num_queries, providers
) -> None:
    for _ in range(providers):
        provider = ServiceProviderFactory()
        ServiceFactory.create_batch(2, provider=provider)

    with django_assert_num_queries(8):
        response = coordinator_client.get(reverse("places:provider_list"))

    assert len(response.context["page_obj"]) == providers


def test_provider_page_shows_services_and_contact(coordinator_client) -> None:
    provider = ServiceProviderFactory(name="DIF Saltillo", email="dif@example.org")
    ServiceFactory(
        provider=provider, name="Guardería", eligibility_notes="Niñas y niños de 1 a 4 años"
    )

    response = coordinator_client.get(reverse("places:provider_detail", args=[provider.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "dif@example.org" in html
    assert "Niñas y niños de 1 a 4 años" in html


def test_a_service_partner_gets_404_on_another_provider_page(client) -> None:
    partner = _login(client, Role.SERVICE_PARTNER)
    other = ServiceProviderFactory()

    assert client.get(reverse("places:provider_detail", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("places:provider_detail", args=[partner.provider.pk])).status_code == 200
    )


def test_a_service_partner_cannot_edit_their_provider(client) -> None:
    partner = _login(client, Role.SERVICE_PARTNER)

    response = client.get(reverse("places:provider_update", args=[partner.provider.pk]))

    assert response.status_code == 403


def test_coordinator_creates_a_provider_then_a_service(coordinator_client) -> None:
    city = CityFactory()

    created = coordinator_client.post(
        reverse("places:provider_create"),
        {
            "name": "Casa Refugiados",
            "kind": "ngo",
            "city": city.pk,
            "phone": "",
            "email": "",
            "website": "",
            "active": "on",
        },
    )
    provider = ServiceProvider.objects.get(name="Casa Refugiados")
    service = coordinator_client.post(
        reverse("places:service_create", args=[provider.pk]),
        {"category": "legal_aid", "name": "Asesoría", "languages": "es, ht", "active": "on"},
    )

    assert created.url == reverse("places:provider_detail", args=[provider.pk])
    assert service.status_code == 302
    assert Service.objects.get(provider=provider).languages == "es, ht"


def test_provider_form_keeps_typed_values_on_error(coordinator_client) -> None:
    response = coordinator_client.post(
        reverse("places:provider_create"),
        {
            "name": "Casa Refugiados",
            "kind": "ngo",
            "city": "",
            "phone": "",
            "email": "bad",
            "website": "",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"city", "email"}
    assert 'value="Casa Refugiados"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR])
def test_read_only_roles_cannot_create_a_provider(client, role) -> None:
    _login(client, role)
    city = CityFactory()

    response = client.post(
        reverse("places:provider_create"),
        {"name": "X", "kind": "ngo", "city": city.pk, "phone": "", "email": "", "website": ""},
    )

    assert response.status_code == 403
    assert not ServiceProvider.objects.filter(name="X").exists()


def test_coordinator_edits_a_service(coordinator_client) -> None:
    service = ServiceFactory(name="Guardería")

    response = coordinator_client.post(
        reverse("places:service_update", args=[service.pk]),
        {"category": service.category, "name": "Guardería DIF", "active": "on"},
    )

    assert response.url == reverse("places:provider_detail", args=[service.provider_id])
    service.refresh_from_db()
    assert service.name == "Guardería DIF"
