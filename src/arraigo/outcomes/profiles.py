"""Household and city profiles built from the database in a fixed number of queries.

Households: 4 queries (households, members, members' occupations, specific needs).
Cities: 2 queries (cities, open vacancy seats per city and ISCO-08 major group).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from arraigo.core.choices import EDUCATION_RANK, LANGUAGE_RANK
from arraigo.jobs.models import Vacancy, VacancyStatus
from arraigo.places.models import City
from arraigo.registry.models import Household, NeedCode, Person, SpecificNeed

from .types import CityProfile, HouseholdProfile

ADULT_AGE = 18
DEFAULT_WAGE_MXN = 10_000.0  # used only if no city in the set states its wage


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def household_profiles(
    households_qs: QuerySet[Household], *, on: dt.date | None = None
) -> list[HouseholdProfile]:
    """One profile per household of `households_qs`, in its order; ages on `on` (today).

    Single parent: one adult living with children under 18, or the need recorded. Specific
    needs: any recorded need other than single parenthood.
    """
    day = on or timezone.localdate()
    rows = list(households_qs.values_list("id", "size"))
    ids = households_qs.values("id")
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for member in (
        Person.objects.filter(household__in=ids)
        .order_by()
        .values(
            "id",
            "household_id",
            "date_of_birth",
            "relationship",
            "nationality",
            "spanish_level",
            "education_level",
            "years_experience",
            "willing_to_work",
            "able_to_work",
        )
    ):
        members[member["household_id"]].append(dict(member))
    groups: dict[int, set[str]] = defaultdict(set)
    occupations = Person.occupations.through.objects.filter(person__household__in=ids)
    for person_id, code in occupations.values_list("person_id", "occupation__isco_code"):
        groups[person_id].add(code[:1])
    needs: dict[int, set[str]] = defaultdict(set)
    for household_id, code in SpecificNeed.objects.filter(household__in=ids).values_list(
        "household_id", "code"
    ):
        needs[household_id].add(code)
    return [_household(pk, size, members[pk], groups, needs[pk], day) for pk, size in rows]


def _household(
    pk: int,
    size: int,
    members: list[dict[str, Any]],
    groups: dict[int, set[str]],
    needs: set[str],
    day: dt.date,
) -> HouseholdProfile:
    adults = [m for m in members if _age(m["date_of_birth"], day) >= ADULT_AGE]
    minors = len(members) - len(adults)
    head = next((m for m in members if m["relationship"] == "head"), None)
    adult_groups: set[str] = set()
    for adult in adults:
        adult_groups |= groups.get(adult["id"], set())
    return HouseholdProfile(
        id=str(pk),
        size=len(members) or size,
        adults=len(adults),
        workers=sum(1 for a in adults if a["willing_to_work"] and a["able_to_work"]),
        max_education_rank=max((EDUCATION_RANK[a["education_level"]] for a in adults), default=0),
        spanish_rank=max((LANGUAGE_RANK[a["spanish_level"]] for a in adults), default=0),
        nationality=str(head["nationality"]) if head else "",
        single_parent=(len(adults) == 1 and minors > 0) or NeedCode.SINGLE_PARENT in needs,
        has_specific_needs=bool(needs - {NeedCode.SINGLE_PARENT.value}),
        max_experience_years=max((int(a["years_experience"]) for a in adults), default=0),
        occupation_major_groups=frozenset(adult_groups),
    )


def city_profiles(
    cities_qs: QuerySet[City], period: tuple[dt.date, dt.date] | None = None
) -> list[CityProfile]:
    """One profile per city of `cities_qs`, in its order.

    Open seats: seats not yet reserved of open vacancies, counting those with no start date
    or starting by the end of `period` (start, end); all open vacancies without a period.
    A city without a stated wage gets the mean of the others.
    """
    rows = list(cities_qs.values_list("id", "average_monthly_wage_mxn", "population"))
    vacancies = Vacancy.objects.filter(
        city__in=cities_qs.values("id"), status=VacancyStatus.OPEN
    ).order_by()
    if period is not None:
        vacancies = vacancies.filter(Q(start_date__isnull=True) | Q(start_date__lte=period[1]))
    seats: dict[int, dict[str, int]] = defaultdict(dict)
    for city_id, group, amount in vacancies.values_list(
        "city_id", Substr("occupation__isco_code", 1, 1)
    ).annotate(open=Sum(F("seats") - F("seats_reserved"))):
        seats[city_id][group] = int(amount or 0)
    wages = [float(wage) for _pk, wage, _pop in rows if wage is not None]
    fallback = sum(wages) / len(wages) if wages else DEFAULT_WAGE_MXN
    return [
        CityProfile(
            id=str(pk),
            average_wage=float(wage) if wage is not None else fallback,
            open_seats=sum(seats[pk].values()),
            seats_by_major_group=dict(seats[pk]),
            population=int(population or 0),
        )
        for pk, wage, population in rows
    ]
