"""Predicted outcomes p[h, c] for the matching adapter.

Uses the outcome model of `arraigo.outcomes` when that app is installed. Until then a small
FALLBACK PRIOR below scores pairs with stated rules, labelled "prior" and versioned
"fallback-prior-1" so every run records what it used.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from arraigo.places.models import City
from arraigo.registry.models import Household

Pair = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    scores: Mapping[Pair, float]
    model_version: str
    kind: str  # "prior" or "learned"
    contributions: Mapping[Pair, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class FallbackHousehold:
    id: str
    workers: int


@dataclass(frozen=True)
class FallbackCity:
    id: str
    wage: float | None


def _outcomes_api() -> Any | None:
    """arraigo.outcomes.api if that app is installed, else None (the fallback prior)."""
    if not apps.is_installed("arraigo.outcomes"):
        return None
    return importlib.import_module("arraigo.outcomes.api")


def outcome_scores(
    *,
    households: QuerySet[Household],
    workers: Mapping[str, int],
    cities: QuerySet[City],
    period: tuple[dt.date, dt.date],
    objective: str,
) -> Scores:
    """p[h, c] for every household and city given (ids are primary keys as strings)."""
    api = _outcomes_api()
    if api is not None:
        table = api.outcome_scores(
            api.household_profiles(households, on=period[0]),
            api.city_profiles(cities, period),
            objective=objective,
        )
        return Scores(
            scores={(str(h), str(c)): float(v) for (h, c), v in table.scores.items()},
            model_version=str(table.model_version),
            kind=str(table.kind),
            contributions={
                (str(h), str(c)): tuple((str(label), float(v)) for label, v in factors)
                for (h, c), factors in table.contributions.items()
            },
        )
    return fallback_prior(
        [FallbackHousehold(id=h, workers=n) for h, n in workers.items()],
        [FallbackCity(id=str(c.pk), wage=_wage(c.average_monthly_wage_mxn)) for c in cities],
        objective=objective,
    )


def _wage(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# --- fallback prior (used only while arraigo.outcomes is absent) ------------------------------

FALLBACK_VERSION = "fallback-prior-1"
WORKER_CHANCE = 0.35  # chance that one working-age member finds formal work at 6 months
WAGE_EFFECT = 0.10  # +- this much for a city whose wage is far above or below the average


def fallback_prior(
    households: Sequence[FallbackHousehold],
    cities: Sequence[FallbackCity],
    *,
    objective: str,
) -> Scores:
    """Fallback prior: a worker's chance is 0.35, moved by up to +-0.10 with the city's wage
    relative to the average of the cities given; the household's outcome is the chance of at
    least one worker in work (or the expected number)."""
    wages = [c.wage for c in cities if c.wage]
    mean_wage = sum(wages) / len(wages) if wages else 0.0
    scores: dict[Pair, float] = {}
    contributions: dict[Pair, tuple[tuple[str, float], ...]] = {}
    for city in cities:
        relative = (city.wage / mean_wage - 1.0) if city.wage and mean_wage else 0.0
        wage_shift = max(-WAGE_EFFECT, min(WAGE_EFFECT, relative))
        chance = WORKER_CHANCE + wage_shift
        for household in households:
            n = household.workers
            if objective == "expected_employed":
                value = n * chance
                base = n * WORKER_CHANCE
            else:
                value = 1.0 - (1.0 - chance) ** n
                base = 1.0 - (1.0 - WORKER_CHANCE) ** n
            pair = (household.id, city.id)
            scores[pair] = round(value, 6)
            contributions[pair] = (
                ("Working-age members", round(base, 6)),
                ("City wage level", round(value - base, 6)),
            )
    return Scores(scores, FALLBACK_VERSION, "prior", contributions)
