"""The outcome model's public surface: profiles in, scores per household and city out.

`outcome_scores` uses the newest active learned model (see `outcome_model_train`), or the
programme's priors (outcome_priors.yaml) while there is none; the table says which.
Objectives:
- "any_employed": probability that at least one member is in formal work at 6 months;
- "expected_employed": expected members in formal work at 6 months, approximated as
  workers x per-worker probability, the per-worker probability q solving
  1 - (1 - q)^workers = P(any employed) (workers treated as independent and alike).
Contributions are terms of the log-odds of "any employed", whatever the objective.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import OutcomeModel
from .profiles import city_profiles, household_profiles
from .scoring import OBJECTIVES, LinearModel, priors_load, score_table
from .selectors import outcome_model_current
from .types import CityProfile, HouseholdProfile, ScoreTable

__all__ = [
    "OBJECTIVES",
    "CityProfile",
    "HouseholdProfile",
    "ScoreTable",
    "city_profiles",
    "household_profiles",
    "model_in_use",
    "outcome_scores",
]


def learned_model(stored: OutcomeModel) -> LinearModel:
    return LinearModel.from_coefficients(
        kind=stored.kind,
        version=stored.label,
        names=stored.features,
        coefficients=stored.coefficients,
    )


def model_in_use() -> LinearModel:
    """The newest active learned model, else the priors."""
    stored = outcome_model_current()
    return learned_model(stored) if stored is not None else priors_load()


def outcome_scores(
    households: Sequence[HouseholdProfile],
    cities: Sequence[CityProfile],
    *,
    objective: str = "any_employed",
) -> ScoreTable:
    """Predicted outcome of each household in each city (one query: the current model)."""
    return score_table(model_in_use(), households, cities, objective=objective)
