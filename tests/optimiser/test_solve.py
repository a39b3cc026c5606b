"""Static placement: instances small enough to check by hand, and invariants on random ones."""

import random

import pytest

from arraigo.optimiser import (
    City,
    GroupFloor,
    Household,
    Instance,
    InstanceError,
    Params,
    Status,
    Vacancy,
    solve,
)
from arraigo.optimiser.greedy import greedy


def two_city_instance(**extra):
    """Three households of sizes 2, 1, 1; city A holds 2 people, city B holds 1.

    Scores: h1 A 0.9, B 0.5 (size 2, so only A fits); h2 A 0.8, B 0.6; h3 A 0.65, B 0.1.
    Best: h1→A (0.9), h2→B (0.6), h3 unplaced = 1.5 (h2→A with h3→A gives 1.45);
    greedy in order: h1→A, h2→B (A full), h3 nowhere = 1.5 as well.
    """
    return Instance(
        dimensions=("people",),
        households=(
            Household("h1", (2,)),
            Household("h2", (1,)),
            Household("h3", (1,)),
        ),
        cities=(City("A", (2,)), City("B", (1,))),
        outcome={
            ("h1", "A"): 0.9,
            ("h1", "B"): 0.5,
            ("h2", "A"): 0.8,
            ("h2", "B"): 0.6,
            ("h3", "A"): 0.65,
            ("h3", "B"): 0.1,
        },
        **extra,
    )


def test_small_instance_is_solved_to_the_hand_computed_optimum():
    result = solve(two_city_instance())

    assert result.status is Status.OPTIMAL
    assert result.objective == pytest.approx(1.5)
    assert result.assignment == {"h1": "A", "h2": "B"}
    assert result.bound == pytest.approx(1.5)
    assert result.gap == pytest.approx(0.0, abs=1e-9)
    assert result.binding == frozenset({("A", "people"), ("B", "people")})


def test_optimum_beats_greedy_when_arrival_order_misleads():
    """h1 (size 1) arrives first and takes A, where h2 (size 1) would score far more."""
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,))),
        cities=(City("A", (1,)), City("B", (1,))),
        outcome={("h1", "A"): 0.6, ("h1", "B"): 0.5, ("h2", "A"): 0.9, ("h2", "B"): 0.1},
    )

    best = solve(instance)
    baseline = greedy(instance)

    assert best.assignment == {"h1": "B", "h2": "A"}
    assert best.objective == pytest.approx(1.4)
    assert baseline.assignment == {"h1": "A", "h2": "B"}
    assert baseline.objective == pytest.approx(0.7)
    assert baseline.status is Status.FEASIBLE  # a heuristic: nothing proven
    assert baseline.bound is None


def test_pins_and_bans_are_obeyed():
    result = solve(two_city_instance(pins={"h3": "B"}, bans=frozenset({("h1", "A")})))

    assert result.status is Status.OPTIMAL
    # h3 must take B; h1 cannot go to A and does not fit B; A takes h2.
    assert result.assignment == {"h3": "B", "h2": "A"}
    assert result.objective == pytest.approx(0.9)


def test_group_floor_forces_a_lower_scoring_household_in():
    instance = two_city_instance()
    households = (
        instance.households[0],
        instance.households[1],
        Household("h3", (1,), groups=frozenset({"specific_needs"})),
    )
    floored = Instance(
        dimensions=instance.dimensions,
        households=households,
        cities=instance.cities,
        outcome=instance.outcome,
        floors=(GroupFloor("specific_needs", 1),),
    )

    result = solve(floored)

    assert "h3" in result.assignment
    # With h3 placed: h1→A + h3→B = 1.0; h3→A + h2→B = 1.25; h2→A + h3→A = 1.45 (best).
    assert result.assignment == {"h2": "A", "h3": "A"}
    assert result.objective == pytest.approx(1.45)


def test_impossible_pin_reports_infeasible_with_the_constraint():
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (2,)),),
        cities=(City("A", (1,)),),
        outcome={("h1", "A"): 1.0},
        pins={"h1": "A"},
    )

    result = solve(instance)

    assert result.status is Status.INFEASIBLE
    assert result.message == "pins to A exceed its people capacity"
    assert result.assignment == {}


def test_workers_take_vacancies_only_in_their_household_city_and_within_seats():
    instance = Instance(
        dimensions=("people",),
        households=(
            Household("h1", (2,), workers=("w1", "w2")),
            Household("h2", (1,), workers=("w3",)),
        ),
        cities=(City("A", (3,)), City("B", (3,))),
        outcome={("h1", "A"): 0.5, ("h1", "B"): 0.4, ("h2", "A"): 0.5, ("h2", "B"): 0.5},
        vacancies=(Vacancy("vA", "A", 1), Vacancy("vB", "B", 2)),
        fit={("w1", "vA"): 0.3, ("w2", "vA"): 0.2, ("w1", "vB"): 0.25, ("w3", "vA"): 0.3},
    )

    result = solve(instance)

    assert result.status is Status.OPTIMAL
    # h1→B 0.4 with w1→vB 0.25, and h2→A 0.5 with w3→vA 0.3: 1.45. The alternatives:
    # h1→A with w1→vA and h2→B: 1.3; both in A, one vA seat: 1.3; both in B: 1.15.
    assert result.assignment == {"h1": "B", "h2": "A"}
    assert result.jobs == {"w1": "vB", "w3": "vA"}
    assert result.objective == pytest.approx(1.45)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_instances_respect_capacity_never_split_and_use_compatible_pairs(seed):
    rng = random.Random(seed)
    dims = ("people", "school")
    households = tuple(
        Household(f"h{i}", (rng.randint(1, 5), rng.randint(0, 3)), workers=(f"w{i}",))
        for i in range(60)
    )
    cities = tuple(City(f"c{j}", (rng.randint(10, 30), rng.randint(3, 10))) for j in range(5))
    outcome = {
        (h.id, c.id): round(rng.random(), 3)
        for h in households
        for c in cities
        if rng.random() < 0.7
    }
    vacancies = tuple(Vacancy(f"v{k}", f"c{k % 5}", rng.randint(1, 3)) for k in range(15))
    fit = {(f"w{i}", v.id): round(rng.random() / 2, 3) for i in range(60) for v in vacancies}
    instance = Instance(dims, households, cities, outcome, vacancies=vacancies, fit=fit)

    result = solve(instance, Params(time_limit=30))

    assert result.status is Status.OPTIMAL
    sizes = {h.id: h.sizes for h in households}
    for city in cities:
        for d in range(2):
            used = sum(sizes[h][d] for h, c in result.assignment.items() if c == city.id)
            assert used <= city.capacity[d]
    assert all(pair in outcome for pair in result.assignment.items())
    city_of = {v.id: v.city for v in vacancies}
    for worker, vacancy in result.jobs.items():
        assert result.assignment[worker.replace("w", "h")] == city_of[vacancy]
    seats = {v.id: v.seats for v in vacancies}
    for vacancy in seats:
        assert list(result.jobs.values()).count(vacancy) <= seats[vacancy]
    assert greedy(instance).objective <= result.objective + 1e-9


def test_malformed_instance_is_refused_naming_the_item():
    with pytest.raises(InstanceError, match="city 'A' has a negative capacity"):
        solve(
            Instance(
                dimensions=("people",),
                households=(Household("h1", (1,)),),
                cities=(City("A", (-1,)),),
                outcome={("h1", "A"): 1.0},
            )
        )
