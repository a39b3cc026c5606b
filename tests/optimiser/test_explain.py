"""Explanations on an instance whose optimum and reasons can be checked by hand."""

import pytest

from arraigo.optimiser import City, Household, Instance, Vacancy, solve
from arraigo.optimiser.explain import Alternative, JobTaken, Lost, Unplaced, explain


def hand_instance() -> Instance:
    """Dimensions people, adults. A holds (2, 1), B (1, 1), C (3, 3).

    h1 (2, 1): A 0.9, B 0.8 but banned, C 0.2; its worker w1 fits vacancy vA in A (0.3).
    h2 (1, 1): A 0.7, B 0.6.   h3 (1, 1): B 0.5 only.   h4 (1, 0): nothing compatible.
    h5 (1, 0): C -0.1 only.
    Optimum 1.8: h1 → A with w1 → vA (1.2), which fills A in both dimensions; h2 → B (0.6),
    which fills B; h3 has nowhere left; h5 would lower the total.
    """
    return Instance(
        dimensions=("people", "adults"),
        households=(
            Household("h1", (2, 1), workers=("w1",)),
            Household("h2", (1, 1)),
            Household("h3", (1, 1)),
            Household("h4", (1, 0)),
            Household("h5", (1, 0)),
        ),
        cities=(City("A", (2, 1)), City("B", (1, 1)), City("C", (3, 3))),
        outcome={
            ("h1", "A"): 0.9,
            ("h1", "B"): 0.8,
            ("h1", "C"): 0.2,
            ("h2", "A"): 0.7,
            ("h2", "B"): 0.6,
            ("h3", "B"): 0.5,
            ("h5", "C"): -0.1,
        },
        vacancies=(Vacancy("vA", "A", 1),),
        fit={("w1", "vA"): 0.3},
        bans=frozenset({("h1", "B")}),
    )


@pytest.fixture(scope="module")
def explained():
    instance = hand_instance()
    result = solve(instance)
    assert result.objective == pytest.approx(1.8)
    return explain(instance, result)


def test_proposed_city_with_the_parts_of_its_score_and_the_capacity_that_bound(explained):
    h1 = explained["h1"]

    assert (h1.city, h1.outcome, h1.preference) == ("A", 0.9, 0.0)
    assert h1.jobs == (JobTaken("w1", "vA", 0.3),)
    assert h1.score == pytest.approx(1.2)
    assert h1.capacity_bound == ("people", "adults")
    assert h1.unplaced is None


def test_banned_and_lower_scoring_cities_lost_for_those_reasons(explained):
    assert explained["h1"].alternatives == (
        Alternative("B", 0.8, 0.0, 0.8, Lost.BANNED),
        Alternative("C", 0.2, 0.0, 0.2, Lost.LOWER_SCORE),
    )


def test_better_scoring_city_lost_because_the_household_would_exceed_its_capacity(explained):
    h2 = explained["h2"]

    assert h2.city == "B"
    assert h2.capacity_bound == ("people", "adults")
    assert h2.alternatives == (
        Alternative("A", 0.7, 0.0, 0.7, Lost.CAPACITY_FULL, ("people", "adults")),
        Alternative("C", None, 0.0, None, Lost.INCOMPATIBLE),
    )


def test_unplaced_household_whose_only_city_is_full(explained):
    h3 = explained["h3"]

    assert h3.city is None
    assert h3.score is None
    assert h3.unplaced is Unplaced.EVERY_COMPATIBLE_CITY_FULL
    assert h3.alternatives[0] == Alternative(
        "B", 0.5, 0.0, 0.5, Lost.CAPACITY_FULL, ("people", "adults")
    )


def test_unplaced_household_with_no_compatible_city(explained):
    h4 = explained["h4"]

    assert h4.unplaced is Unplaced.NO_COMPATIBLE_CITY
    assert [a.lost for a in h4.alternatives] == [Lost.INCOMPATIBLE] * 3


def test_unplaced_household_that_would_lower_the_total(explained):
    assert explained["h5"].unplaced is Unplaced.NOT_WORTH_A_PLACE


def test_top_limits_the_alternatives():
    instance = hand_instance()

    explained = explain(instance, solve(instance), top=1)

    assert [a.city for a in explained["h1"].alternatives] == ["B"]
