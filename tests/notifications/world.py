"""A programme with work waiting, for the notification tests.

Saltillo has two households followed by its host-city caseworker, León one; an origin office
(Tapachula) registered them. On TODAY (1 April 2026):

- HH-0500 (Ana Reyes and her daughter Luz, passport P12345678), arrived 1 March 2026: both
  CURP milestones overdue, the caseworker responsible; its one-month survey due.
- HH-0501 (Marta Gómez), arrived 1 January 2026: her residency card milestone overdue with
  nobody responsible; its one-month survey overdue.
- HH-0600 in León (Rosa Díaz), arrived 1 March 2026: her CURP overdue, León's caseworker
  responsible.

Every milestone not named here is due in 2099. Emails are written in English
(LANGUAGE_CODE), linking to https://arraigo.example.org.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from arraigo.accounts.models import Role, User
from arraigo.casework.models import IntegrationPlan, Milestone
from arraigo.casework.services import plan_open
from arraigo.places.models import City, Office
from arraigo.registry.models import Household, HouseholdStatus, Relationship, StatusChange
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import IdentityDocumentFactory, PersonFactory, household_with_head

TODAY = dt.date(2026, 4, 1)
SITE = "https://arraigo.example.org"
LATER = dt.date(2099, 1, 1)


def emails_for_everyone() -> None:
    """Give every user the address <username>@example.org."""
    User.objects.update(email=Concat("username", Value("@example.org")))


def arrived(household: Household, on: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))
    StatusChange.objects.create(
        household=household, from_status="travelled", to_status="arrived", changed_at=moment
    )


def plan_with_overdue(
    household: Household, host: User, overdue: dict[str, dt.date], *, responsible: bool = True
) -> IntegrationPlan:
    """The host opens the household's plan; only the milestones of the codes in `overdue`
    fall due then (each of its members'), the others in 2099."""
    plan = plan_open(actor=host, household=household)
    Milestone.objects.filter(plan=plan).update(due_on=LATER)
    for code, due in overdue.items():
        milestones = Milestone.objects.filter(plan=plan, code=code)
        milestones.update(due_on=due)
        if not responsible:
            milestones.update(responsible=None)
    return plan


@dataclass
class World:
    saltillo: City
    leon: City
    tapachula: Office
    palenque: Office
    ana: Household  # HH-0500
    marta: Household  # HH-0501
    rosa: Household  # HH-0600, León
    ana_plan: IntegrationPlan
    marta_plan: IntegrationPlan
    rosa_plan: IntegrationPlan
    host: User  # Saltillo
    leon_host: User
    coordinator: User
    origin: User  # Tapachula
    palenque_origin: User


def _household(code: str, city: City, office: Office, first: str, last: str) -> Household:
    return household_with_head(
        code=code,
        status=HouseholdStatus.INTEGRATING,
        host_city=city,
        origin_office=office,
        first_names=first,
        last_names=last,
    )


def world_build() -> World:
    saltillo, leon = CityFactory(name="Saltillo"), CityFactory(name="León")
    tapachula, palenque = OfficeFactory(name="Tapachula"), OfficeFactory(name="Palenque")
    host = UserFactory(username="host", role=Role.HOST_CASEWORKER, city=saltillo)
    leon_host = UserFactory(username="leonhost", role=Role.HOST_CASEWORKER, city=leon)

    ana = _household("HH-0500", saltillo, tapachula, "Ana", "Reyes")
    IdentityDocumentFactory(person=ana.members.get(), number="P12345678")
    PersonFactory(
        household=ana,
        first_names="Luz",
        last_names="Reyes",
        date_of_birth=dt.date(2017, 1, 15),
        relationship=Relationship.CHILD,
        willing_to_work=False,
        able_to_work=False,
    )
    arrived(ana, dt.date(2026, 3, 1))
    marta = _household("HH-0501", saltillo, tapachula, "Marta", "Gómez")
    arrived(marta, dt.date(2026, 1, 1))
    rosa = _household("HH-0600", leon, tapachula, "Rosa", "Díaz")
    arrived(rosa, dt.date(2026, 3, 1))

    overdue = dt.date(2026, 3, 20)
    return World(
        saltillo=saltillo,
        leon=leon,
        tapachula=tapachula,
        palenque=palenque,
        ana=ana,
        marta=marta,
        rosa=rosa,
        ana_plan=plan_with_overdue(ana, host, {"curp": overdue}),
        marta_plan=plan_with_overdue(
            marta, host, {"residency": dt.date(2026, 3, 1)}, responsible=False
        ),
        rosa_plan=plan_with_overdue(rosa, leon_host, {"curp": overdue}),
        host=host,
        leon_host=leon_host,
        coordinator=UserFactory(username="coord", role=Role.COORDINATOR),
        origin=UserFactory(username="origin", role=Role.ORIGIN_CASEWORKER, office=tapachula),
        palenque_origin=UserFactory(
            username="palenque", role=Role.ORIGIN_CASEWORKER, office=palenque
        ),
    )
