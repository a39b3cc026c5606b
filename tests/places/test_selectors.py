"""Places selectors: what each role sees, the list annotations and the city page data."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from arraigo.accounts.models import Role
from arraigo.places.models import CapacityDimension, CityKind, ServiceCategory
from arraigo.places.selectors import (
    capacity_cells,
    cities_list,
    cities_visible_to,
    city_detail,
    provider_detail,
    provider_get_for,
    providers_list,
    service_get_for,
    states_list,
)
from tests.accounts.factories import UserFactory
from tests.places.factories import (
    CapacityFactory,
    CityFactory,
    OfficeFactory,
    ServiceFactory,
    ServiceProviderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 1)
THIS_YEAR = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}
LAST_YEAR = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


# --- cities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        Role.COORDINATOR,
        Role.ORIGIN_CASEWORKER,
        Role.HOST_CASEWORKER,
        Role.EMPLOYER_LIAISON,
        Role.ME_OFFICER,
        Role.AUDITOR,
    ],
)
def test_roles_with_view_city_see_every_city(role) -> None:
    user = UserFactory(role=role)
    cities = [CityFactory(), CityFactory(kind=CityKind.ORIGIN)]

    assert set(cities) <= set(cities_visible_to(user))


@pytest.mark.parametrize("role", [Role.SERVICE_PARTNER, Role.EMPLOYER])
def test_roles_without_view_city_see_no_city(role) -> None:
    user = UserFactory(role=role)
    CityFactory()

    assert list(cities_visible_to(user)) == []
    assert list(cities_list(user)) == []


def test_an_anonymous_user_sees_no_city() -> None:
    CityFactory()

    assert list(cities_visible_to(AnonymousUser())) == []


def test_cities_list_annotates_current_capacity_and_active_providers(coordinator) -> None:
    city = CityFactory(name="Saltillo")
    CapacityFactory(
        city=city, dimension=CapacityDimension.HOUSING_UNITS, amount=50, reserved=7, **THIS_YEAR
    )
    CapacityFactory(city=city, dimension=CapacityDimension.SCHOOL_PLACES, amount=30, **THIS_YEAR)
    CapacityFactory(
        city=city, dimension=CapacityDimension.HOUSING_UNITS, amount=99, reserved=99, **LAST_YEAR
    )
    ServiceProviderFactory.create_batch(2, city=city)
    ServiceProviderFactory(city=city, active=False)

    (row,) = [c for c in cities_list(coordinator, today=TODAY) if c.pk == city.pk]

    assert row.provider_count == 2
    cells = {
        cell.dimension: (cell.amount, cell.reserved, cell.available) for cell in capacity_cells(row)
    }
    assert cells == {
        "reception_beds": (0, 0, 0),
        "housing_units": (50, 7, 43),
        "school_places": (30, 0, 30),
        "daycare_places": (0, 0, 0),
        "specialised_places": (0, 0, 0),
    }


def test_cities_list_filters_by_kind_with_both_in_either(coordinator) -> None:
    host = CityFactory(kind=CityKind.HOST)
    origin = CityFactory(kind=CityKind.ORIGIN)
    both = CityFactory(kind=CityKind.BOTH)

    assert set(cities_list(coordinator, kind="host")) == {host, both}
    assert set(cities_list(coordinator, kind="origin")) == {origin, both}
    assert set(cities_list(coordinator)) == {host, origin, both}


def test_cities_list_searches_name_state_and_code_and_filters_state(coordinator) -> None:
    leon = CityFactory(name="León", state="Guanajuato", code="leon")
    queretaro = CityFactory(name="Querétaro", state="Querétaro", code="qro")

    assert list(cities_list(coordinator, search="guanaj")) == [leon]
    assert list(cities_list(coordinator, search="qro")) == [queretaro]
    assert list(cities_list(coordinator, state="Querétaro")) == [queretaro]
    assert states_list(coordinator) == ["Guanajuato", "Querétaro"]


def test_city_detail_groups_capacity_by_period_and_services_by_category(coordinator) -> None:
    city = CityFactory()
    CapacityFactory(city=city, dimension=CapacityDimension.SCHOOL_PLACES, **THIS_YEAR)
    CapacityFactory(city=city, dimension=CapacityDimension.HOUSING_UNITS, **THIS_YEAR)
    CapacityFactory(city=city, dimension=CapacityDimension.HOUSING_UNITS, **LAST_YEAR)
    office = OfficeFactory(city=city)
    legal = ServiceFactory(provider__city=city, category=ServiceCategory.LEGAL_AID)
    daycare = ServiceFactory(provider__city=city, category=ServiceCategory.DAYCARE)
    ServiceFactory(provider__city=city, category=ServiceCategory.HEALTH, active=False)
    ServiceFactory(category=ServiceCategory.HEALTH)  # another city

    detail = city_detail(coordinator, city.pk, today=TODAY)

    assert [(p.start, p.is_current) for p in detail.periods] == [
        (dt.date(2025, 1, 1), False),
        (dt.date(2026, 1, 1), True),
    ]
    assert [c.dimension for c in detail.periods[1].rows] == ["housing_units", "school_places"]
    assert detail.offices == [office]
    assert [(g.category, g.services) for g in detail.services_by_category] == [
        ("daycare", [daycare]),
        ("legal_aid", [legal]),
    ]
    assert detail.services_by_category[0].label == "Daycare"


def test_city_detail_is_404_for_a_user_without_view_city() -> None:
    city = CityFactory()

    with pytest.raises(Http404):
        city_detail(UserFactory(role=Role.SERVICE_PARTNER), city.pk)


# --- service directory ----------------------------------------------------------------------


def test_a_service_partner_sees_only_their_own_provider() -> None:
    partner = UserFactory(role=Role.SERVICE_PARTNER)
    other = ServiceProviderFactory()

    assert list(providers_list(partner)) == [partner.provider]
    assert provider_get_for(partner, partner.provider.pk) == partner.provider
    with pytest.raises(Http404):
        provider_get_for(partner, other.pk)
    with pytest.raises(Http404):
        provider_detail(partner, other.pk)
    with pytest.raises(Http404):
        service_get_for(partner, ServiceFactory(provider=other).pk)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOST_CASEWORKER, Role.AUDITOR])
def test_other_readers_see_every_provider(role) -> None:
    providers = ServiceProviderFactory.create_batch(2)

    assert set(providers) <= set(providers_list(UserFactory(role=role)))


def test_an_employer_sees_no_provider() -> None:
    provider = ServiceProviderFactory()

    assert list(providers_list(UserFactory(role=Role.EMPLOYER))) == []
    with pytest.raises(Http404):
        provider_get_for(UserFactory(role=Role.EMPLOYER), provider.pk)


def test_providers_list_filters_by_city_category_and_search(coordinator) -> None:
    saltillo = CityFactory(name="Saltillo")
    dif = ServiceProviderFactory(name="DIF Saltillo", city=saltillo)
    ServiceFactory(provider=dif, category=ServiceCategory.DAYCARE, name="Guardería")
    ServiceFactory(provider=dif, category=ServiceCategory.PSYCHOSOCIAL, name="Apoyo")
    clinic = ServiceProviderFactory(name="Clínica Jurídica")
    ServiceFactory(provider=clinic, category=ServiceCategory.LEGAL_AID, name="Asesoría")
    ServiceFactory(provider=clinic, category=ServiceCategory.DAYCARE, active=False)

    assert list(providers_list(coordinator, city=saltillo)) == [dif]
    assert list(providers_list(coordinator, category="daycare")) == [dif]
    assert list(providers_list(coordinator, category="legal_aid")) == [clinic]
    assert list(providers_list(coordinator, search="guarder")) == [dif]
    assert list(providers_list(coordinator, search="saltillo")) == [dif]
    (listed,) = providers_list(coordinator, search="jurídica")
    assert [s.name for s in listed.active_services] == ["Asesoría"]


def test_provider_detail_groups_all_its_services_by_category(coordinator) -> None:
    provider = ServiceProviderFactory()
    legal = ServiceFactory(provider=provider, category=ServiceCategory.LEGAL_AID)
    closed = ServiceFactory(provider=provider, category=ServiceCategory.DAYCARE, active=False)

    found, groups = provider_detail(coordinator, provider.pk)

    assert found == provider
    assert [(g.label, g.services) for g in groups] == [
        ("Daycare", [closed]),
        ("Legal aid", [legal]),
    ]
