"""Places services: cities, offices and capacity. Happy paths and every refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.registry import auditlog

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.places.models import (
    Capacity,
    CapacityDimension,
    City,
    CityKind,
    Office,
    OfficeKind,
    Service,
    ServiceProvider,
)
from arraigo.places.services import (
    capacity_set,
    city_create,
    city_update,
    office_create,
    office_update,
)
from arraigo.places.types import CityData, OfficeData
from tests.accounts.factories import UserFactory
from tests.places.factories import CapacityFactory, CityFactory, OfficeFactory

pytestmark = pytest.mark.django_db

YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2026, 12, 31)


@pytest.fixture
def coordinator():
    return UserFactory(role=Role.COORDINATOR)


def _city_data(**overrides) -> CityData:
    values = {
        "name": "Saltillo",
        "code": "saltillo",
        "state": "Coahuila",
        "kind": CityKind.HOST,
        "is_border": False,
        "population": 879958,
        "average_monthly_wage_mxn": Decimal("14500.00"),
    }
    values.update(overrides)
    return CityData(**values)


# --- cities ---------------------------------------------------------------------------------


def test_city_create_stores_every_field(coordinator) -> None:
    city = city_create(actor=coordinator, data=_city_data(name="  Saltillo "))

    stored = City.objects.get(pk=city.pk)
    assert (stored.name, stored.code, stored.state, stored.kind) == (
        "Saltillo",
        "saltillo",
        "Coahuila",
        CityKind.HOST,
    )
    assert stored.population == 879958
    assert stored.average_monthly_wage_mxn == Decimal("14500.00")
    assert stored.active is True


@pytest.mark.parametrize(
    "role",
    [Role.EMPLOYER_LIAISON, Role.ME_OFFICER, Role.AUDITOR, Role.HOST_CASEWORKER, Role.EMPLOYER],
)
def test_city_create_is_refused_to_roles_other_than_coordinator(role) -> None:
    with pytest.raises(NotPermitted) as refused:
        city_create(actor=UserFactory(role=role), data=_city_data())

    assert refused.value.message == "You are not allowed to do this."
    assert not City.objects.filter(code="saltillo").exists()


def test_city_create_refuses_a_code_in_use(coordinator) -> None:
    CityFactory(code="saltillo")

    with pytest.raises(ValidationFailed) as refused:
        city_create(actor=coordinator, data=_city_data())

    assert refused.value.errors == {"code": ["A city with the code saltillo already exists."]}


def test_city_create_refuses_a_wage_of_zero_and_a_blank_name(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        city_create(
            actor=coordinator, data=_city_data(name=" ", average_monthly_wage_mxn=Decimal("0"))
        )

    assert refused.value.errors == {
        "average_monthly_wage_mxn": ["The average wage must be more than zero."],
        "name": ["This field cannot be blank."],
    }


def test_city_create_refuses_an_unknown_kind(coordinator) -> None:
    with pytest.raises(ValidationFailed) as refused:
        city_create(actor=coordinator, data=_city_data(kind="capital"))

    assert refused.value.errors == {"kind": ["Value 'capital' is not a valid choice."]}


def test_city_update_changes_the_city_and_may_keep_its_own_code(coordinator) -> None:
    city = CityFactory(code="saltillo", name="Saltilo", kind=CityKind.HOST)

    city_update(actor=coordinator, city=city, data=_city_data(kind=CityKind.BOTH))

    city.refresh_from_db()
    assert (city.name, city.code, city.kind) == ("Saltillo", "saltillo", CityKind.BOTH)


def test_city_update_refuses_another_citys_code(coordinator) -> None:
    CityFactory(code="monterrey")
    city = CityFactory(code="saltillo")

    with pytest.raises(ValidationFailed) as refused:
        city_update(actor=coordinator, city=city, data=_city_data(code="monterrey"))

    assert refused.value.errors == {"code": ["A city with the code monterrey already exists."]}


def test_city_update_is_refused_to_an_auditor() -> None:
    city = CityFactory(name="Saltillo")

    with pytest.raises(NotPermitted):
        city_update(actor=UserFactory(role=Role.AUDITOR), city=city, data=_city_data(name="X"))

    city.refresh_from_db()
    assert city.name == "Saltillo"


# --- offices --------------------------------------------------------------------------------


def test_office_create_in_a_host_city(coordinator) -> None:
    city = CityFactory(kind=CityKind.HOST)

    office = office_create(
        actor=coordinator,
        data=OfficeData(
            name="Oficina Saltillo",
            code="slt",
            kind=OfficeKind.HOST,
            city=city,
            phone="+52 844 123 4567",
        ),
    )

    stored = Office.objects.get(pk=office.pk)
    assert (stored.name, stored.code, stored.kind, stored.city_id) == (
        "Oficina Saltillo",
        "slt",
        OfficeKind.HOST,
        city.pk,
    )
    assert stored.phone.as_e164 == "+528441234567"


def test_office_create_refuses_a_host_office_in_an_origin_city(coordinator) -> None:
    city = CityFactory(kind=CityKind.ORIGIN)

    with pytest.raises(ValidationFailed) as refused:
        office_create(
            actor=coordinator, data=OfficeData(name="X", code="x", kind=OfficeKind.HOST, city=city)
        )

    assert refused.value.errors == {"kind": ["A host-city office must be in a host city."]}


def test_office_create_refuses_an_origin_office_in_a_host_city(coordinator) -> None:
    city = CityFactory(kind=CityKind.HOST)

    with pytest.raises(ValidationFailed) as refused:
        office_create(
            actor=coordinator,
            data=OfficeData(name="X", code="x", kind=OfficeKind.ORIGIN, city=city),
        )

    assert refused.value.errors == {"kind": ["An origin office must be in an origin city."]}


def test_office_create_refuses_a_code_in_use_and_a_bad_phone(coordinator) -> None:
    OfficeFactory(code="tap")
    city = CityFactory(kind=CityKind.BOTH)

    with pytest.raises(ValidationFailed) as refused:
        office_create(
            actor=coordinator,
            data=OfficeData(name="X", code="tap", kind=OfficeKind.NATIONAL, city=city, phone="12"),
        )

    assert refused.value.errors == {
        "code": ["An office with the code tap already exists."],
        "phone": ["The phone number entered is not valid."],
    }


def test_office_update_changes_name_and_is_refused_to_a_liaison(coordinator) -> None:
    office = OfficeFactory(name="Old", code="tap")
    data = OfficeData(name="New", code="tap", kind=office.kind, city=office.city)

    with pytest.raises(NotPermitted):
        office_update(actor=UserFactory(role=Role.EMPLOYER_LIAISON), office=office, data=data)
    office_update(actor=coordinator, office=office, data=data)

    office.refresh_from_db()
    assert office.name == "New"


# --- capacity -------------------------------------------------------------------------------


def test_capacity_set_creates_a_row(coordinator) -> None:
    city = CityFactory(kind=CityKind.HOST)

    capacity = capacity_set(
        actor=coordinator,
        city=city,
        period_start=YEAR_START,
        period_end=YEAR_END,
        dimension=CapacityDimension.SCHOOL_PLACES,
        amount=40,
    )

    stored = Capacity.objects.get(pk=capacity.pk)
    assert (stored.period_start, stored.period_end, stored.dimension, stored.amount) == (
        YEAR_START,
        YEAR_END,
        CapacityDimension.SCHOOL_PLACES,
        40,
    )
    assert stored.reserved == 0


def test_capacity_set_updates_the_row_of_the_same_start_and_dimension(coordinator) -> None:
    existing = CapacityFactory(amount=50, reserved=10)

    capacity = capacity_set(
        actor=coordinator,
        city=existing.city,
        period_start=existing.period_start,
        period_end=dt.date(2026, 6, 30),
        dimension=existing.dimension,
        amount=10,
    )

    assert capacity.pk == existing.pk
    assert Capacity.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.amount, existing.reserved, existing.period_end) == (
        10,
        10,
        dt.date(2026, 6, 30),
    )


def test_capacity_set_never_goes_below_reserved(coordinator) -> None:
    existing = CapacityFactory(amount=50, reserved=12)

    with pytest.raises(ValidationFailed) as refused:
        capacity_set(
            actor=coordinator,
            city=existing.city,
            period_start=existing.period_start,
            period_end=existing.period_end,
            dimension=existing.dimension,
            amount=11,
        )

    assert refused.value.errors == {
        "amount": ["The amount cannot go below the 12 already reserved."]
    }
    existing.refresh_from_db()
    assert existing.amount == 50


def test_capacity_set_refuses_a_negative_amount_and_a_reversed_period(coordinator) -> None:
    city = CityFactory(kind=CityKind.HOST)

    with pytest.raises(ValidationFailed) as refused:
        capacity_set(
            actor=coordinator,
            city=city,
            period_start=YEAR_END,
            period_end=YEAR_START,
            dimension=CapacityDimension.HOUSING_UNITS,
            amount=-1,
        )

    assert refused.value.errors == {
        "period_end": ["The period must end on or after its start."],
        "amount": ["The amount cannot be negative."],
    }


def test_capacity_set_refuses_an_origin_city_and_an_unknown_dimension(coordinator) -> None:
    city = CityFactory(kind=CityKind.ORIGIN)

    with pytest.raises(ValidationFailed) as refused:
        capacity_set(
            actor=coordinator,
            city=city,
            period_start=YEAR_START,
            period_end=YEAR_END,
            dimension="parking",
            amount=3,
        )

    assert refused.value.errors == {
        None: ["Capacity can only be set for a host city."],
        "dimension": ["Unknown capacity dimension: parking."],
    }
    assert not Capacity.objects.exists()


def test_capacity_set_refuses_a_period_overlapping_another_of_the_same_dimension(
    coordinator,
) -> None:
    existing = CapacityFactory(period_start=YEAR_START, period_end=YEAR_END)

    with pytest.raises(ValidationFailed) as refused:
        capacity_set(
            actor=coordinator,
            city=existing.city,
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2027, 6, 30),
            dimension=existing.dimension,
            amount=5,
        )

    assert refused.value.errors == {
        "period_start": ["This period overlaps the one from 2026-01-01 to 2026-12-31."]
    }


def test_capacity_set_allows_the_same_period_for_another_dimension(coordinator) -> None:
    existing = CapacityFactory(dimension=CapacityDimension.HOUSING_UNITS)

    capacity_set(
        actor=coordinator,
        city=existing.city,
        period_start=existing.period_start,
        period_end=existing.period_end,
        dimension=CapacityDimension.DAYCARE_PLACES,
        amount=8,
    )

    assert Capacity.objects.filter(city=existing.city).count() == 2


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.AUDITOR, Role.EMPLOYER_LIAISON])
def test_capacity_set_is_refused_to_roles_other_than_coordinator(role) -> None:
    city = CityFactory(kind=CityKind.HOST)

    with pytest.raises(NotPermitted):
        capacity_set(
            actor=UserFactory(role=role),
            city=city,
            period_start=YEAR_START,
            period_end=YEAR_END,
            dimension=CapacityDimension.HOUSING_UNITS,
            amount=3,
        )

    assert not Capacity.objects.exists()


@pytest.mark.parametrize("model", [City, Office, Capacity, ServiceProvider, Service])
def test_every_places_model_is_in_the_audit_trail(model) -> None:
    assert auditlog.contains(model)
