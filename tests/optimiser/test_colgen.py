"""Column generation for large instances: a valid LP bound, pricing, rounding, seats."""

import pytest

from arraigo.optimiser import (
    City,
    GroupFloor,
    Household,
    Instance,
    Params,
    Status,
    Vacancy,
    colgen,
    place,
    placement,
    solve,
)
from arraigo.optimiser.colgen import ColgenParams, solve_large
from arraigo.optimiser.relax import relax
from arraigo.optimiser.synthetic import synthetic_instance


def crossed_instance() -> Instance:
    """A and B hold one person each. h1 scores A 0.9, B 0.5; h2 scores A 1.0, B 0.1.

    Best: h2→A, h1→B = 1.5. Greedy (h1 first) gives h1→A, h2→B = 1.0. Starting from each
    household's single best city (A for both) plus greedy's pairs, h1→B is not in the
    first LP: pricing has to bring it in.
    """
    return Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,))),
        cities=(City("A", (1,)), City("B", (1,))),
        outcome={("h1", "A"): 0.9, ("h1", "B"): 0.5, ("h2", "A"): 1.0, ("h2", "B"): 0.1},
    )


def test_pricing_brings_in_a_city_left_out_of_the_first_lp():
    result = solve_large(crossed_instance(), options=ColgenParams(start_cities=1))

    assert result.assignment == {"h1": "B", "h2": "A"}
    assert result.objective == pytest.approx(1.5)
    assert result.bound == pytest.approx(1.5)
    assert result.status is Status.OPTIMAL
    assert "in 2 rounds" in result.message
    assert "(4 of 4 blocks)" in result.message


def test_the_first_lp_alone_would_miss_the_optimum():
    """The check above could not fail if pricing were skipped; one round stops at 1.0."""
    result = solve_large(
        crossed_instance(),
        Params(gap=1.0),  # a 100% tolerance: the first LP's bound is close enough
        ColgenParams(start_cities=1, lp_gap=1.0),
    )

    assert result.objective == pytest.approx(1.0)
    assert result.bound == pytest.approx(1.5)  # the bound still counts h1→B's reduced cost
    assert result.gap == pytest.approx(0.5)
    assert result.status is Status.OPTIMAL  # optimal within the 100% asked for
    assert "in 1 rounds" in result.message


def split_instance() -> Instance:
    """A holds 3 people, B 2. h1 and h2 have 2 people each; both score 1.0 in A, h2 0.2 in B.

    The LP puts h1 in A whole and splits h2 half in A, half in B: 1 + 0.5 + 0.1 = 1.6.
    Rounding keeps h1 in A and places h2 on what is left: only B fits, 1.2 in all.
    """
    return Instance(
        dimensions=("people",),
        households=(Household("h1", (2,)), Household("h2", (2,))),
        cities=(City("A", (3,)), City("B", (2,))),
        outcome={("h1", "A"): 1.0, ("h2", "A"): 1.0, ("h2", "B"): 0.2},
    )


def test_a_household_the_lp_splits_is_placed_on_the_capacity_left():
    result = solve_large(split_instance(), Params(gap=0.0))

    assert result.assignment == {"h1": "A", "h2": "B"}
    assert result.objective == pytest.approx(1.2)
    assert result.bound == pytest.approx(1.6)
    assert result.gap == pytest.approx(0.4 / 1.2)
    assert result.status is Status.FEASIBLE  # above the tolerance, but not for lack of time


def jobs_instance(seats: int) -> Instance:
    """A and B hold one household each. h1 scores A 0.5, B 0.4; h2 A 0.45, B 0.45.
    w1 (of h1) fits vA 0.3 (A); w2 (of h2) fits vA 0.2 and vB 0.1."""
    return Instance(
        dimensions=("people",),
        households=(Household("h1", (1,), ("w1",)), Household("h2", (1,), ("w2",))),
        cities=(City("A", (1,)), City("B", (1,))),
        outcome={("h1", "A"): 0.5, ("h1", "B"): 0.4, ("h2", "A"): 0.45, ("h2", "B"): 0.45},
        vacancies=(Vacancy("vA", "A", seats), Vacancy("vB", "B", seats)),
        fit={("w1", "vA"): 0.3, ("w2", "vA"): 0.2, ("w2", "vB"): 0.1},
    )


def test_workers_get_seats_in_their_households_city():
    """h1→A with w1→vA (0.8), h2→B with w2→vB (0.55): 1.35, the full model's optimum."""
    result = solve_large(jobs_instance(1))

    assert result.assignment == {"h1": "A", "h2": "B"}
    assert result.jobs == {"w1": "vA", "w2": "vB"}
    assert result.objective == pytest.approx(1.35)
    assert result.objective == pytest.approx(solve(jobs_instance(1)).objective)
    assert result.bound == pytest.approx(1.35)


def test_no_seats_no_jobs_and_the_bound_knows_it():
    """Seat prices are part of pricing: with no seats the bound is the placement alone."""
    result = solve_large(jobs_instance(0))

    assert result.jobs == {}
    assert result.objective == pytest.approx(0.95)
    assert result.bound == pytest.approx(0.95)


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_instance(300, n_vacancies=300, seed=5)


@pytest.fixture(scope="module")
def synthetic_result(synthetic):
    return solve_large(synthetic, Params(gap=0.0, time_limit=60.0))


def test_converged_bound_is_the_full_lp_optimum(synthetic, synthetic_result):
    assert synthetic_result.bound == pytest.approx(relax(synthetic).bound, rel=1e-7)


def test_objective_is_within_the_bound_and_close_to_the_exact_optimum(synthetic, synthetic_result):
    exact = solve(synthetic, Params(gap=0.0, time_limit=120.0))

    assert synthetic_result.objective <= exact.objective + 1e-6
    assert synthetic_result.objective >= 0.99 * exact.objective
    assert exact.objective <= synthetic_result.bound + 1e-6


def test_assignment_respects_capacity_seats_and_compatibility(synthetic, synthetic_result):
    result = synthetic_result
    sizes = {h.id: h.sizes for h in synthetic.households}
    household_of = {w: h.id for h in synthetic.households for w in h.workers}
    city_of = {v.id: v.city for v in synthetic.vacancies}
    for city in synthetic.cities:
        for d in range(len(synthetic.dimensions)):
            used = sum(sizes[h][d] for h, c in result.assignment.items() if c == city.id)
            assert used <= city.capacity[d]
    for vacancy in synthetic.vacancies:
        assert sum(1 for v in result.jobs.values() if v == vacancy.id) <= vacancy.seats
    for w, v in result.jobs.items():
        assert (w, v) in synthetic.fit
        assert result.assignment[household_of[w]] == city_of[v]
    assert all(pair in synthetic.outcome for pair in result.assignment.items())
    total = sum(synthetic.outcome[p] for p in result.assignment.items()) + sum(
        synthetic.fit[p] for p in result.jobs.items()
    )
    assert result.objective == pytest.approx(total)


def test_pins_are_kept_and_bans_obeyed():
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,)), Household("h3", (1,))),
        cities=(City("A", (2,)), City("B", (2,))),
        outcome={
            ("h1", "A"): 0.9,
            ("h1", "B"): 0.1,
            ("h2", "A"): 0.8,
            ("h2", "B"): 0.2,
            ("h3", "A"): 0.7,
            ("h3", "B"): 0.6,
        },
        pins={"h1": "B"},
        bans=frozenset({("h3", "A")}),
    )

    result = solve_large(instance)

    assert result.assignment == {"h1": "B", "h2": "A", "h3": "B"}
    assert result.objective == pytest.approx(0.1 + 0.8 + 0.6)


def test_group_floors_are_left_to_the_exact_model():
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,), groups=frozenset({"needs"}))),
        cities=(City("A", (1,)),),
        outcome={("h1", "A"): 0.9, ("h2", "A"): 0.4},
        floors=(GroupFloor("needs", 1),),
    )

    result = solve_large(instance)

    assert result.assignment == {"h2": "A"}
    assert "column generation" not in result.message


def test_an_lp_that_does_not_finish_falls_back_to_the_exact_model(monkeypatch):
    monkeypatch.setattr(colgen._Master, "run", lambda self, seconds: False)

    result = solve_large(crossed_instance())

    assert result.assignment == {"h1": "B", "h2": "A"}
    assert "column generation" not in result.message


def test_place_picks_the_exact_model_for_small_instances(monkeypatch):
    assert "column generation" not in place(crossed_instance()).message
    monkeypatch.setattr(placement, "EXACT_MAX_COLUMNS", 3)
    assert place(crossed_instance()).message.startswith("column generation")
    assert "column generation" not in place(crossed_instance(), method="exact").message


def test_place_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="unknown method 'fast'"):
        place(crossed_instance(), method="fast")


def test_place_polishes_a_columns_result_outside_the_tolerance_with_the_exact_model(monkeypatch):
    """Columns alone stop at 1.2 against the LP bound 1.6 (above); the exact model, started
    from that placement, proves 1.2 optimal, so the bound tightens to 1.2."""
    monkeypatch.setattr(placement, "EXACT_MAX_COLUMNS", 1)

    result = place(split_instance(), Params(gap=0.0))

    assert result.assignment == {"h1": "A", "h2": "B"}
    assert result.objective == pytest.approx(1.2)
    assert result.bound == pytest.approx(1.2)
    assert result.gap == pytest.approx(0.0)
    assert result.status is Status.OPTIMAL
    assert result.message.startswith("column generation")
    assert "then exact model: Optimal" in result.message


def test_place_leaves_large_instances_to_the_columns_alone(monkeypatch):
    monkeypatch.setattr(placement, "EXACT_MAX_COLUMNS", 1)
    monkeypatch.setattr(placement, "POLISH_MAX_COLUMNS", 2)

    result = place(split_instance(), Params(gap=0.0))

    assert result.bound == pytest.approx(1.6)
    assert result.status is Status.FEASIBLE
    assert "exact model" not in result.message
