"""Concurrent accepts never overbook (PostgreSQL: real row locks between connections).

Eight households accept at once, from eight threads with their own database connections,
offers that all need the same vacancy (3 seats), or the same city capacity (3 housing units).
Exactly three succeed; the others are refused with the "no ... left" message.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from arraigo.accounts.models import Role
from arraigo.core.errors import ValidationFailed
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.matching.services import proposal_accept
from arraigo.places.models import Capacity
from arraigo.places.models import CapacityDimension as D
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.jobs.factories import EmployerFactory, VacancyFactory
from tests.registry.factories import HouseholdFactory, PersonFactory

from .factories import MatchingRunFactory, ProposalFactory, ProposalJobFactory, city_with_capacity

# Skipped at collection on SQLite, so no fixture flushes the database for nothing. Every
# transactional test keeps serialized_rollback: its teardown then leaves the tables empty for
# the next one to reload, instead of re-creating content types with new ids (which breaks the
# browser tests' reload of the same snapshot).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL row locks (SQLite locks the whole database); CI runs it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

N = 8
SEATS = 3


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite locks the whole database); CI runs it")


def _offers(*, housing: int, with_job: bool) -> tuple[object, list[int], object]:
    coordinator = UserFactory(role=Role.COORDINATOR)
    city = city_with_capacity("Saltillo", **{D.HOUSING_UNITS: housing})
    vacancy = VacancyFactory(employer=EmployerFactory(city=city), seats=SEATS)
    run = MatchingRunFactory()
    ids = []
    for n in range(N):
        household = HouseholdFactory(code=f"HH-C{n:03d}", status=HouseholdStatus.PROPOSED)
        head = PersonFactory(household=household)
        Consent.objects.create(
            household=household,
            purpose=ConsentPurpose.RELOCATION,
            given=True,
            recorded_at=timezone.now(),
        )
        proposal = ProposalFactory(
            run=run, household=household, city=city, status=ProposalStatus.APPROVED
        )
        if with_job:
            ProposalJobFactory(proposal=proposal, person=head, vacancy=vacancy)
        ids.append(proposal.pk)
    return coordinator, ids, vacancy


def _accept_all(actor: object, ids: list[int]) -> tuple[int, list[str]]:
    barrier = threading.Barrier(N)
    successes: list[int] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def accept(pk: int) -> None:
        try:
            proposal = Proposal.objects.get(pk=pk)
            barrier.wait(timeout=30)
            try:
                with translation.override("en"):  # the language is per thread
                    proposal_accept(actor=actor, proposal=proposal)  # type: ignore[arg-type]
            except ValidationFailed as exc:
                with lock:
                    refusals.append(exc.message)
            else:
                with lock:
                    successes.append(pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return len(successes), refusals


def test_concurrent_accepts_never_overbook_a_vacancy() -> None:
    actor, ids, vacancy = _offers(housing=100, with_job=True)
    succeeded, refusals = _accept_all(actor, ids)
    assert succeeded == SEATS
    assert refusals == [
        "The vacancy Operador de producción has no seats left: nothing was reserved."
    ] * (N - SEATS)
    vacancy.refresh_from_db()  # type: ignore[attr-defined]
    assert vacancy.seats_reserved == SEATS  # type: ignore[attr-defined]
    housing = Capacity.objects.get(dimension=D.HOUSING_UNITS)
    assert housing.reserved == SEATS
    assert Proposal.objects.filter(status=ProposalStatus.ACCEPTED).count() == SEATS


def test_concurrent_accepts_never_overbook_a_city() -> None:
    actor, ids, _vacancy = _offers(housing=3, with_job=False)
    succeeded, refusals = _accept_all(actor, ids)
    assert succeeded == 3
    assert refusals == [
        "Saltillo has no place left for this household in the period "
        "(Housing units: needs 1, 0 available). Nothing was reserved."
    ] * (N - 3)
    assert Capacity.objects.get(dimension=D.HOUSING_UNITS).reserved == 3
    assert Capacity.objects.get(dimension=D.RECEPTION_BEDS).reserved == 3
