"""Places services: the service directory (providers and their services)."""

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.places.models import ProviderKind, Service, ServiceCategory, ServiceProvider
from arraigo.places.services import (
    provider_create,
    provider_update,
    service_create,
    service_update,
)
from arraigo.places.types import ProviderData, ServiceData
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, ServiceFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def test_provider_create_stores_contact_details(coordinator) -> None:
    city = CityFactory()

    provider = provider_create(
        actor=coordinator,
        data=ProviderData(
            name="DIF Saltillo",
            kind=ProviderKind.GOVERNMENT,
            city=city,
            contact_name="Coordinación",
            phone="844 410 1234",
            email="contacto@dif.example.org",
            website="https://dif.example.org",
        ),
    )

    stored = ServiceProvider.objects.get(pk=provider.pk)
    assert (stored.name, stored.kind, stored.city_id) == ("DIF Saltillo", "government", city.pk)
    assert stored.phone.as_e164 == "+528444101234"
    assert (stored.email, stored.website) == ("contacto@dif.example.org", "https://dif.example.org")


def test_provider_create_refuses_a_bad_email_and_website(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        provider_create(
            actor=coordinator,
            data=ProviderData(
                name="X", kind=ProviderKind.NGO, city=CityFactory(), email="nope", website="nope"
            ),
        )

    assert refused.value.errors == {
        "email": ["Enter a valid email address."],
        "website": ["Enter a valid URL."],
    }


@pytest.mark.parametrize("role", [Role.SERVICE_PARTNER, Role.EMPLOYER_LIAISON, Role.ME_OFFICER])
def test_provider_create_is_refused_to_roles_other_than_coordinator(role) -> None:
    data = ProviderData(name="X", kind=ProviderKind.NGO, city=CityFactory())

    with pytest.raises(NotPermitted):
        provider_create(actor=UserFactory(role=role), data=data)

    assert not ServiceProvider.objects.filter(name="X").exists()


def test_provider_update_changes_it(coordinator) -> None:
    provider = ServiceProviderFactory(name="Old")
    data = ProviderData(name="New", kind=ProviderKind.PRIVATE, city=provider.city, active=False)

    provider_update(actor=coordinator, provider=provider, data=data)

    provider.refresh_from_db()
    assert (provider.name, provider.kind, provider.active) == ("New", "private", False)


def test_a_service_partner_cannot_edit_even_their_own_provider() -> None:
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    provider = partner.provider
    data = ProviderData(name="Renamed", kind=provider.kind, city=provider.city)

    with pytest.raises(NotPermitted):
        provider_update(actor=partner, provider=provider, data=data)

    provider.refresh_from_db()
    assert provider.name != "Renamed"


def test_service_create_and_update(coordinator) -> None:
    provider = ServiceProviderFactory()

    service = service_create(
        actor=coordinator,
        provider=provider,
        data=ServiceData(
            category=ServiceCategory.LEGAL_AID,
            name="Asesoría migratoria",
            eligibility_notes="Personas refugiadas",
            languages="es, fr, ht",
        ),
    )
    service_update(
        actor=coordinator,
        service=service,
        data=ServiceData(category=ServiceCategory.LEGAL_AID, name="Asesoría legal", active=False),
    )

    stored = Service.objects.get(pk=service.pk)
    assert (stored.provider_id, stored.category, stored.name) == (
        provider.pk,
        "legal_aid",
        "Asesoría legal",
    )
    assert (stored.eligibility_notes, stored.languages, stored.active) == ("", "", False)


def test_service_create_refuses_a_blank_name_and_an_unknown_category(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        service_create(
            actor=coordinator,
            provider=ServiceProviderFactory(),
            data=ServiceData(category="spa", name=""),
        )

    assert refused.value.errors == {
        "category": ["Value 'spa' is not a valid choice."],
        "name": ["This field cannot be blank."],
    }


def test_service_update_is_refused_to_a_service_partner_of_that_provider() -> None:
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    service = ServiceFactory(provider=partner.provider, name="Guardería")

    with pytest.raises(NotPermitted):
        service_update(
            actor=partner,
            service=service,
            data=ServiceData(category=service.category, name="Otro"),
        )

    service.refresh_from_db()
    assert service.name == "Guardería"
