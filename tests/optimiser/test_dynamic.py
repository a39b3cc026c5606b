"""Dynamic mode: prices from sampled futures keep scarce capacity for those who need it."""

import numpy as np
import pytest

from arraigo.optimiser import City, Household, Instance
from arraigo.optimiser.dynamic import (
    DynamicParams,
    PoolHousehold,
    _arrivals_per_week,
    capacity_prices,
    dynamic_place,
    simulate_year,
)
from arraigo.optimiser.synthetic import synthetic_year


def one_household_batch() -> Instance:
    """h1 scores 0.5 in A (one place, coveted by later arrivals) and 0.3 in B (room)."""
    return Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)),),
        cities=(City("A", (1,)), City("B", (5,))),
        outcome={("h1", "A"): 0.5, ("h1", "B"): 0.3},
    )


def test_without_a_future_the_batch_takes_the_best_city():
    result = dynamic_place(one_household_batch(), {"A": (1,), "B": (5,)}, [], 0, 0.0)

    assert result.assignment == {"h1": "A"}
    assert result.objective == pytest.approx(0.5)
    assert result.bound is None


def test_a_future_that_values_the_scarce_city_more_sends_the_batch_elsewhere():
    """Every future arrival scores 0.9 in A: A's place is priced 0.9 and h1's 0.5 there
    becomes -0.4, so h1 goes to B (0.3, B has room: price 0)."""
    pool = [PoolHousehold((1,), {"A": 0.9})]

    result = dynamic_place(one_household_batch(), {"A": (1,), "B": (5,)}, pool, 3, 1.0)

    assert result.assignment == {"h1": "B"}
    assert result.objective == pytest.approx(0.3)


def test_a_household_priced_out_of_every_city_waits_unplaced():
    pool = [PoolHousehold((1,), {"A": 0.9, "B": 0.9})]

    result = dynamic_place(one_household_batch(), {"A": (1,), "B": (1,)}, pool, 4, 1.0)

    assert result.assignment == {}
    assert result.objective == 0.0


def test_prices_average_the_duals_of_the_sampled_futures_and_scale():
    """Two future arrivals, one place in A: the LP of batch + future prices A at the best
    score left out, 0.9 (a future arrival) in every sample."""
    pool = [PoolHousehold((1,), {"A": 0.9})]
    params = DynamicParams(samples=4, price_scale=0.5)

    prices = capacity_prices(one_household_batch(), pool, 2, params, np.random.default_rng(0))

    assert prices == pytest.approx({("A", "people"): 0.45, ("B", "people"): 0.0})


def two_week_year() -> tuple[Instance, dict[str, int]]:
    """Week 0: h1 (A 0.5, B 0.3) and h2 (A 0.9, B 0.8); week 1, the last: h3 (A 0.1).
    One place in A, one in B."""
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,)), Household("h3", (1,))),
        cities=(City("A", (1,)), City("B", (1,))),
        outcome={
            ("h1", "A"): 0.5,
            ("h1", "B"): 0.3,
            ("h2", "A"): 0.9,
            ("h2", "B"): 0.8,
            ("h3", "A"): 0.1,
        },
    )
    return instance, {"h1": 0, "h2": 0, "h3": 1}


def test_a_household_priced_out_in_its_week_is_placed_when_prices_fall():
    """The plan expects 38 more arrivals like h1 and h2: in week 0 A is priced 0.9 and B
    0.8, so neither h1 nor h2 gains from a place and both wait. Week 1 is the last (no
    future, prices 0): the MIP over the queue puts h2 in B and h1 in A (1.3; h3 misses)."""
    instance, weeks = two_week_year()

    report = simulate_year(instance, weeks, params=DynamicParams(samples=2), planned_arrivals=40)

    assert report.totals["dynamic"] == pytest.approx(1.3)
    assert report.placed["dynamic"] == 2
    assert report.waited == 2
    assert report.mean_wait == 1.0
    assert report.hindsight == pytest.approx(1.3)
    assert report.hindsight_placed == 2


def test_without_carry_over_a_household_priced_out_in_its_week_is_lost():
    instance, weeks = two_week_year()
    params = DynamicParams(samples=2, carry_over=False)

    report = simulate_year(instance, weeks, params=params, planned_arrivals=40)

    assert report.totals["dynamic"] == pytest.approx(0.1)  # only h3, in week 1
    assert report.placed["dynamic"] == 1
    assert report.waited == 0
    assert report.mean_wait == 0.0


@pytest.mark.parametrize(
    ("arrived", "week", "weeks_left", "planned", "rate"),
    [
        (30, 2, 7, 100, 10.0),  # the plan still expects 70 over 7 weeks
        (120, 2, 7, 100, 40.0),  # plan exceeded: 120 arrivals in 3 weeks
        (30, 2, 7, None, 10.0),  # no plan: 30 in 3 weeks
        (45, 4, 0, 100, 9.0),  # the last week: no weeks to spread the plan over
    ],
)
def test_the_future_is_what_the_plan_still_expects_else_the_observed_rate(
    arrived, week, weeks_left, planned, rate
):
    assert _arrivals_per_week(arrived, week, weeks_left, planned) == rate


def test_simulated_year_dynamic_beats_greedy_and_stays_under_hindsight():
    year = synthetic_year(240, n_cities=6, weeks=12, seed=3)
    params = DynamicParams(samples=2, seed=1)

    report = simulate_year(year.instance, year.arrival_weeks, params=params, planned_arrivals=240)

    assert report.households == 240
    assert report.weeks == 12
    assert report.hindsight_gap == pytest.approx(0.0, abs=1e-3)
    assert report.hindsight == pytest.approx(269.945242, abs=1e-6)
    assert report.hindsight_placed == 193
    assert report.totals["dynamic"] == pytest.approx(263.146066, abs=1e-6)
    assert report.totals["greedy"] == pytest.approx(224.309434, abs=1e-6)
    assert report.placed == {"dynamic": 194, "greedy": 199}
    assert (report.waited, report.mean_wait) == (9, pytest.approx(19 / 9))
    assert report.share("dynamic") == report.totals["dynamic"] / report.hindsight
    assert 0.0 < report.share("greedy") < report.share("dynamic") <= 1.0


def test_unknown_method_is_refused():
    year = synthetic_year(20, n_cities=3, weeks=2, seed=0)

    with pytest.raises(ValueError, match="unknown method 'random'"):
        simulate_year(year.instance, year.arrival_weeks, methods=("random",))
