"""Profiles built from the database, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.codelists.models import Occupation
from arraigo.jobs.models import VacancyStatus
from arraigo.outcomes.profiles import city_profiles, household_profiles
from arraigo.places.models import City
from arraigo.registry.models import Household, NeedCode, Relationship, SpecificNeed
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.places.factories import CityFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


def _occupation(code: str) -> Occupation:
    occupation, _ = Occupation.objects.get_or_create(
        isco_code=code, defaults={"title_en": code, "title_es": code}
    )
    return occupation


def _family() -> Household:
    household = HouseholdFactory(size=3)
    head = PersonFactory(
        household=household,
        nationality="SV",
        spanish_level="intermediate",
        education_level="upper_secondary",
        years_experience=6,
    )
    head.occupations.add(_occupation("8160"), _occupation("9329"))
    PersonFactory(
        household=household,
        relationship=Relationship.SPOUSE,
        spanish_level="basic",
        education_level="tertiary",
        years_experience=2,
        willing_to_work=False,
    ).occupations.add(_occupation("5120"))
    child = PersonFactory(
        household=household,
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2015, 1, 1),
        spanish_level="native",
        education_level="postgraduate",  # not an adult: not counted
    )
    child.occupations.add(_occupation("2211"))
    SpecificNeed.objects.create(
        household=household, code=NeedCode.SERIOUS_MEDICAL, recorded_at=timezone.now()
    )
    return household


def _single_parent() -> Household:
    household = HouseholdFactory(size=2)
    PersonFactory(household=household, nationality="HT", spanish_level="none")
    PersonFactory(
        household=household, relationship=Relationship.CHILD, date_of_birth=dt.date(2020, 3, 3)
    )
    SpecificNeed.objects.create(
        household=household, code=NeedCode.SINGLE_PARENT, recorded_at=timezone.now()
    )
    return household


def test_household_profiles_read_adults_workers_and_needs(django_assert_num_queries) -> None:
    family, single = _family(), _single_parent()
    with django_assert_num_queries(4):
        profiles = household_profiles(Household.objects.order_by("id"), on=DAY)
    by_id = {p.id: p for p in profiles}
    assert [p.id for p in profiles] == [str(family.pk), str(single.pk)]
    f = by_id[str(family.pk)]
    assert (f.size, f.adults, f.workers) == (3, 2, 1)
    assert (f.max_education_rank, f.spanish_rank, f.max_experience_years) == (5, 2, 6)
    assert f.nationality == "SV"
    assert f.occupation_major_groups == frozenset({"5", "8", "9"})
    assert (f.single_parent, f.has_specific_needs) == (False, True)
    s = by_id[str(single.pk)]
    assert (s.adults, s.workers, s.spanish_rank, s.nationality) == (1, 1, 0, "HT")
    assert (s.single_parent, s.has_specific_needs) == (True, False)
    assert s.occupation_major_groups == frozenset()


def test_household_profiles_take_the_same_queries_for_more_households(
    django_assert_num_queries,
) -> None:
    for _ in range(5):
        _family()
    with django_assert_num_queries(4):
        assert len(household_profiles(Household.objects.all(), on=DAY)) == 5


def test_city_profiles_count_open_unreserved_seats_per_group(django_assert_num_queries) -> None:
    city = CityFactory(average_monthly_wage_mxn=Decimal("15000.00"), population=800_000)
    bare = CityFactory(average_monthly_wage_mxn=None, population=None)
    employer = EmployerFactory(city=city)
    VacancyFactory(employer=employer, occupation=_occupation("8160"), seats=5, seats_reserved=2)
    VacancyFactory(employer=employer, occupation=_occupation("8322"), seats=4)
    VacancyFactory(employer=employer, occupation=_occupation("9329"), seats=10)
    VacancyFactory(
        employer=employer, occupation=_occupation("9329"), seats=7, status=VacancyStatus.CLOSED
    )
    VacancyFactory(
        employer=employer, occupation=_occupation("7212"), seats=6, start_date=dt.date(2027, 3, 1)
    )
    with django_assert_num_queries(2):
        profiles = city_profiles(City.objects.filter(pk__in=[city.pk, bare.pk]).order_by("pk"))
    first, second = profiles
    assert first.id == str(city.pk)
    assert first.seats_by_major_group == {"7": 6, "8": 7, "9": 10}
    assert (first.open_seats, first.average_wage, first.population) == (23, 15000.0, 800_000)
    # A city without a wage gets the others' mean; no vacancies, no seats
    assert (second.open_seats, second.average_wage, second.population) == (0, 15000.0, 0)
    # A period counts only vacancies starting by its end
    in_2026 = city_profiles(City.objects.filter(pk=city.pk), (dt.date(2026, 1, 1), DAY))
    assert in_2026[0].seats_by_major_group == {"8": 7, "9": 10}
