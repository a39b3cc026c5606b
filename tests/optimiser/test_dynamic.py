"""Dynamic mode: prices from sampled futures keep scarce capacity for those who need it."""

import numpy as np
import pytest

from arraigo.optimiser import City, Household, Instance
from arraigo.optimiser.dynamic import (
    DynamicParams,
    PoolHousehold,
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


def test_simulated_year_dynamic_beats_greedy_and_stays_under_hindsight():
    year = synthetic_year(240, n_cities=6, weeks=12, seed=3)

    report = simulate_year(
        year.instance, year.arrival_weeks, params=DynamicParams(samples=2, seed=1)
    )

    assert report.households == 240
    assert report.weeks == 12
    assert report.hindsight_gap == pytest.approx(0.0, abs=1e-3)
    assert report.totals["greedy"] < report.totals["dynamic"] <= report.hindsight + 1e-6
    assert report.share("dynamic") == report.totals["dynamic"] / report.hindsight
    assert 0.0 < report.share("greedy") < report.share("dynamic") <= 1.0


def test_unknown_method_is_refused():
    year = synthetic_year(20, n_cities=3, weeks=2, seed=0)

    with pytest.raises(ValueError, match="unknown method 'random'"):
        simulate_year(year.instance, year.arrival_weeks, methods=("random",))
