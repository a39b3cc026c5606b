"""Two-stage solve: cities with an optimistic job value, then seats; a valid upper bound."""

import pytest

from arraigo.optimiser import City, Household, Instance, Status, Vacancy, solve
from arraigo.optimiser.twostage import job_value, solve_two_stage


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


def test_job_value_is_the_sum_of_each_workers_best_fit_per_city():
    assert job_value(jobs_instance(1)) == {("h1", "A"): 0.3, ("h2", "A"): 0.2, ("h2", "B"): 0.1}


def test_two_stages_reach_the_full_optimum_when_seats_do_not_compete():
    """h1 → A with w1 → vA (0.8), h2 → B with w2 → vB (0.55): 1.35, as the full model."""
    instance = jobs_instance(1)

    result = solve_two_stage(instance)

    assert result.status is Status.OPTIMAL
    assert result.objective == pytest.approx(1.35)
    assert result.objective == pytest.approx(solve(instance).objective)
    assert result.assignment == {"h1": "A", "h2": "B"}
    assert result.jobs == {"w1": "vA", "w2": "vB"}
    assert result.bound == pytest.approx(1.35)


def test_seats_are_respected_and_the_bound_stays_above():
    """No seats at all: stage 1 still counts on jobs (bound 1.35), stage 2 finds none."""
    result = solve_two_stage(jobs_instance(0))

    assert result.jobs == {}
    assert result.objective == pytest.approx(0.95)
    assert result.bound == pytest.approx(1.35)
    assert result.status is Status.FEASIBLE_AT_LIMIT


def test_greedy_start_leaves_a_solution_when_time_runs_out_at_once():
    """With no time at all HiGHS finds nothing itself; the greedy start is kept."""
    from arraigo.optimiser import Params
    from arraigo.optimiser.greedy import greedy
    from arraigo.optimiser.synthetic import synthetic_instance

    instance = synthetic_instance(150, n_vacancies=300, seed=4)

    with_start = solve(instance, Params(time_limit=0.0))
    without = solve(instance, Params(time_limit=0.0, greedy_start=False))

    assert with_start.status is Status.FEASIBLE_AT_LIMIT
    assert with_start.objective == pytest.approx(greedy(instance).objective)
    assert without.status is Status.NO_SOLUTION_AT_LIMIT
