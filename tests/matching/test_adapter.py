"""The adapter builds the optimiser's Instance from the database."""

import pytest

from arraigo.matching.adapter import DIMENSIONS, instance_build
from arraigo.optimiser import GroupFloor

from .factories import PERIOD, World, profiled_household

PARAMS = {"objective": "any_employed", "preference_weight": 0.2}


def build(**params: object):  # type: ignore[no-untyped-def]
    return instance_build(
        period_start=PERIOD[0], period_end=PERIOD[1], parameters={**PARAMS, **params}
    )


def test_dimensions_are_the_capacity_dimensions_in_order() -> None:
    assert DIMENSIONS == (
        "reception_beds",
        "housing_units",
        "school_places",
        "daycare_places",
        "specialised_places",
    )


def test_households_sizes_and_workers(world: World) -> None:
    built = build()
    households = {h.id: h for h in built.instance.households}
    family, needs, elder = (
        str(h.pk) for h in (world.worker_family, world.needs_family, world.elder)
    )
    # Then only the three profiled relocation households are in, with exact sizes
    assert sorted(households) == sorted([family, needs, elder])
    assert households[family].sizes == (2, 1, 1, 0, 0)
    assert households[needs].sizes == (1, 1, 0, 0, 1)
    assert households[elder].sizes == (1, 1, 0, 0, 0)
    head = world.worker_family.members.get(relationship="head")
    assert households[family].workers == (str(head.pk),)
    assert households[elder].workers == ()
    assert households[needs].groups == frozenset({"specific_needs"})


def test_cities_capacity_compatibility_and_preferences(world: World) -> None:
    built = build()
    a, b, c = (str(x.pk) for x in (world.city_a, world.city_b, world.city_c))
    family, needs, elder = (
        str(h.pk) for h in (world.worker_family, world.needs_family, world.elder)
    )
    cities = {city.id: city.capacity for city in built.instance.cities}
    assert cities == {a: (10, 10, 10, 10, 1), b: (10, 10, 10, 0, 0), c: (10, 10, 10, 10, 2)}
    # Excluded city C and city B without specialised places never pair with the needs family
    assert sorted(built.instance.outcome) == sorted(
        [(family, a), (family, b), (family, c), (needs, a), (elder, a), (elder, b), (elder, c)]
    )
    assert built.instance.outcome[(family, a)] == pytest.approx(0.35)
    assert built.instance.outcome[(elder, a)] == 0.0
    assert dict(built.instance.preference) == {(family, b): 0.2, (elder, b): 0.1}
    assert built.model_version == "fallback-prior-1"
    assert built.model_kind == "prior"


def test_fit_only_for_compatible_vacancies(world: World) -> None:
    built = build()
    family_head = world.worker_family.members.get(relationship="head")
    needs_head = world.needs_family.members.get(relationship="head")
    v = str(world.vacancy.pk)
    assert dict(built.instance.fit) == {
        (str(family_head.pk), v): pytest.approx(0.1),
        (str(needs_head.pk), v): pytest.approx(0.1 * (0.7 * 0.2 + 0.3)),
    }
    assert [(x.id, x.city, x.seats) for x in built.instance.vacancies] == [
        (v, str(world.city_a.pk), 3)
    ]


def test_remaining_capacity_and_floors(world: World) -> None:
    world.city_a.capacities.filter(dimension="reception_beds").update(reserved=4)
    built = build(floors={"specific_needs": 1})
    cities = {city.id: city.capacity for city in built.instance.cities}
    assert cities[str(world.city_a.pk)][0] == 6
    assert built.instance.floors == (GroupFloor("specific_needs", 1),)


def test_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    with django_assert_num_queries(10):  # type: ignore[operator]
        build()
    for n in range(5):
        profiled_household(world.caseworker.office, f"HH-01{n}")
    with django_assert_num_queries(10):  # type: ignore[operator]
        build()
