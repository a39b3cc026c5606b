"""A small matching world: three host cities, three profiled households, one vacancy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from arraigo.accounts.models import Role, User
from arraigo.jobs.models import Vacancy
from arraigo.matching.models import MatchingRun, Proposal, ProposalJob
from arraigo.places.models import CapacityDimension as D
from arraigo.places.models import City
from arraigo.registry.models import (
    CityPreference,
    Consent,
    ConsentPurpose,
    Household,
    HouseholdStatus,
    NeedCode,
    PreferenceKind,
    Relationship,
    SpecificNeed,
)
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, OccupationFactory, VacancyFactory
from tests.places.factories import CapacityFactory, CityFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def city_with_capacity(name: str, **amounts: int) -> City:
    city = CityFactory(name=name, code=name.lower().replace(" ", "-"))
    for dim in D.values:
        CapacityFactory(
            city=city,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            dimension=dim,
            amount=amounts.get(dim, 10),
        )
    return city


def profiled_household(office: Any, code: str, **fields: Any) -> Household:
    fields.setdefault("status", HouseholdStatus.PROFILED)
    return HouseholdFactory(code=code, origin_office=office, **fields)


def consent_relocation(household: Household, given: bool = True) -> None:
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.RELOCATION,
        given=given,
        recorded_at=timezone.now(),
    )


class MatchingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRun

    period_start = PERIOD[0]
    period_end = PERIOD[1]
    parameters = factory.LazyFunction(lambda: {"objective": "any_employed"})


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    run = factory.SubFactory(MatchingRunFactory)
    household = factory.SubFactory(HouseholdFactory, status=HouseholdStatus.PROFILED)
    city = factory.SubFactory(CityFactory)
    score = 0.5


class ProposalJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalJob

    proposal = factory.SubFactory(ProposalFactory)
    person = factory.SubFactory(
        PersonFactory, household=factory.SelfAttribute("..proposal.household")
    )
    vacancy = factory.SubFactory(VacancyFactory)
    fit = 0.05


@dataclass
class World:
    coordinator: User
    caseworker: User  # origin caseworker of the households' office
    other_caseworker: User  # origin caseworker of another office
    city_a: City
    city_b: City
    city_c: City
    worker_family: Household  # head 30 (works) + child 8; prefers B (rank 1)
    needs_family: Household  # head 40 (works), disability; excludes C
    elder: Household  # head 70, nobody works; relatives in B
    vacancy: Vacancy  # in A, ISCO 7231, 3 seats


def world_build() -> World:
    """Given: A and C have every kind of place; B has no daycare or specialised places."""
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    caseworker = UserFactory(username="worker", role=Role.ORIGIN_CASEWORKER)
    other = UserFactory(username="other", role=Role.ORIGIN_CASEWORKER)
    city_a = city_with_capacity("Alfa", **{D.SPECIALISED_PLACES: 1})
    city_b = city_with_capacity("Beta", **{D.DAYCARE_PLACES: 0, D.SPECIALISED_PLACES: 0})
    city_c = city_with_capacity("Gama", **{D.SPECIALISED_PLACES: 2})
    office = caseworker.office
    worker_family = profiled_household(office, "HH-0001")
    head = PersonFactory(
        household=worker_family,
        date_of_birth=dt.date(1995, 3, 1),
        nationality="HN",
        sex="F",
        protection_status="refugee",
    )
    PersonFactory(
        household=worker_family,
        relationship=Relationship.CHILD,
        date_of_birth=dt.date(2017, 6, 1),
        willing_to_work=False,
        able_to_work=False,
    )
    head.occupations.add(OccupationFactory(isco_code="7231"))
    CityPreference.objects.create(
        household=worker_family, city=city_b, kind=PreferenceKind.PREFERRED, rank=1
    )
    needs_family = profiled_household(office, "HH-0002")
    PersonFactory(
        household=needs_family,
        date_of_birth=dt.date(1985, 3, 1),
        nationality="SV",
        sex="M",
        protection_status="asylum_seeker",
    )
    SpecificNeed.objects.create(
        household=needs_family, code=NeedCode.DISABILITY, recorded_at=timezone.now()
    )
    CityPreference.objects.create(household=needs_family, city=city_c, kind=PreferenceKind.EXCLUDED)
    elder = profiled_household(office, "HH-0003")
    PersonFactory(
        household=elder,
        date_of_birth=dt.date(1955, 3, 1),
        nationality="HN",
        sex="F",
        willing_to_work=False,
        protection_status="refugee",
    )
    CityPreference.objects.create(household=elder, city=city_b, kind=PreferenceKind.RELATIVES)
    # Not in any run: registered only, and an in-place household.
    profiled_household(office, "HH-0009", status=HouseholdStatus.REGISTERED)
    profiled_household(office, "HH-0010", modality="in_place")
    vacancy = VacancyFactory(
        employer=EmployerFactory(city=city_a),
        occupation=OccupationFactory(isco_code="7231"),
        seats=3,
    )
    return World(
        coordinator,
        caseworker,
        other,
        city_a,
        city_b,
        city_c,
        worker_family,
        needs_family,
        elder,
        vacancy,
    )
