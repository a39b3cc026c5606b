import pytest
from django.utils import timezone, translation

from arraigo.accounts.models import Role
from arraigo.home.selectors import dashboard_for
from arraigo.registry.models import HouseholdStatus, NeedCode, Relationship, SpecificNeed
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


def statuses() -> list[str]:
    return [str(s.label) for s in HouseholdStatus]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def household(office, status, city=None, members=(Relationship.HEAD,), needs=0, **fields):
    home = HouseholdFactory(origin_office=office, status=status, host_city=city, **fields)
    for relationship in members:
        PersonFactory(household=home, relationship=relationship)
    for code in list(NeedCode)[:needs]:
        SpecificNeed.objects.create(household=home, code=code, recorded_at=timezone.now())
    return home


@pytest.fixture
def world():
    """Tapachula has three live households and one merged away; Palenque has one."""
    tapachula = OfficeFactory(name="Tapachula")
    palenque = OfficeFactory(name="Palenque")
    saltillo = CityFactory(name="Saltillo")
    leon = CityFactory(name="León")
    kept = household(
        tapachula,
        HouseholdStatus.ELIGIBLE,
        saltillo,
        members=(Relationship.HEAD, Relationship.SPOUSE, Relationship.CHILD),
    )
    household(
        tapachula,
        HouseholdStatus.ELIGIBLE,
        saltillo,
        members=(Relationship.HEAD, Relationship.CHILD, Relationship.CHILD),
        needs=2,
    )
    household(tapachula, HouseholdStatus.REGISTERED, None, members=(Relationship.HEAD,))
    household(
        tapachula,
        HouseholdStatus.CLOSED,
        saltillo,
        members=(Relationship.HEAD, Relationship.CHILD),
        merged_into=kept,
    )
    household(
        palenque,
        HouseholdStatus.ARRIVED,
        leon,
        members=(Relationship.HEAD, Relationship.CHILD),
        needs=1,
    )
    return {"tapachula": tapachula, "palenque": palenque, "saltillo": saltillo, "leon": leon}


def by_status(**counts):
    return [(label, counts.get(label, 0)) for label in statuses()]


def test_coordinator_sees_every_live_household(world):
    data = dashboard_for(UserFactory(role=Role.COORDINATOR))

    assert (data.households, data.people, data.single_headed, data.with_specific_needs) == (
        4,
        9,
        2,
        2,
    )
    assert (data.single_headed_share, data.specific_needs_share) == (50.0, 50.0)
    assert data.by_status.rows == by_status(Registered=1, Eligible=2, Arrived=1)
    assert data.by_host_city.rows == [("Saltillo", 2), ("León", 1), ("Not yet assigned", 1)]
    assert data.by_origin_office.rows == [("Tapachula", 3), ("Palenque", 1)]
    assert data.by_origin_office.chart["title"] == "Households by origin office"
    assert [row["value"] for row in data.by_origin_office.chart["rows"]] == [3, 1]


def test_people_are_counted_by_their_recorded_protection_status(world):
    stateless = household(world["palenque"], HouseholdStatus.REGISTERED)
    stateless.members.update(protection_status="stateless")
    PersonFactory(household__origin_office=world["palenque"], protection_status="refugee")

    data = dashboard_for(UserFactory(role=Role.COORDINATOR))

    assert data.by_protection.title == "People by protection status"
    assert data.by_protection.rows == [
        ("Refugee", 1),
        ("Complementary protection", 0),
        ("Asylum seeker", 0),
        ("Stateless", 1),
        ("National (born in Mexico)", 0),
        ("Not recorded", 9),
    ]


def test_origin_caseworker_sees_only_their_office(world):
    user = UserFactory(role=Role.ORIGIN_CASEWORKER, office=world["tapachula"])

    data = dashboard_for(user)

    assert (data.households, data.people, data.single_headed, data.with_specific_needs) == (
        3,
        7,
        1,
        1,
    )
    assert data.single_headed_share == 33.3
    assert data.by_status.rows == by_status(Registered=1, Eligible=2)
    assert data.by_host_city.rows == [("Saltillo", 2), ("Not yet assigned", 1)]
    assert data.by_origin_office.rows == [("Tapachula", 3)]


def test_host_caseworker_sees_only_their_city(world):
    data = dashboard_for(UserFactory(role=Role.HOST_CASEWORKER, city=world["leon"]))

    assert (data.households, data.people, data.single_headed) == (1, 2, 1)
    assert data.by_host_city.rows == [("León", 1)]
    assert data.by_origin_office.rows == [("Palenque", 1)]


def test_roles_without_households_get_zeros(world):
    data = dashboard_for(UserFactory(role=Role.EMPLOYER))

    assert (data.households, data.people, data.single_headed_share) == (0, 0, None)
    assert data.by_status.rows == by_status()
    assert data.by_host_city.rows == []


def test_a_fixed_number_of_queries(world, django_assert_num_queries):
    user = UserFactory(role=Role.COORDINATOR)
    user.has_perm("registry.view_household")  # permissions cached, as within a request
    household(world["palenque"], HouseholdStatus.PROFILED, world["saltillo"], needs=3)

    with django_assert_num_queries(5):
        dashboard_for(user)
