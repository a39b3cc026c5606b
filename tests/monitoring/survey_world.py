"""A household followed up in Saltillo for the survey tests: it started (arrived) on
1 March 2026; the mother works (head, 34), the father (36), a daughter of 9 and a baby of 1."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arraigo.accounts.models import Role, User
from arraigo.casework.models import IntegrationPlan, PlanTemplate
from arraigo.places.models import City
from arraigo.registry.models import Household, HouseholdStatus, Person, Relationship
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import PersonFactory, household_with_head

START = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 1)  # day 31 after the start: month1 is due (days 21 to 45)


@dataclass
class SurveyWorld:
    city: City
    household: Household
    members: dict[int, Person]  # by member number
    host: User  # caseworker of Saltillo
    coordinator: User


def plan_start(household: Household, day: dt.date, by: User) -> IntegrationPlan:
    template, _created = PlanTemplate.objects.get_or_create(version="survey-tests")
    return IntegrationPlan.objects.create(
        household=household, template=template, started_on=day, created_by=by
    )


def survey_world(
    *, status: str = HouseholdStatus.INTEGRATING, city: City | None = None
) -> SurveyWorld:
    city = city or CityFactory(name="Saltillo")
    household = household_with_head(
        status=status, host_city=city, first_names="Ana", last_names="Reyes"
    )
    head = household.members.get()
    head.date_of_birth = dt.date(1991, 6, 1)
    head.save(update_fields=["date_of_birth"])
    for first, born, relationship in [
        ("Pedro", dt.date(1989, 9, 9), Relationship.SPOUSE),
        ("Luz", dt.date(2016, 12, 24), Relationship.CHILD),
        ("Sol", dt.date(2025, 1, 5), Relationship.CHILD),
    ]:
        PersonFactory(
            household=household,
            first_names=first,
            last_names="Reyes",
            date_of_birth=born,
            relationship=relationship,
        )
    coordinator = UserFactory(role=Role.COORDINATOR)
    plan_start(household, START, coordinator)
    return SurveyWorld(
        city=city,
        household=household,
        members={p.member_no: p for p in household.members.all()},
        host=UserFactory(role=Role.HOST_CASEWORKER, city=city),
        coordinator=coordinator,
    )
