"""LP relaxation: bound and shadow prices on instances small enough to price by hand."""

import pytest

from arraigo.optimiser import City, Household, Instance, Vacancy
from arraigo.optimiser.relax import relax


def test_capacity_price_is_the_score_of_the_household_left_out():
    """A holds one person; h1 (0.9) gets it. One more place would let h2 in: +0.5."""
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,)), Household("h2", (1,))),
        cities=(City("A", (1,)), City("B", (0,))),
        outcome={("h1", "A"): 0.9, ("h2", "A"): 0.5},
    )

    relaxation = relax(instance)

    assert relaxation.optimal is True
    assert relaxation.bound == pytest.approx(0.9)
    assert relaxation.capacity_price == pytest.approx({("A", "people"): 0.5, ("B", "people"): 0.0})


def test_fractional_bound_and_price_when_a_big_household_half_fits():
    """A holds 3 people: h1 (size 2, 1.0) and h2 (size 2, 0.8). The LP takes h1 and half of
    h2: bound 1.4; one more place buys another half of h2, so the price is 0.8 / 2 = 0.4."""
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (2,)), Household("h2", (2,))),
        cities=(City("A", (3,)),),
        outcome={("h1", "A"): 1.0, ("h2", "A"): 0.8},
    )

    relaxation = relax(instance)

    assert relaxation.bound == pytest.approx(1.4)
    assert relaxation.capacity_price[("A", "people")] == pytest.approx(0.4)


def test_seat_price_is_the_fit_of_the_worker_left_without_the_seat():
    """Room for both households; one vacancy with one seat. w1 (0.7) takes it; a second
    seat would give w2 its 0.3. Capacity is not binding: price 0."""
    instance = Instance(
        dimensions=("people",),
        households=(Household("h1", (1,), workers=("w1",)), Household("h2", (1,), workers=("w2",))),
        cities=(City("A", (3,)),),
        outcome={("h1", "A"): 0.9, ("h2", "A"): 0.5},
        vacancies=(Vacancy("v1", "A", 1),),
        fit={("w1", "v1"): 0.7, ("w2", "v1"): 0.3},
    )

    relaxation = relax(instance)

    assert relaxation.bound == pytest.approx(0.9 + 0.5 + 0.7)
    assert relaxation.seat_price == pytest.approx({"v1": 0.3})
    assert relaxation.capacity_price == pytest.approx({("A", "people"): 0.0})
