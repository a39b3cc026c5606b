"""The plain data the outcome model reads and returns (no ORM objects)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class HouseholdProfile:
    id: str
    size: int
    adults: int  # 18+
    workers: int  # adults willing and able to work
    max_education_rank: int  # arraigo.core.choices.EDUCATION_RANK of the best-educated adult
    spanish_rank: int  # LANGUAGE_RANK of the best Spanish among adults
    nationality: str  # ISO alpha-2 of the head
    single_parent: bool
    has_specific_needs: bool
    max_experience_years: int
    occupation_major_groups: frozenset[str]  # ISCO-08 first digits of the adults' occupations


@dataclass(frozen=True)
class CityProfile:
    id: str
    average_wage: float  # MXN per month
    open_seats: int  # open vacancy seats
    seats_by_major_group: Mapping[str, int]  # open seats per ISCO major group
    population: int


@dataclass(frozen=True)
class ScoreTable:
    """Predicted outcome per (household id, city id), and the model that predicted it.

    `scores` and `contributions` are read-only mappings backed by arrays (built lazily per
    pair); `scores.matrix` is the households x cities array itself, in input order.
    """

    scores: Mapping[tuple[str, str], float]
    model_version: str  # "prior-1", "learned-3"
    kind: str  # "prior" | "learned"
    # per pair: (factor label, signed contribution to the log-odds), largest |value| first, <= 5
    contributions: Mapping[tuple[str, str], tuple[tuple[str, float], ...]]
