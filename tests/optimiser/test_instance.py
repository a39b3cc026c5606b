"""`instance_check`: every number finite, every preference on a compatible pair."""

import math

import pytest

from arraigo.optimiser import (
    City,
    GroupFloor,
    Household,
    Instance,
    InstanceError,
    Vacancy,
    instance_check,
    solve,
)


def sound(**extra):
    fields = {
        "dimensions": ("people",),
        "households": (Household("h1", (1,), workers=("w1",)),),
        "cities": (City("A", (2,)), City("B", (1,))),
        "outcome": {("h1", "A"): 0.5, ("h1", "B"): 0.4},
        "vacancies": (Vacancy("v1", "A", 1),),
        "fit": {("w1", "v1"): 0.2},
        "preference": {("h1", "B"): 0.1},
        "floors": (GroupFloor("needs", 0),),
    }
    return Instance(**{**fields, **extra})


def test_a_sound_instance_passes():
    instance_check(sound())


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("outcome", "outcome score for ('h1', 'A') is not a finite number"),
        ("fit", "fit score for ('w1', 'v1') is not a finite number"),
        ("preference", "preference for ('h1', 'B') is not a finite number"),
        ("sizes", "household 'h1' has a size that is not a finite number"),
        ("capacity", "city 'A' has a capacity that is not a finite number"),
        ("seats", "vacancy 'v1' has seats that are not a finite number"),
        ("floor", "floor for group 'needs' is not a finite number"),
    ],
)
def test_a_number_that_is_not_finite_is_refused_wherever_it_is(field, message, bad):
    changes = {
        "outcome": {"outcome": {("h1", "A"): bad, ("h1", "B"): 0.4}},
        "fit": {"fit": {("w1", "v1"): bad}},
        "preference": {"preference": {("h1", "B"): bad}},
        "sizes": {"households": (Household("h1", (bad,), workers=("w1",)),)},
        "capacity": {"cities": (City("A", (bad,)), City("B", (1,)))},
        "seats": {"vacancies": (Vacancy("v1", "A", bad),)},
        "floor": {"floors": (GroupFloor("needs", bad),)},
    }[field]

    with pytest.raises(InstanceError) as caught:
        instance_check(sound(**changes))

    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    "pair",
    [("h1", "C"), ("h9", "A")],
    ids=["unknown-city", "unknown-household"],
)
def test_a_preference_outside_the_outcome_table_is_refused(pair):
    with pytest.raises(InstanceError) as caught:
        instance_check(sound(preference={pair: 0.1}))

    assert str(caught.value) == (
        f"preference for {pair!r}, a pair with no outcome score "
        "(an unknown household or city, or an incompatible pair)"
    )


def test_a_preference_for_an_incompatible_pair_is_refused_by_every_solve():
    instance = sound(outcome={("h1", "A"): 0.5}, preference={("h1", "B"): 0.1})

    with pytest.raises(InstanceError, match=r"preference for \('h1', 'B'\)"):
        solve(instance)
