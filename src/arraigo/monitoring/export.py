"""The pseudonymised exports: one row per person, and counts with small cells suppressed.

Neither carries a name, a document, a phone, a birth date or a case code: a household is known
by its pseudonym (registry.pseudonyms), a person by their place in it, an age by its group and
the journey by its years. Every cell goes through core.csv_safety.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef

from arraigo.accounts import scope
from arraigo.jobs.models import Placement
from arraigo.registry.models import Household, Person, SpecificNeed
from arraigo.registry.pseudonyms import age_group, arrival_years, household_pseudonym

# Counts from 1 to SMALL_CELL - 1 are written as "<5": they could point at a person.
SMALL_CELL = 5
SUPPRESSED = f"<{SMALL_CELL}"

PEOPLE_HEADER = [
    "household",
    "member",
    "relationship",
    "sex",
    "age_group",
    "nationality",
    "protection_status",
    "spanish_level",
    "education",
    "willing_to_work",
    "able_to_work",
    "in_work",
    "household_size",
    "household_status",
    "modality",
    "eligibility",
    "origin_office",
    "host_city",
    "registration_year",
    "arrival_year",
    "specific_needs",
]

FIGURES_HEADER = ["table", "group", "subgroup", "count"]


def people_rows(today: dt.date, user: Any) -> Iterator[list[Any]]:
    """One row per member of every household in `user`'s scope (accounts.scope; the M&E
    officer's is national) not merged into another, households in pseudonym order (not
    registration order, which would give the case codes' sequence away)."""
    in_work = Placement.objects.filter(person=OuterRef("pk"), separated_on__isnull=True)
    needs = Counter(
        SpecificNeed.objects.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    in_scope = scope.scope_filter(
        Household.objects.filter(merged_into__isnull=True),
        user,
        scope.Kind.HOUSEHOLDS,
        office="origin_office",
        city="host_city",
    )
    households = list(in_scope.select_related("origin_office", "host_city"))
    households.sort(key=lambda household: household_pseudonym(household.pk))
    arrivals = arrival_years([household.pk for household in households])
    people: dict[int, list[Any]] = {}
    for member in (
        Person.objects.filter(household__merged_into__isnull=True)
        .annotate(in_work=Exists(in_work))
        .order_by("household_id", "date_of_birth", "id")
    ):
        people.setdefault(member.household_id, []).append(member)
    for household in households:
        for index, person in enumerate(people.get(household.pk, []), start=1):
            yield [
                household_pseudonym(household.pk),
                index,
                person.relationship,
                person.sex,
                age_group(person.age_on(today)),
                str(person.nationality),
                person.protection_status,
                person.spanish_level,
                person.education_level,
                person.willing_to_work,
                person.able_to_work,
                person.in_work,
                household.size,
                household.status,
                household.modality,
                household.eligibility,
                household.origin_office.name,
                household.host_city.name if household.host_city else "",
                household.registered_at.year,
                arrivals.get(household.pk, ""),
                needs.get(person.pk, 0),
            ]


def suppress(count: int) -> int | str:
    return SUPPRESSED if 0 < count < SMALL_CELL else count


def figure_rows(today: dt.date) -> Iterator[list[Any]]:
    """Counts by one or two dimensions, each count under SMALL_CELL suppressed."""
    households = Household.objects.filter(merged_into__isnull=True)
    tables: list[tuple[str, Counter[tuple[str, str]]]] = [
        (
            "households_by_host_city_and_status",
            Counter(
                (city or "", status)
                for city, status in households.values_list("host_city__name", "status")
            ),
        ),
        (
            "households_by_origin_office_and_modality",
            Counter(households.values_list("origin_office__name", "modality")),
        ),
    ]
    people = Person.objects.filter(household__merged_into__isnull=True)
    tables.append(
        (
            "people_by_sex_and_age_group",
            Counter(
                (sex, age_group(_age(born, today)))
                for sex, born in people.values_list("sex", "date_of_birth")
            ),
        )
    )
    tables.append(
        (
            "people_by_nationality_and_sex",
            Counter((str(nat), sex) for nat, sex in people.values_list("nationality", "sex")),
        )
    )
    tables.append(
        (
            "people_by_protection_status_and_sex",
            Counter(people.values_list("protection_status", "sex")),
        )
    )
    tables.append(
        (
            "placements_by_protection_status_and_state",
            Counter(
                (status, "separated" if separated else ("in_work" if started else "not_started"))
                for status, started, separated in Placement.objects.values_list(
                    "person__protection_status", "started_on", "separated_on"
                )
            ),
        )
    )
    tables.append(
        (
            "placements_by_sector_and_state",
            Counter(
                (sector, "separated" if separated else ("in_work" if started else "not_started"))
                for sector, started, separated in Placement.objects.values_list(
                    "employer__sector", "started_on", "separated_on"
                )
            ),
        )
    )
    for name, counter in tables:
        for (group, subgroup), count in sorted(counter.items()):
            yield [name, group, subgroup, suppress(count)]


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
