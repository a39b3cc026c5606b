"""Explanations on an instance whose optimum and reasons can be checked by hand."""

import pytest

from arraigo.optimiser import City, GroupFloor, Household, Instance, Vacancy, solve
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


# --- why a city with a better outcome was not chosen (issue 10, item 14) ----------------------


def test_better_outcome_lost_to_the_household_preference():
    # Given h prefers X (bonus 0.2); Y predicts a better outcome (0.6 against 0.5)
    instance = Instance(
        dimensions=("people",),
        households=(Household("h", (1,)),),
        cities=(City("X", (1,)), City("Y", (1,))),
        outcome={("h", "X"): 0.5, ("h", "Y"): 0.6},
        preference={("h", "X"): 0.2},
    )
    # When solved and explained
    explained = explain(instance, solve(instance))["h"]
    # Then Y lost because of the preference, with its parts
    assert explained.city == "X"
    assert explained.alternatives == (Alternative("Y", 0.6, 0.0, 0.6, Lost.PREFERENCE),)


def test_better_outcome_lost_to_the_jobs_of_the_proposed_city():
    # Given X has a job that fits h's worker (0.3); Y a better outcome and a weaker job
    instance = Instance(
        dimensions=("people",),
        households=(Household("h", (1,), workers=("w",)),),
        cities=(City("X", (1,)), City("Y", (1,))),
        outcome={("h", "X"): 0.5, ("h", "Y"): 0.6},
        vacancies=(Vacancy("vX", "X", 1), Vacancy("vY", "Y", 1)),
        fit={("w", "vX"): 0.3, ("w", "vY"): 0.1},
    )
    explained = explain(instance, solve(instance))["h"]
    assert explained.score == pytest.approx(0.8)
    (alternative,) = explained.alternatives
    assert (alternative.city, alternative.lost) == ("Y", Lost.JOBS)
    assert alternative.job_fit == pytest.approx(0.1)
    assert alternative.total == pytest.approx(0.7)


def test_full_city_held_by_a_fairness_floor():
    # Given one place in Z, which g (floor: at least one of group "needs") can only take,
    # while h scores better in Z than in W
    instance = Instance(
        dimensions=("people",),
        households=(Household("g", (1,), groups=frozenset({"needs"})), Household("h", (1,))),
        cities=(City("Z", (1,)), City("W", (1,))),
        outcome={("g", "Z"): 0.1, ("h", "Z"): 0.9, ("h", "W"): 0.3},
        floors=(GroupFloor("needs", 1),),
    )
    explained = explain(instance, solve(instance))
    # Then h goes to W, and Z lost because its place meets the floor
    assert explained["h"].city == "W"
    assert explained["h"].alternatives == (
        Alternative("Z", 0.9, 0.0, 0.9, Lost.FAIRNESS_FLOOR, ("people",), 0.0, "needs"),
    )
