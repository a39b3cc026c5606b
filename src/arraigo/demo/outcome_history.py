"""The demo's follow-up history: who had formal work 6 months after arriving in a host city.

Which households: every demo household with a host city that reached it (its history has a
move to "arrived", or to "integrating" for households supported where they live), whatever
its status since (arrived, integrating, followed up, closed). That is about 42% of the
households: some 840 outcomes at the default 2,000 and 2,100 at 5,000. `placed_on` is the day
of that first move. The outcome model never reads these rows: survey_history.py turns them
into the six-month answers of the households at least 210 days past their start (some 210 at
the default size), and the model learns from those answers.

The outcomes come from a HIDDEN ground-truth model, written here and nowhere else, with
weights unlike the priors' (outcome_priors.yaml): a logistic score on the same household and
city facts, where demand matters per occupation group (factory and elementary trades more than
services), education and city wages count against, and every household has its own
unobserved luck (normal noise on the log-odds). Members in work: each worker finds work with
the probability q that makes P(at least one) equal the household's probability. Everything is
drawn from one numpy generator seeded from the demo's seed, over households in id order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import numpy as np
from django.db.models import Min

from arraigo.outcomes.features import GROUPS, CityArrays, HouseholdArrays
from arraigo.outcomes.models import OutcomeSource, PlacementOutcome
from arraigo.outcomes.profiles import city_profiles, household_profiles
from arraigo.outcomes.types import CityProfile, HouseholdProfile
from arraigo.places.models import City
from arraigo.registry.models import Household, StatusChange

from .bulk import rows_insert
from .journey import ZONE

ARRIVAL_STATUSES = ("arrived", "integrating")
# The hidden truth, per raw feature (features.py units); never read by the outcome model.
TRUTH_INTERCEPT = -1.2
TRUTH_WEIGHTS = {
    "spanish_rank": 0.55,
    # Unlike the priors: the better educated wait longer for work at their level.
    "education_rank": -0.15,
    "experience_years": 0.07,
    "workers": 0.85,
    "single_parent": -0.95,
    "specific_needs": -0.65,
    # Unlike the priors: dear cities, where rent eats the wage, lose more households.
    "city_wage": -0.08,
}
# Per ISCO-08 major group: weight of ln(1 + open seats of the group in the city) when an adult
# of the household works in that group.
TRUTH_GROUP_DEMAND = {"1": 0.1, "2": 0.1, "3": 0.1, "4": 0.1, "5": 0.15, "6": 0.05}
TRUTH_GROUP_DEMAND |= {"7": 0.3, "8": 0.35, "9": 0.3}
TRUTH_NOISE = 0.6  # standard deviation of each household's unobserved luck, on the log-odds


def truth_logits(
    households: Sequence[HouseholdProfile], cities: Sequence[CityProfile]
) -> np.ndarray:
    """The ground truth's log-odds (without the noise) for aligned households and cities."""
    h = HouseholdArrays.of(households)
    c = CityArrays.of(cities)
    logits = TRUTH_INTERCEPT + np.zeros(len(households))
    for name, weight in TRUTH_WEIGHTS.items():
        logits = logits + weight * _raw(name, h, c)
    demand = np.array([TRUTH_GROUP_DEMAND[g] for g in GROUPS])
    logits = logits + (h.groups * np.log1p(c.group_seats) * demand).sum(axis=-1)
    result: np.ndarray = logits
    return result


def _raw(name: str, h: HouseholdArrays, c: CityArrays) -> np.ndarray:
    columns = {
        "spanish_rank": h.spanish,
        "education_rank": h.education,
        "experience_years": h.experience,
        "workers": h.workers,
        "single_parent": h.single_parent,
        "specific_needs": h.specific_needs,
        "city_wage": c.wage,
    }
    return columns[name]


def placed_households(
    today: dt.date,
) -> tuple[list[HouseholdProfile], list[CityProfile], list[dt.date]]:
    """Households that reached their host city, with the city's profile and the day, aligned."""
    moves = StatusChange.objects.filter(
        to_status__in=ARRIVAL_STATUSES, household__host_city__isnull=False
    ).order_by()
    arrivals = dict(moves.values_list("household_id").annotate(first=Min("changed_at")))
    placed = Household.objects.filter(id__in=moves.values("household_id")).order_by("id")
    households = household_profiles(placed, on=today)
    city_of = dict(placed.values_list("id", "host_city_id"))
    cities = {
        p.id: p for p in city_profiles(City.objects.filter(id__in=placed.values("host_city_id")))
    }
    hosts = [cities[str(city_of[int(p.id)])] for p in households]
    days = [arrivals[int(p.id)].astimezone(ZONE).date() for p in households]
    return households, hosts, days


OutcomeRow = tuple[int, int, dt.date, bool, int]


def outcome_draws(*, seed: int, today: dt.date) -> list[OutcomeRow]:
    """(household id, city id, placed on, someone employed, members employed), by household."""
    households, hosts, days = placed_households(today)
    if not households:
        return []
    generator = np.random.default_rng(
        random.Random(f"arraigo-demo:{seed}:outcomes").getrandbits(64)
    )
    logits = truth_logits(households, hosts) + generator.normal(0.0, TRUTH_NOISE, len(households))
    probability = 1.0 / (1.0 + np.exp(-logits))
    workers = np.array([max(p.workers, 1) for p in households])
    per_worker = 1.0 - np.power(1.0 - probability, 1.0 / workers)
    draws = generator.random((len(households), int(workers.max())))
    counted = np.arange(draws.shape[1]) < workers[:, None]
    employed = ((draws < per_worker[:, None]) & counted).sum(axis=1)
    return [
        (int(p.id), int(c.id), day, n > 0, n)
        for p, c, day, n in zip(households, hosts, days, employed.tolist(), strict=True)
    ]


def outcome_history_create(*, seed: int, today: dt.date) -> int:
    """Draw and insert the demo's PlacementOutcome rows; returns how many."""
    return rows_insert(
        PlacementOutcome,
        ["household_id", "city_id", "placed_on", "employed_6m", "members_employed_6m", "source"],
        ((*row, OutcomeSource.DEMO) for row in outcome_draws(seed=seed, today=today)),
    )
