"""The postcondition of every solve (`result_check`): one deliberately broken result per kind
of violation, and every solve path refusing a broken result rather than returning it."""

import importlib
from dataclasses import replace

import pytest

from arraigo.optimiser import (
    City,
    GroupFloor,
    Household,
    Instance,
    Method,
    Params,
    Result,
    ResultError,
    Status,
    Vacancy,
    place,
    result_check,
    solve,
)
from arraigo.optimiser import colgen as colgen_module
from arraigo.optimiser import dynamic as dynamic_module
from arraigo.optimiser import greedy as greedy_module
from arraigo.optimiser.check import result_objective, result_violations
from arraigo.optimiser.colgen import solve_large
from arraigo.optimiser.dynamic import dynamic_place
from arraigo.optimiser.greedy import greedy

# The package's `solve` function hides its module of the same name.
solve_module = importlib.import_module("arraigo.optimiser.solve")


def world(**extra):
    """h1 (2 people, worker w1) and h2 (1 person, worker w2); A holds 2, B holds 2.
    Vacancy vA (1 seat) in A, vB (1 seat) in B. The optimum: h1→A with w1 in vA (0.9 + 0.3),
    h2→B with w2 in vB (0.6 + 0.2), preference 0.05 on h2→B: 2.05."""
    fields = {
        "dimensions": ("people",),
        "households": (
            Household("h1", (2,), workers=("w1",), groups=frozenset({"needs"})),
            Household("h2", (1,), workers=("w2",)),
        ),
        "cities": (City("A", (2,)), City("B", (2,))),
        "outcome": {("h1", "A"): 0.9, ("h1", "B"): 0.4, ("h2", "A"): 0.5, ("h2", "B"): 0.6},
        "vacancies": (Vacancy("vA", "A", 1), Vacancy("vB", "B", 1)),
        "fit": {("w1", "vA"): 0.3, ("w2", "vB"): 0.2, ("w2", "vA"): 0.1},
        "preference": {("h2", "B"): 0.05},
    }
    return Instance(**{**fields, **extra})


def good() -> Result:
    return Result(
        status=Status.OPTIMAL,
        objective=2.05,
        bound=2.05,
        gap=0.0,
        seconds=0.0,
        assignment={"h1": "A", "h2": "B"},
        jobs={"w1": "vA", "w2": "vB"},
        binding=frozenset({("A", "people")}),
    )


def test_the_solver_result_passes_and_matches_the_hand_computed_one():
    result = solve(world())

    assert result.assignment == good().assignment
    assert result.jobs == good().jobs
    assert result.objective == pytest.approx(2.05)
    assert result_objective(world(), result) == pytest.approx(2.05)
    assert result_check(world(), result) is result
    assert result_violations(world(), good()) == []


BROKEN = [
    pytest.param(
        {"assignment": {"h1": "A", "h2": "A"}, "jobs": {"w1": "vA"}, "objective": 1.7},
        "city 'A' holds 3 people, capacity 2",
        id="capacity",
    ),
    pytest.param(
        {"assignment": {"h1": "A", "h2": "B", "h9": "B"}},
        "unknown household 'h9' is placed",
        id="unknown-household",
    ),
    pytest.param(
        {"assignment": {"h1": "A", "h2": "Z"}, "jobs": {"w1": "vA"}, "objective": 1.2},
        "household 'h2' is placed in unknown city 'Z'",
        id="unknown-city",
    ),
    pytest.param(
        {"jobs": {"w1": "vA", "w2": "vA"}, "objective": 1.95},
        "vacancy 'vA' has 2 workers, seats 1",
        id="seats",
    ),
    pytest.param(
        {"jobs": {"w1": "vB", "w2": "vB"}},
        "worker 'w1' has vacancy 'vB' in 'B', but their household is placed in 'A'",
        id="job-in-another-city",
    ),
    pytest.param(
        {"assignment": {"h1": "A"}, "jobs": {"w1": "vA", "w2": "vB"}, "objective": 1.4},
        "worker 'w2' has vacancy 'vB' in 'B', but their household is placed in None",
        id="job-of-unplaced-household",
    ),
    pytest.param(
        {"jobs": {"w1": "vA", "w2": "vB", "w9": "vB"}},
        "unknown worker 'w9' has a job",
        id="unknown-worker",
    ),
    pytest.param(
        {"jobs": {"w1": "vX", "w2": "vB"}, "objective": 1.75},
        "worker 'w1' has unknown vacancy 'vX'",
        id="unknown-vacancy",
    ),
    pytest.param(
        {"objective": 2.5},
        "reported objective 2.5 but the placement scores 2.05",
        id="objective",
    ),
    pytest.param(
        {"bound": 2.0},
        "objective 2.05 above the bound 2",
        id="bound",
    ),
    pytest.param(
        {"objective": None},
        "status optimal comes without an objective",
        id="no-objective",
    ),
    pytest.param(
        {"status": Status.INFEASIBLE},
        "status infeasible comes with a placement",
        id="placement-when-infeasible",
    ),
    pytest.param(
        {"binding": frozenset({("B", "people")})},
        "capacity ('B', 'people') is reported binding but is not full",
        id="binding",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BROKEN)
def test_a_broken_result_is_refused_naming_the_violation(changes, message):
    broken = replace(good(), **changes)

    with pytest.raises(ResultError) as caught:
        result_check(world(), broken)

    assert message in caught.value.violations
    assert message in str(caught.value)


def test_a_job_that_does_not_fit_is_refused():
    instance = world(fit={("w1", "vA"): 0.3, ("w2", "vA"): 0.1})
    broken = replace(good(), objective=1.85)  # w2 in vB, a pair with no fit score

    with pytest.raises(ResultError) as caught:
        result_check(instance, broken)

    assert caught.value.violations == ["worker 'w2' has vacancy 'vB', which does not fit them"]


def test_an_incompatible_pair_is_refused():
    instance = world(
        outcome={("h1", "A"): 0.9, ("h2", "A"): 0.5, ("h2", "B"): 0.6}, fit={}, vacancies=()
    )
    broken = replace(
        good(),
        assignment={"h1": "B", "h2": "A"},
        jobs={},
        objective=0.5,
        bound=None,
        binding=frozenset(),
    )

    with pytest.raises(ResultError) as caught:
        result_check(instance, broken)

    assert caught.value.violations == ["household 'h1' is placed in incompatible city 'B'"]


def test_a_banned_pair_is_refused():
    instance = world(bans=frozenset({("h2", "B")}))

    with pytest.raises(ResultError) as caught:
        result_check(instance, good())

    assert caught.value.violations == ["household 'h2' is placed in 'B', which it is banned from"]


def test_a_broken_pin_is_refused_and_an_unplaced_pinned_household_too():
    instance = world(pins={"h2": "A"})

    with pytest.raises(ResultError) as caught:
        result_check(instance, good())
    assert caught.value.violations == ["household 'h2' is pinned to 'A' but placed in 'B'"]

    unplaced = replace(good(), assignment={"h1": "A"}, jobs={"w1": "vA"}, objective=1.2)
    with pytest.raises(ResultError) as caught:
        result_check(instance, unplaced)
    assert caught.value.violations == ["household 'h2' is pinned to 'A' but placed in None"]


def test_an_unmet_floor_is_refused_but_not_for_the_baseline():
    instance = world(floors=(GroupFloor("needs", 1),))
    without_h1 = replace(
        good(), assignment={"h2": "B"}, jobs={"w2": "vB"}, objective=0.85, binding=frozenset()
    )

    with pytest.raises(ResultError) as caught:
        result_check(instance, without_h1)

    assert caught.value.violations == ["floor for group 'needs' needs 1, 0 placed"]
    assert result_check(instance, without_h1, baseline=True) is without_h1


def test_the_baseline_may_leave_out_a_pinned_household_but_not_move_it():
    instance = world(pins={"h2": "A"})
    left_out = replace(good(), assignment={"h1": "A"}, jobs={"w1": "vA"}, objective=1.2)

    assert result_check(instance, left_out, baseline=True) is left_out
    with pytest.raises(ResultError, match="pinned to 'A' but placed in 'B'"):
        result_check(instance, good(), baseline=True)


def test_the_objective_may_be_left_uncompared():
    odd = replace(good(), objective=0.0, bound=None)

    assert result_check(world(), odd, objective=False) is odd


def test_success_is_a_placement_found():
    assert [s for s in Status if replace(good(), status=s).success] == [
        Status.OPTIMAL,
        Status.FEASIBLE_AT_LIMIT,
        Status.FEASIBLE,
    ]


# Every solve path runs the check: each is handed a broken inner result and refuses it.

OVERBOOKED = Result(
    status=Status.OPTIMAL,
    objective=1.4,
    bound=1.4,
    gap=0.0,
    seconds=0.0,
    assignment={"h1": "A", "h2": "A"},
)


def test_solve_refuses_a_broken_solver_result(monkeypatch):
    monkeypatch.setattr(solve_module, "_solve", lambda instance, params, start: OVERBOOKED)

    with pytest.raises(ResultError, match="city 'A' holds 3 people, capacity 2"):
        solve(world())


def test_place_refuses_a_broken_result_by_every_method(monkeypatch):
    monkeypatch.setattr(solve_module, "_solve", lambda instance, params, start: OVERBOOKED)

    for method in (Method.AUTO, Method.EXACT, "exact"):
        with pytest.raises(ResultError):
            place(world(), method=method)


def test_column_generation_refuses_a_broken_rounding(monkeypatch):
    monkeypatch.setattr(colgen_module, "_round", lambda *args: {"h1": "A", "h2": "A"})
    monkeypatch.setattr(colgen_module, "solve", lambda instance, params: OVERBOOKED)

    with pytest.raises(ResultError, match="city 'A' holds 3 people, capacity 2"):
        solve_large(world(), Params(time_limit=10))
    with pytest.raises(ResultError):
        place(world(), Params(time_limit=10), method=Method.COLUMNS)


def test_greedy_refuses_broken_jobs(monkeypatch):
    monkeypatch.setattr(greedy_module, "_greedy_jobs", lambda instance, a: ({"w1": "vB"}, 0.0))

    with pytest.raises(ResultError, match="worker 'w1' has vacancy 'vB' in 'B'"):
        greedy(world())
    with pytest.raises(ResultError):
        place(world(), method=Method.GREEDY)


def test_the_dynamic_mode_refuses_a_broken_batch_placement(monkeypatch):
    batch = world(vacancies=(), fit={}, preference={})
    monkeypatch.setattr(dynamic_module, "solve", lambda instance, params: OVERBOOKED)

    with pytest.raises(ResultError, match="city 'A' holds 3 people, capacity 2"):
        dynamic_place(batch, {"A": (2,), "B": (2,)}, [], weeks_left=0, arrivals_per_week=0.0)
