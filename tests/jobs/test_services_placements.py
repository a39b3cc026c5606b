"""Hires, starts, IMSS registration and separations: rules, seats and who may record them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.jobs.models import ContractType, Placement, SeparationReason, VacancyStatus
from arraigo.jobs.services import (
    HireData,
    placement_hire,
    placement_imss_register,
    placement_separate,
    placement_start,
)
from arraigo.matching.models import ProposalStatus
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.matching.factories import ProposalJobFactory
from tests.registry.factories import PersonFactory

from .factories import EmployerFactory, PlacementFactory, VacancyFactory

pytestmark = pytest.mark.django_db

HIRE = HireData(
    hired_on=dt.date(2026, 3, 2),
    monthly_wage_mxn=Decimal("9800.00"),
    contract_type=ContractType.TRIAL,
    started_on=dt.date(2026, 3, 9),
)


@pytest.fixture
def vacancy():
    return VacancyFactory(seats=2)


@pytest.fixture
def worker(vacancy):
    return PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
    )


@pytest.fixture
def host(vacancy):
    return UserFactory(role=Role.HOST_CASEWORKER, city=vacancy.city)


def _hire(actor, worker, vacancy, data=HIRE):
    return placement_hire(
        actor=actor, person=worker, employer=vacancy.employer, vacancy=vacancy, data=data
    )


def test_a_hire_takes_a_seat_of_the_vacancy(host, worker, vacancy):
    placement = _hire(host, worker, vacancy)

    assert (placement.household, placement.employer, placement.created_by) == (
        worker.household,
        vacancy.employer,
        host,
    )
    assert (placement.started_on, placement.monthly_wage_mxn) == (
        dt.date(2026, 3, 9),
        Decimal("9800.00"),
    )
    vacancy.refresh_from_db()
    assert vacancy.seats_reserved == 1


def test_a_seat_reserved_by_the_accepted_offer_is_used_not_taken_twice(host, worker, vacancy):
    ProposalJobFactory(
        proposal__household=worker.household,
        proposal__status=ProposalStatus.ACCEPTED,
        person=worker,
        vacancy=vacancy,
    )
    vacancy.seats_reserved = 1
    vacancy.save()

    _hire(host, worker, vacancy)

    vacancy.refresh_from_db()
    assert vacancy.seats_reserved == 1


def test_a_full_vacancy_is_refused(host, worker, vacancy):
    vacancy.seats_reserved = 2
    vacancy.save()

    with pytest.raises(ValidationFailed) as info:
        _hire(host, worker, vacancy)

    assert info.value.errors == {
        "vacancy": ["The vacancy Operador de producción · day shift has no seats left."]
    }
    assert Placement.objects.count() == 0


def test_a_closed_vacancy_is_refused(host, worker, vacancy):
    vacancy.status = VacancyStatus.CLOSED
    vacancy.save()

    with pytest.raises(ValidationFailed) as info:
        _hire(host, worker, vacancy)

    assert info.value.errors == {"vacancy": ["This vacancy is not open."]}


def test_hire_rules(host, worker, vacancy):
    worker.household.status = HouseholdStatus.TRAVELLED
    worker.household.save()
    worker.date_of_birth = dt.date(2010, 1, 1)
    worker.save()
    data = HireData(
        hired_on=timezone.localdate() + dt.timedelta(days=1),
        monthly_wage_mxn=Decimal("0"),
        contract_type=ContractType.INDEFINITE,
        started_on=timezone.localdate(),
    )

    with pytest.raises(ValidationFailed) as info:
        _hire(host, worker, vacancy, data)

    assert info.value.errors == {
        None: [
            f"{worker.household.code} has not arrived in its host city: "
            "a job is recorded after arrival."
        ],
        "person": ["Only adults (18 or older) are hired through the programme."],
        "monthly_wage_mxn": ["The monthly wage must be more than zero."],
        "hired_on": ["The hire date cannot be in the future."],
        "started_on": ["The start date cannot be before the hire date."],
    }
    vacancy.refresh_from_db()
    assert vacancy.seats_reserved == 0


def test_a_job_in_another_city_is_refused(worker):
    coordinator = UserFactory(role=Role.COORDINATOR)
    elsewhere = VacancyFactory()

    with pytest.raises(ValidationFailed) as info:
        _hire(coordinator, worker, elsewhere)

    assert info.value.errors == {
        "vacancy": [
            f"This job is in {elsewhere.city}; the household lives in {worker.household.host_city}."
        ]
    }


def test_one_open_placement_per_person(host, worker, vacancy):
    _hire(host, worker, vacancy)

    with pytest.raises(ValidationFailed) as info:
        _hire(host, worker, vacancy)

    assert info.value.errors == {
        None: [
            f"This person already works at {vacancy.employer.name}: record that separation first."
        ]
    }


def test_an_employer_records_hires_at_its_own_company_only(worker, vacancy):
    own = UserFactory(role=Role.EMPLOYER, employer=vacancy.employer)
    other = UserFactory(role=Role.EMPLOYER, employer=EmployerFactory(city=vacancy.city))

    with pytest.raises(NotPermitted) as info:
        _hire(other, worker, vacancy)
    assert info.value.message == "You can only record placements at your own company."

    assert _hire(own, worker, vacancy).employer == vacancy.employer


def test_a_host_caseworker_of_another_city_cannot_hire(worker, vacancy):
    stranger = UserFactory(role=Role.HOST_CASEWORKER)

    with pytest.raises(NotPermitted) as info:
        _hire(stranger, worker, vacancy)

    assert info.value.message == "This household lives outside your city."


@pytest.mark.parametrize(
    "role", [Role.ORIGIN_CASEWORKER, Role.SERVICE_PARTNER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_roles_without_the_right_cannot_hire(role, worker, vacancy):
    with pytest.raises(NotPermitted):
        _hire(UserFactory(role=role), worker, vacancy)


def test_start_imss_and_separation():
    placement = PlacementFactory(started_on=None)
    liaison = UserFactory(role=Role.EMPLOYER_LIAISON)

    placement_start(actor=liaison, placement=placement, started_on=dt.date(2026, 1, 12))
    placement_imss_register(actor=liaison, placement=placement, registered_on=dt.date(2026, 1, 14))
    placement_separate(
        actor=liaison,
        placement=placement,
        separated_on=dt.date(2026, 2, 27),
        reason=SeparationReason.MOVED_AWAY,
        note="Family moved to Monterrey.",
    )

    placement.refresh_from_db()
    assert (
        placement.started_on,
        placement.imss_registered_on,
        placement.separated_on,
        placement.separation_reason,
        placement.separation_note,
    ) == (
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 14),
        dt.date(2026, 2, 27),
        "moved_away",
        "Family moved to Monterrey.",
    )


def test_separation_rules():
    liaison = UserFactory(role=Role.EMPLOYER_LIAISON)
    never_started = PlacementFactory(started_on=None)
    with pytest.raises(ValidationFailed) as info:
        placement_separate(
            actor=liaison, placement=never_started, separated_on=dt.date(2026, 2, 1), reason="x"
        )
    assert info.value.errors == {
        None: ["This job never started: record the start first."],
        "reason": ["Choose the reason for the separation."],
    }

    started = PlacementFactory()
    with pytest.raises(ValidationFailed) as info:
        placement_separate(
            actor=liaison,
            placement=started,
            separated_on=dt.date(2026, 1, 11),
            reason=SeparationReason.RESIGNED,
        )
    assert info.value.errors == {
        "separated_on": ["The last day worked cannot be before the start."]
    }


def test_an_employer_cannot_touch_another_companys_placement():
    placement = PlacementFactory()
    other = UserFactory(role=Role.EMPLOYER)

    with pytest.raises(NotPermitted):
        placement_separate(
            actor=other,
            placement=placement,
            separated_on=dt.date(2026, 2, 1),
            reason=SeparationReason.RESIGNED,
        )

    placement.refresh_from_db()
    assert placement.separated_on is None
