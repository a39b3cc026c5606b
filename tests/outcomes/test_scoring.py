"""Scores from the priors, the objectives, and the contributions of each factor."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml

from arraigo.outcomes.api import outcome_scores
from arraigo.outcomes.scoring import PairScores, expected_employed, priors_load, priors_path
from tests.outcomes.factories import city_profile, household_profile

pytestmark = pytest.mark.django_db


def _by_hand(weights: dict[str, float], intercept: float, values: dict[str, float]) -> float:
    return 1.0 / (1.0 + math.exp(-(intercept + sum(weights[k] * values[k] for k in weights))))


def test_priors_score_exactly_as_the_yaml_says() -> None:
    # Given the programme's priors file and a hand-made household and city
    data = yaml.safe_load(priors_path().read_text(encoding="utf-8"))
    household = household_profile(
        spanish_rank=2, max_education_rank=3, max_experience_years=25, workers=2
    )
    city = city_profile(average_wage=14_000.0, open_seats=400, seats_by_major_group={"8": 50})
    # When scoring with no learned model stored
    table = outcome_scores([household], [city])
    # Then the score is the logistic of the stated weights, feature by feature
    values = {
        "spanish_rank": 2,
        "education_rank": 3,
        "experience_years": 20,  # capped
        "workers": 2,
        "single_parent": 0,
        "specific_needs": 0,
        "labour_demand": math.log(1 + 50 / 2),  # seats of group 8 per worker
        "city_seats": math.log(1 + 400),
        "city_wage": 14.0,
    }
    assert set(data["weights"]) == set(values)
    expected = _by_hand(data["weights"], data["intercept"], values)
    assert table.scores["h1", "c1"] == pytest.approx(expected, abs=1e-12)
    assert table.kind == "prior"
    assert table.model_version == f"prior-{data['version']}"


def test_a_household_without_occupations_counts_the_city_seats_over_nine_groups() -> None:
    data = yaml.safe_load(priors_path().read_text(encoding="utf-8"))
    household = household_profile(occupation_major_groups=frozenset(), workers=1)
    table = outcome_scores([household], [city_profile(open_seats=450)])
    terms = dict(table.contributions["h1", "c1"])
    assert terms["Open jobs in the household's trades"] == pytest.approx(
        data["weights"]["labour_demand"] * math.log(1 + 450 / 9)
    )


def test_contributions_are_the_largest_terms_signed_and_sorted() -> None:
    # Given a single parent with specific needs and no Spanish
    household = household_profile(
        single_parent=True, has_specific_needs=True, spanish_rank=0, workers=1
    )
    weights = yaml.safe_load(priors_path().read_text(encoding="utf-8"))["weights"]
    table = outcome_scores([household], [city_profile()])
    factors = table.contributions["h1", "c1"]
    # Then at most five factors, by decreasing size, with their signs
    assert len(factors) == 5
    sizes = [abs(value) for _label, value in factors]
    assert sizes == sorted(sizes, reverse=True)
    assert [label for label, _value in factors] == [
        "Open jobs in the household's trades",  # 0.25 ln 51 = 0.98
        "Open jobs in the city",  # 0.10 ln 401 = 0.60
        "Adults able to work",  # 0.50
        "Single parent",  # -0.45
        "Specific needs",  # -0.35; then wage 0.28, education 0.24, experience 0.20
    ]
    as_dict = dict(factors)
    assert as_dict["Single parent"] == pytest.approx(weights["single_parent"])
    assert as_dict["Specific needs"] == pytest.approx(weights["specific_needs"])
    assert as_dict["Open jobs in the city"] == pytest.approx(weights["city_seats"] * math.log(401))


def test_a_zero_term_is_no_reason() -> None:
    household = household_profile(spanish_rank=0, max_education_rank=0, max_experience_years=0)
    city = city_profile(average_wage=0.0, open_seats=0, seats_by_major_group={})
    factors = outcome_scores([household], [city]).contributions["h1", "c1"]
    assert [label for label, _value in factors] == ["Adults able to work"]


def test_expected_employed_is_workers_times_the_per_worker_probability() -> None:
    households = [
        household_profile(id="one", workers=1),
        household_profile(id="three", workers=3),
        household_profile(id="none", workers=0),
    ]
    any_table = outcome_scores(households, [city_profile()], objective="any_employed")
    expected_table = outcome_scores(households, [city_profile()], objective="expected_employed")
    # One worker: the expectation is the probability itself
    assert expected_table.scores["one", "c1"] == pytest.approx(any_table.scores["one", "c1"])
    # Three workers: 3 q with 1 - (1 - q)^3 = p
    p = any_table.scores["three", "c1"]
    q = 1 - (1 - p) ** (1 / 3)
    assert expected_table.scores["three", "c1"] == pytest.approx(3 * q)
    assert 1 - (1 - q) ** 3 == pytest.approx(p)
    # Nobody able to work: nobody expected in work
    assert expected_table.scores["none", "c1"] == 0.0


def test_expected_employed_formula_on_arrays() -> None:
    result = expected_employed(np.array([0.75, 0.75]), np.array([2.0, 0.0]))
    assert result.tolist() == pytest.approx([2 * 0.5, 0.0])


def test_an_unknown_objective_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown objective 'income'"):
        outcome_scores([household_profile()], [city_profile()], objective="income")


def test_the_table_covers_every_pair_in_input_order() -> None:
    households = [household_profile(id=f"h{i}") for i in range(3)]
    cities = [city_profile(id="a"), city_profile(id="b", open_seats=10, seats_by_major_group={})]
    table = outcome_scores(households, cities)
    assert isinstance(table.scores, PairScores)
    assert table.scores.matrix.shape == (3, 2)
    assert list(table.scores)[:3] == [("h0", "a"), ("h0", "b"), ("h1", "a")]
    assert len(table.scores) == 6 and len(table.contributions) == 6
    assert ("h2", "b") in table.scores and ("h9", "a") not in table.scores
    # the city with fewer open seats scores lower for the same household
    assert table.scores["h0", "b"] < table.scores["h0", "a"]


def test_ten_thousand_households_by_21_cities_in_one_pass() -> None:
    households = [
        household_profile(id=str(i), workers=1 + i % 3, spanish_rank=i % 5) for i in range(10_000)
    ]
    cities = [city_profile(id=f"c{j}", open_seats=100 + 10 * j) for j in range(21)]
    table = outcome_scores(households, cities, objective="expected_employed")
    assert table.scores.matrix.shape == (10_000, 21)  # type: ignore[attr-defined]
    assert len(table.contributions["9999", "c20"]) == 5


def test_priors_are_read_once_per_file() -> None:
    assert priors_load() is priors_load()
