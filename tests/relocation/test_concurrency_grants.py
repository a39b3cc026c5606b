"""Two approvals racing for the last of a grants budget: only one passes (PostgreSQL row locks).

Two households each have a prepared grant of 7,500.00 MXN; the 2026 grants budget has room for
one. Two coordinators approve at the same moment from two threads with their own database
connections; `budget_reserve` locks the budget line, so the second waits, sees the first
commitment and is refused.
"""

from __future__ import annotations

import os
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import translation

from arraigo.core.errors import ValidationFailed
from arraigo.registry.models import Relationship
from arraigo.relocation.models import EntryKind, Grant, GrantStatus, LedgerEntry
from arraigo.relocation.services.grants import grant_approve, grant_prepare
from tests.registry.factories import PersonFactory

from .factories import RelocationPlanFactory, budget_line, relocation_world

# Skipped at collection on SQLite, like tests/matching/test_concurrency.py (same reasons).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL row locks (SQLite locks the whole database); CI runs it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite locks the whole database); CI runs it")


def test_two_approvals_never_pass_the_last_of_the_budget() -> None:
    world = relocation_world()
    second_plan = RelocationPlanFactory(household__code="HH-0200", destination_city=world.city)
    for relationship in (Relationship.HEAD, Relationship.SPOUSE, Relationship.CHILD):
        PersonFactory(household=second_plan.household, relationship=relationship)
    budget_line(2026, "grants", "10000.00")
    grants = [
        grant_prepare(actor=world.origin_caseworker, plan=world.plan),
        grant_prepare(actor=world.coordinator, plan=second_plan),
    ]
    assert [g.amount for g in grants] == [Decimal("7500.00")] * 2

    barrier = threading.Barrier(2)
    refusals: list[str] = []
    approved: list[int] = []
    lock = threading.Lock()

    def approve(pk: int) -> None:
        try:
            grant = Grant.objects.get(pk=pk)
            barrier.wait(timeout=30)
            try:
                with translation.override("en"):
                    grant_approve(actor=world.second_coordinator, grant=grant)
            except ValidationFailed as exc:
                with lock:
                    refusals.append(exc.message)
            else:
                with lock:
                    approved.append(pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(g.pk,)) for g in grants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(approved) == 1
    assert refusals == [
        "This would take the cash grants budget for 2026 over by 5,000.00 MXN "
        "(budget 10,000.00, already committed 7,500.00): nothing was approved."
    ]
    assert Grant.objects.filter(status=GrantStatus.APPROVED).count() == 1
    committed = LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).aggregate(t=Sum("amount"))
    assert committed["t"] == Decimal("7500.00")
