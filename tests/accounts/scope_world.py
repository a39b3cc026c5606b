"""Two of everything for the scope matrix: records of "our" office A, host city X, company 1
and organisation 1, and the same records of another office B, city Y, company 2 and
organisation 2. One user per role, attached (where the role needs it) to ours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from arraigo.accounts.models import Role, User
from arraigo.attachments.models import Attachment
from arraigo.casework.models import IntegrationPlan, PlanTemplate
from arraigo.feedback.models import Category, Channel, FeedbackCase
from arraigo.places.models import City, CityKind, Office
from arraigo.referrals.models import Referral
from arraigo.registry.models import DuplicateCandidate, Household, HouseholdStatus, Relationship
from arraigo.relocation.models import (
    Departure,
    FollowUpRequest,
    Grant,
    GrantTable,
    LedgerEntry,
)
from arraigo.relocation.models.budget import CostCategory, EntryKind
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, PlacementFactory, VacancyFactory
from tests.matching.factories import MatchingRunFactory
from tests.places.factories import (
    CityFactory,
    OfficeFactory,
    ServiceFactory,
    ServiceProviderFactory,
)
from tests.registry.factories import HouseholdFactory, PersonFactory
from tests.relocation.factories import RelocationPlanFactory

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@dataclass
class Side:
    """One side's records, by the name the matrix knows them by."""

    office: Office
    city: City
    household: Household
    records: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScopeWorld:
    users: dict[str, User]  # by role
    ours: Side  # office A, city X, company 1, organisation 1
    theirs: Side  # office B, city Y, company 2, organisation 2


def _side(tag: str, coordinator: User, table: GrantTable, template: PlanTemplate) -> Side:
    office = OfficeFactory(name=f"Office {tag}", code=f"office-{tag}")
    city = CityFactory(name=f"City {tag}", code=f"city-{tag}", kind=CityKind.HOST)
    household = HouseholdFactory(
        code=f"HH-{tag}", origin_office=office, host_city=city, status=HouseholdStatus.INTEGRATING
    )
    head = PersonFactory(household=household)
    spouse = PersonFactory(household=household, relationship=Relationship.SPOUSE)
    employer = EmployerFactory(name=f"Company {tag}", city=city)
    provider = ServiceProviderFactory(name=f"Organisation {tag}", city=city)
    service = ServiceFactory(provider=provider)
    plan = RelocationPlanFactory(
        household=household,
        origin_office=office,
        destination_city=city,
        created_by=coordinator,
    )
    departure = Departure.objects.create(
        origin_office=office,
        date=plan.travel_date,
        route="A - B",
        carrier="Autobuses",
        created_by=coordinator,
    )
    plan.departure = departure
    plan.save(update_fields=["departure"])
    home_household = HouseholdFactory(
        code=f"HH-{tag}-home", origin_office=office, host_city=city, status="integrating"
    )
    grant_fields = {"table": table, "members": 2, "amount": Decimal("3000.00")}
    feedback_fields = {"channel": Channel.PHONE, "description": "x", "received_at": NOW}
    records: dict[str, Any] = {
        "household": household,
        "relocation_plan": plan,
        "departure": departure,
        "trip_grant": Grant.objects.create(
            plan=plan, household=household, prepared_by=coordinator, **grant_fields
        ),
        "home_grant": Grant.objects.create(
            household=home_household, prepared_by=coordinator, **grant_fields
        ),
        "follow_up": FollowUpRequest.objects.create(
            household=household, plan=plan, office=office, reason="did not arrive"
        ),
        "ledger_entry": LedgerEntry.objects.create(
            booked_on=NOW.date(),
            kind=EntryKind.COMMITMENT,
            category=CostCategory.TRANSPORT,
            amount=Decimal("850.00"),
            city=city,
            office=office,
            household=household,
            source=f"ticket:{tag}",
            description="ticket",
            created_by=coordinator,
        ),
        "referral": Referral.objects.create(
            household=household,
            person=head,
            service=service,
            provider=provider,
            purpose="daycare",
            sent_at=NOW,
            sent_by=coordinator,
        ),
        "household_feedback": FeedbackCase.objects.create(
            reference=f"FB-{tag}-1",
            category=Category.COMPLAINT,
            household=household,
            due_on=NOW.date(),
            **feedback_fields,
        ),
        "city_feedback": FeedbackCase.objects.create(
            reference=f"FB-{tag}-2",
            category=Category.COMPLAINT,
            city=city,
            office=office,
            due_on=NOW.date(),
            **feedback_fields,
        ),
        "integration_plan": IntegrationPlan.objects.create(
            household=household, template=template, started_on=NOW.date(), created_by=coordinator
        ),
        "duplicate": DuplicateCandidate.objects.create(
            person=head, other=spouse, score=91.0, found_at=timezone.now()
        ),
        "run": MatchingRunFactory(),
        "proposal": plan.proposal,
        "placement": PlacementFactory(employer=employer, person=spouse, household=household),
        "employer": employer,
        "vacancy": VacancyFactory(employer=employer),
        "city": city,
        "provider": provider,
    }
    records["referral_file"] = Attachment.objects.create(
        household=household,
        referral=records["referral"],
        file=f"00/{tag}",
        name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=coordinator,
        uploaded_at=NOW,
    )
    return Side(office=office, city=city, household=household, records=records)


def scope_world() -> ScopeWorld:
    coordinator = UserFactory(username="scope-coordinator", role=Role.COORDINATOR)
    table = GrantTable.objects.create(
        version="scope-test",
        effective_from=dt.date(2026, 1, 1),
        base_amount=Decimal("2000.00"),
        per_additional_member=Decimal("500.00"),
        cap=Decimal("5000.00"),
    )
    template = PlanTemplate.objects.create(version="scope-test")
    ours = _side("a", coordinator, table, template)
    theirs = _side("b", coordinator, table, template)
    anchors: dict[str, dict[str, Any]] = {
        Role.ORIGIN_CASEWORKER: {"office": ours.office},
        Role.HOST_CASEWORKER: {"city": ours.city},
        Role.EMPLOYER: {"employer": ours.records["employer"]},
        Role.SERVICE_PARTNER: {"provider": ours.records["provider"]},
    }
    users = {Role.COORDINATOR.value: coordinator}
    for role in Role:
        if role != Role.COORDINATOR:
            users[role.value] = UserFactory(
                username=f"scope-{role.value}", role=role, **anchors.get(role, {})
            )
    return ScopeWorld(users=users, ours=ours, theirs=theirs)
