"""Builds the optimiser's Instance for a matching run from the database (selector-style).

A fixed number of queries whatever the size: the households with their members, needs and
preferences (prefetched), the capacities of the period, the open vacancies with their skills,
and the outcome scores. Ids in the Instance are primary keys as strings.

Compatible pairs: `compatibility.city_fit` decides, the same rule overrides and acceptance
apply: a host city with capacity rows for the period, not excluded by the household, offering
in every dimension at least what the household needs (a city whose places are merely taken is
compatible: the capacity constraint keeps the household out, and the explanation says "full").
Preference bonus: weight / rank for each ranked preferred city, weight x 0.5 for a city with
relatives. Remaining capacity is amount - reserved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from arraigo.jobs.models import Vacancy, VacancyStatus
from arraigo.optimiser import City, GroupFloor, Household, Instance
from arraigo.optimiser import Vacancy as OptVacancy
from arraigo.places.models import CapacityDimension
from arraigo.places.models import City as CityRow
from arraigo.registry.models import (
    CityPreference,
    HouseholdStatus,
    Modality,
    NeedCode,
    Person,
    PreferenceKind,
    Relationship,
)
from arraigo.registry.models import Household as HouseholdRow

from .compatibility import city_fit, host_capacity_rows
from .fit import VacancyProfile, WorkerProfile, best_vacancies
from .scoring import outcome_scores

DIMENSIONS: tuple[str, ...] = tuple(CapacityDimension.values)
SPECIALISED_NEEDS = {NeedCode.DISABILITY, NeedCode.SERIOUS_MEDICAL}
RELATIVES_SHARE = 0.5  # relatives in a city add this share of the preference weight
VACANCIES_PER_CITY = 5  # best vacancies per worker per city kept as y variables
WORK_AGES = (18, 64)
SCHOOL_AGES = (6, 17)
DAYCARE_BELOW = 4


@dataclass(frozen=True)
class HouseholdFacts:
    """What the run summary groups by (no names)."""

    code: str
    nationality: str
    head_sex: str
    specific_needs: bool
    head_protection: str = ""  # the head's recorded protection status (registry.protection)


@dataclass
class Built:
    instance: Instance
    model_version: str
    model_kind: str
    contributions: Mapping[tuple[str, str], tuple[tuple[str, float], ...]]
    facts: dict[str, HouseholdFacts] = field(default_factory=dict)
    city_names: dict[str, str] = field(default_factory=dict)


def eligible_households() -> QuerySet[HouseholdRow]:
    """Profiled households waiting for a relocation proposal."""
    return HouseholdRow.objects.filter(
        status=HouseholdStatus.PROFILED, modality=Modality.RELOCATION
    ).order_by("registered_at", "id")


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def household_sizes(
    members: Iterable[Person], needs: Iterable[str], day: dt.date
) -> tuple[tuple[int, ...], list[Person]]:
    """Sizes per dimension (DIMENSIONS order) and the members who can take a job."""
    people = list(members)
    need_codes = set(needs)
    ages = [_age(p.date_of_birth, day) for p in people]
    workers = [
        p
        for p, age in zip(people, ages, strict=True)
        if WORK_AGES[0] <= age <= WORK_AGES[1] and p.willing_to_work and p.able_to_work
    ]
    school = sum(1 for a in ages if SCHOOL_AGES[0] <= a <= SCHOOL_AGES[1])
    small = sum(1 for a in ages if a < DAYCARE_BELOW)
    needs_daycare = bool(workers) or NeedCode.SINGLE_PARENT in need_codes
    specialised = 1 if need_codes & SPECIALISED_NEEDS else 0
    by_dim = {
        CapacityDimension.RECEPTION_BEDS: len(people),
        CapacityDimension.HOUSING_UNITS: 1,
        CapacityDimension.SCHOOL_PLACES: school,
        CapacityDimension.DAYCARE_PLACES: small if needs_daycare else 0,
        CapacityDimension.SPECIALISED_PLACES: specialised,
    }
    return tuple(by_dim[CapacityDimension(d)] for d in DIMENSIONS), workers


def open_vacancies(city_ids: Iterable[int]) -> tuple[list[VacancyProfile], dict[str, int]]:
    """The open vacancies with a free seat in these cities, and the free seats of each."""
    rows = list(
        Vacancy.objects.filter(
            status=VacancyStatus.OPEN, city_id__in=list(city_ids), seats__gt=F("seats_reserved")
        )
        .select_related("occupation")
        .prefetch_related("skills")
        .order_by("id")
    )
    profiles = [
        VacancyProfile(
            id=str(v.pk),
            city=str(v.city_id),
            min_education=v.min_education,
            min_experience_years=v.min_experience_years,
            min_spanish=v.min_spanish_level,
            isco_code=v.occupation.isco_code,
            skills=frozenset(s.code for s in v.skills.all()),
        )
        for v in rows
    ]
    return profiles, {str(v.pk): v.seats - v.seats_reserved for v in rows}


def worker_profile(person: Person) -> WorkerProfile:
    return WorkerProfile(
        id=str(person.pk),
        education=person.education_level,
        years_experience=person.years_experience,
        spanish=person.spanish_level,
        isco_codes=frozenset(o.isco_code for o in person.occupations.all()),
        skills=frozenset(s.code for s in person.skills.all()),
    )


def instance_build(
    *, period_start: dt.date, period_end: dt.date, parameters: Mapping[str, Any]
) -> Built:
    """The Instance for the households eligible now and the capacity of the period."""
    weight = float(parameters.get("preference_weight", 0.0))
    objective = str(parameters.get("objective", "any_employed"))
    households = list(
        eligible_households().prefetch_related(
            Prefetch("members", queryset=Person.objects.order_by("id")),
            "members__occupations",
            "members__skills",
            "needs",
            Prefetch("preferences", queryset=CityPreference.objects.order_by("id")),
        )
    )
    capacity: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    rows_of: dict[str, dict[str, tuple[int, int]]] = {}  # city -> dimension -> amount, reserved
    rows = host_capacity_rows(period_start, period_end).values_list(
        "city_id", "city__name", "dimension", "amount", "reserved"
    )
    for city_id, city_name, dimension, amount, reserved in rows:
        key = str(city_id)
        names[key] = city_name
        capacity.setdefault(key, [0] * len(DIMENSIONS))[DIMENSIONS.index(dimension)] = (
            amount - reserved
        )
        rows_of.setdefault(key, {})[dimension] = (amount, reserved)
    cities = tuple(City(id=c, capacity=tuple(k)) for c, k in sorted(capacity.items(), key=_num))
    city_ids = [int(c.id) for c in cities]
    vacancies, seats = open_vacancies(city_ids)
    opt_households: list[Household] = []
    facts: dict[str, HouseholdFacts] = {}
    workers_count: dict[str, int] = {}
    fit_scores: dict[tuple[str, str], float] = {}
    compatible: dict[str, list[str]] = {}
    preference: dict[tuple[str, str], float] = {}
    for row in households:
        h_id = str(row.pk)
        members = list(row.members.all())
        need_codes = [n.code for n in row.needs.all()]
        sizes, workers = household_sizes(members, need_codes, period_start)
        groups = set()
        if need_codes:
            groups.add("specific_needs")
        if NeedCode.SINGLE_PARENT in need_codes:
            groups.add("single_parent")
        opt_households.append(
            Household(
                id=h_id,
                sizes=sizes,
                workers=tuple(str(w.pk) for w in workers),
                groups=frozenset(groups),
            )
        )
        head = next((m for m in members if m.relationship == Relationship.HEAD), None)
        facts[h_id] = HouseholdFacts(
            code=row.code,
            nationality=str(head.nationality) if head else "",
            head_sex=head.sex if head else "",
            specific_needs=bool(need_codes),
            head_protection=head.protection_status if head else "",
        )
        workers_count[h_id] = len(workers)
        prefs = list(row.preferences.all())
        excluded = {str(p.city_id) for p in prefs if p.kind == PreferenceKind.EXCLUDED}
        needs = dict(zip(DIMENSIONS, sizes, strict=True))
        compatible[h_id] = [
            c.id
            for c in cities
            if city_fit(
                city=c.id, needs=needs, capacity=rows_of[c.id], excluded=excluded
            ).compatible
        ]
        for p in prefs:
            pair = (h_id, str(p.city_id))
            if p.kind == PreferenceKind.PREFERRED and p.rank:
                preference[pair] = preference.get(pair, 0.0) + weight / p.rank
            elif p.kind == PreferenceKind.RELATIVES:
                preference[pair] = preference.get(pair, 0.0) + weight * RELATIVES_SHARE
        for worker in workers:
            fit_scores.update(
                ((str(worker.pk), v), q)
                for v, q in best_vacancies(
                    worker_profile(worker), vacancies, per_city=VACANCIES_PER_CITY
                ).items()
            )
    scores = outcome_scores(
        households=HouseholdRow.objects.filter(pk__in=[h.pk for h in households]),
        workers=workers_count,
        cities=CityRow.objects.filter(pk__in=city_ids).order_by("id"),
        period=(period_start, period_end),
        objective=objective,
    )
    outcome = {
        (h, c): scores.scores.get((h, c), 0.0) for h, options in compatible.items() for c in options
    }
    floors = tuple(
        GroupFloor(group=group, minimum=int(minimum))
        for group, minimum in sorted(dict(parameters.get("floors") or {}).items())
        if int(minimum) > 0
    )
    instance = Instance(
        dimensions=DIMENSIONS,
        households=tuple(opt_households),
        cities=cities,
        outcome=outcome,
        vacancies=tuple(OptVacancy(id=v.id, city=v.city, seats=seats[v.id]) for v in vacancies),
        fit=fit_scores,
        preference={pair: b for pair, b in preference.items() if pair in outcome},
        floors=floors,
    )
    return Built(
        instance=instance,
        model_version=scores.model_version,
        model_kind=scores.kind,
        contributions=scores.contributions,
        facts=facts,
        city_names=names,
    )


def _num(item: tuple[str, Any]) -> int:
    return int(item[0])
