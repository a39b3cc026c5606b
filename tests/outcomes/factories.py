"""Plain profiles for the outcome model's tests (no database needed to build them)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from arraigo.outcomes.types import CityProfile, HouseholdProfile

_HOUSEHOLD = HouseholdProfile(
    id="h1",
    size=3,
    adults=2,
    workers=1,
    max_education_rank=3,
    spanish_rank=2,
    nationality="HN",
    single_parent=False,
    has_specific_needs=False,
    max_experience_years=5,
    occupation_major_groups=frozenset({"8"}),
)
_CITY = CityProfile(
    id="c1",
    average_wage=14_000.0,
    open_seats=400,
    seats_by_major_group={"8": 50, "9": 350},
    population=900_000,
)


def household_profile(**changes: Any) -> HouseholdProfile:
    return replace(_HOUSEHOLD, **changes)


def city_profile(**changes: Any) -> CityProfile:
    return replace(_CITY, **changes)
