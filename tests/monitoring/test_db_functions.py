"""The date arithmetic the monitoring aggregates ask of the database gives what Python gives,
on the database the suite runs on (SQLite, and PostgreSQL in CI): birthdays on the day, the
day after, 29 February."""

import datetime as dt

import pytest
from django.db.models import DateField, Value

from arraigo.monitoring.db_functions import DaysBetween, FullYears, Quarter
from arraigo.monitoring.member_rules import full_years
from arraigo.registry.models import Person
from tests.registry.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = [
    dt.date(2008, 6, 30),  # 18 on the day
    dt.date(2008, 7, 1),  # 18 the day after: still 17
    dt.date(2000, 2, 29),
    dt.date(2000, 2, 28),
    dt.date(2000, 3, 1),
    dt.date(2010, 2, 28),
    dt.date(2010, 3, 1),
    dt.date(1961, 12, 31),
    dt.date(1962, 1, 1),
    dt.date(2026, 6, 30),  # born on the day: 0
]
DAYS = [
    dt.date(2026, 6, 30),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(2027, 2, 28),
    dt.date(2027, 3, 1),
    dt.date(2028, 2, 28),
    dt.date(2028, 2, 29),
    dt.date(2028, 3, 1),
]


@pytest.mark.parametrize("day", DAYS)
def test_full_years_in_the_database_are_the_ages_python_computes(day):
    for born in BORN:
        PersonFactory(date_of_birth=born)  # each the head of a household
    ages = Person.objects.annotate(
        age=FullYears("date_of_birth", Value(day, output_field=DateField()))
    ).values_list("date_of_birth", "age")
    assert sorted(ages) == sorted((born, full_years(born, day)) for born in BORN)


def test_days_between_and_quarter():
    for born in (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 1),
        dt.date(2025, 12, 31),
    ):
        PersonFactory(date_of_birth=born)  # each the head of a household
    day = Value(dt.date(2026, 4, 1), output_field=DateField())
    rows = Person.objects.annotate(
        days=DaysBetween("date_of_birth", day), quarter=Quarter("date_of_birth")
    ).values_list("date_of_birth", "days", "quarter")
    assert sorted(rows) == [
        (dt.date(2025, 12, 31), 91, "2025-T4"),
        (dt.date(2026, 1, 1), 90, "2026-T1"),
        (dt.date(2026, 3, 31), 1, "2026-T1"),
        (dt.date(2026, 4, 1), 0, "2026-T2"),
    ]
