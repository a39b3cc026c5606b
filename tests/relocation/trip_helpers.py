"""Households that accepted an offer through the matching service (so capacity and vacancy
seats are really reserved), and trips booked through the trips service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from arraigo.jobs.models import Vacancy
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.matching.services import proposal_accept
from arraigo.registry.models import HouseholdStatus, Relationship
from arraigo.relocation.models import RelocationPlan
from arraigo.relocation.services.trips import plan_create
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.matching.factories import ProposalFactory, ProposalJobFactory, consent_relocation
from tests.registry.factories import DocumentTypeFactory, HouseholdFactory, PersonFactory

from .factories import RelocationWorld


def accepted_offer(
    world: RelocationWorld, code: str = "HH-0200", vacancy: Vacancy | None = None
) -> Proposal:
    """A household of `world.office` (a worker of 34 and a child of 4) that accepted an offer
    of `world.city`, with one job in `vacancy` (made if not given)."""
    household = HouseholdFactory(
        code=code, origin_office=world.office, status=HouseholdStatus.PROPOSED
    )
    head = PersonFactory(
        household=household,
        first_names="Ana María",
        last_names="Núñez Ortiz",
        date_of_birth=dt.date(1992, 4, 3),
    )
    PersonFactory(
        household=household,
        first_names="Luis",
        last_names="Núñez Ortiz",
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2022, 8, 9),
        willing_to_work=False,
        able_to_work=False,
    )
    consent_relocation(household)
    proposal = ProposalFactory(household=household, city=world.city, status=ProposalStatus.APPROVED)
    if vacancy is None:
        vacancy = VacancyFactory(employer=EmployerFactory(city=world.city), seats=3)
    ProposalJobFactory(proposal=proposal, person=head, vacancy=vacancy)
    proposal_accept(actor=world.coordinator, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def passport(person: object, number: str) -> None:
    from tests.registry.factories import IdentityDocumentFactory

    IdentityDocumentFactory(person=person, document_type=DocumentTypeFactory(), number=number)


def book(
    world: RelocationWorld,
    proposal: Proposal,
    *,
    travel_date: dt.date | None = None,
    cost: str = "850.00",
    actor: object = None,
) -> RelocationPlan:
    return plan_create(
        actor=actor or world.origin_caseworker,  # type: ignore[arg-type]
        proposal=proposal,
        travel_date=travel_date or timezone.localdate(),
        route="Tapachula - Saltillo",
        carrier="Autobuses del Sur",
        ticket_costs=Decimal(cost),
    )
