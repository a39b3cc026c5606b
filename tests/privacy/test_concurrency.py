"""Two coordinators approve one erasure request at the same moment: it erases once.

`erasure_approve` locks the request row (select_for_update); the second approval waits, then
finds the request decided. PostgreSQL only, like tests/relocation/test_concurrency_grants.py:
SQLite locks the whole database, so the race cannot happen there.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition
from arraigo.privacy.models import ErasureRecord, ErasureRequest, Source
from arraigo.privacy.services import erasure_approve, erasure_request
from tests.accounts.factories import UserFactory
from tests.registry.factories import household_with_head

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL row locks (SQLite locks the whole database); CI runs it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_approvals_at_once_erase_once() -> None:
    requester, first, second = (UserFactory(role=Role.COORDINATOR) for _ in range(3))
    household = household_with_head(first_names="Casimira")
    request = erasure_request(
        actor=requester,
        household=household,
        person=None,
        source=Source.PERSON,
        reason="Asked in writing.",
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(actor: object) -> None:
        try:
            mine = ErasureRequest.objects.get(pk=request.pk)
            barrier.wait(timeout=30)
            try:
                with translation.override("en"):
                    erasure_approve(actor=actor, request=mine)  # type: ignore[arg-type]
            except InvalidTransition:
                with lock:
                    outcomes.append("decided already")
            else:
                with lock:
                    outcomes.append("erased")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided already", "erased"]
    assert ErasureRecord.objects.count() == 1
