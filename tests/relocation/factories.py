"""A small relocation world: one origin office, one host city, one accepted household.

The plan is made directly (not through the trips service) so lodging, grant and budget tests
do not depend on how plans are created.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone

from arraigo.accounts.models import Role, User
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.places.models import City, Office, ServiceCategory, ServiceProvider
from arraigo.registry.models import Household, HouseholdStatus, Relationship
from arraigo.relocation.models import BudgetLine, Grant, PlanStatus, RelocationPlan, Ticket
from tests.accounts.factories import UserFactory
from tests.matching.factories import ProposalFactory, city_with_capacity, consent_relocation
from tests.places.factories import OfficeFactory, ServiceFactory, ServiceProviderFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

TRAVEL_DAY = dt.date(2026, 3, 10)


class RelocationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelocationPlan

    household = factory.SubFactory(HouseholdFactory, status=HouseholdStatus.OFFER_ACCEPTED)
    proposal = factory.SubFactory(
        ProposalFactory,
        household=factory.SelfAttribute("..household"),
        city=factory.SelfAttribute("..destination_city"),
        status=ProposalStatus.ACCEPTED,
    )
    origin_office = factory.SelfAttribute("household.origin_office")
    destination_city = factory.LazyFunction(lambda: city_with_capacity("Destino"))
    travel_date = TRAVEL_DAY
    route = "Tapachula - Saltillo"
    carrier = "Autobuses del Sur"
    arrival_due = factory.LazyAttribute(lambda o: o.travel_date + dt.timedelta(days=3))
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    plan = factory.SubFactory(RelocationPlanFactory)
    person = factory.SubFactory(PersonFactory, household=factory.SelfAttribute("..plan.household"))
    seat = factory.Sequence(lambda n: str(n + 1))
    cost = Decimal("850.00")


def lodging_provider(city: City) -> ServiceProvider:
    provider = ServiceProviderFactory(city=city, name=f"Albergue {city.name}")
    ServiceFactory(provider=provider, category=ServiceCategory.HOUSING, name="Temporary lodging")
    return provider


@dataclass
class RelocationWorld:
    coordinator: User
    second_coordinator: User
    origin_caseworker: User  # of `office`
    other_origin_caseworker: User  # of another office
    host_caseworker: User  # of `city`
    other_host_caseworker: User  # of another city
    auditor: User
    office: Office
    city: City
    household: Household  # head, partner and a child of 6: three travellers
    proposal: Proposal
    plan: RelocationPlan  # planned, travel 2026-03-10, arrival due 2026-03-13
    provider: ServiceProvider  # lodging in `city`


def relocation_world() -> RelocationWorld:
    office = OfficeFactory(name="Tapachula", code="tap")
    city = city_with_capacity("Saltillo")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    household = HouseholdFactory(
        code="HH-0100", origin_office=office, status=HouseholdStatus.OFFER_ACCEPTED, host_city=city
    )
    PersonFactory(household=household, date_of_birth=dt.date(1990, 1, 5))
    PersonFactory(
        household=household, relationship=Relationship.SPOUSE, date_of_birth=dt.date(1992, 7, 1)
    )
    PersonFactory(
        household=household,
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2020, 2, 2),
        willing_to_work=False,
        able_to_work=False,
    )
    consent_relocation(household)
    proposal = ProposalFactory(
        household=household, city=city, status=ProposalStatus.ACCEPTED, decided_at=timezone.now()
    )
    plan = RelocationPlanFactory(
        household=household,
        proposal=proposal,
        origin_office=office,
        destination_city=city,
        created_by=coordinator,
    )
    return RelocationWorld(
        coordinator=coordinator,
        second_coordinator=UserFactory(username="coord2", role=Role.COORDINATOR),
        origin_caseworker=UserFactory(
            username="origin", role=Role.ORIGIN_CASEWORKER, office=office
        ),
        other_origin_caseworker=UserFactory(username="origin2", role=Role.ORIGIN_CASEWORKER),
        host_caseworker=UserFactory(username="host", role=Role.HOST_CASEWORKER, city=city),
        other_host_caseworker=UserFactory(username="host2", role=Role.HOST_CASEWORKER),
        auditor=UserFactory(username="auditor", role=Role.AUDITOR),
        office=office,
        city=city,
        household=household,
        proposal=proposal,
        plan=plan,
        provider=lodging_provider(city),
    )


def budget_line(year: int, category: str, amount: str) -> BudgetLine:
    return BudgetLine.objects.create(year=year, category=category, amount=Decimal(amount))


def plan_arrived(plan: RelocationPlan, on: dt.date = TRAVEL_DAY) -> RelocationPlan:
    """Test setup: the household checked in at its city on `on` (noon, local time)."""
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))
    RelocationPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ARRIVED, arrived_at=moment)
    plan.status, plan.arrived_at = PlanStatus.ARRIVED, moment
    return plan


def approved_on(grant: Grant, day: dt.date) -> Grant:
    """Test setup: date an approved grant's approval on `day` (noon, local time), as if it had
    been approved then; the services always stamp the real time."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    Grant.objects.filter(pk=grant.pk).update(approved_at=moment)
    grant.approved_at = moment
    return grant
