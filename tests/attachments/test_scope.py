"""attachments_visible_to x every role x a file of our side's case and one of theirs, for each
kind of record (the scope matrix of tests/accounts, for files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.accounts.roles import roles_sync
from arraigo.attachments.models import Attachment
from arraigo.attachments.selectors import attachments_visible_to
from arraigo.casework.models import Milestone
from arraigo.registry.models import Consent, ConsentPurpose
from tests.accounts.scope_world import ScopeWorld, Side, scope_world
from tests.registry.factories import IdentityDocumentFactory

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]

# Which of the two files each role sees: all, own (ours only) or - (neither).
MATRIX = """
# kind        coord orig host liai empl part m&e  audit
document      all  own  own  -    -    -    -    all
consent       all  own  own  -    -    -    -    all
milestone     all  own  own  -    -    -    -    all
referral      all  own  own  -    -    own  -    all
"""
ROWS = {
    line.split()[0]: dict(zip(ROLES, line.split()[1:], strict=True))
    for line in MATRIX.strip().splitlines()[1:]
}


def _files(side: Side, coordinator: Any) -> dict[str, Attachment]:
    household = side.household
    head = household.members.order_by("id").first()
    targets = {
        "document": IdentityDocumentFactory(person=head),
        "consent": Consent.objects.create(
            household=household,
            purpose=ConsentPurpose.SERVICE_PARTNERS,
            given=True,
            recorded_at=timezone.now(),
        ),
        "milestone": Milestone.objects.create(
            plan=side.records["integration_plan"],
            code="health",
            title_en="Health",
            title_es="Salud",
            due_on=timezone.localdate(),
        ),
        "referral": side.records["referral"],
    }
    return {
        kind: Attachment.objects.create(
            household=household,
            **{kind: target},
            file=f"00/{kind}{side.household.code}",
            name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=coordinator,
            uploaded_at=timezone.now(),
        )
        for kind, target in targets.items()
    }


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[ScopeWorld, dict[str, dict[str, Attachment]]]]:
    with django_db_blocker.unblock(), transaction.atomic():
        roles_sync()
        built = scope_world()
        coordinator = built.users[Role.COORDINATOR.value]
        files = {
            "ours": _files(built.ours, coordinator),
            "theirs": _files(built.theirs, coordinator),
        }
        yield built, files
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _roles() -> None:
    """The module's world synced the roles once, and these tests only read."""


@pytest.mark.parametrize(
    ("kind", "role", "expected"),
    [
        pytest.param(kind, role, reaches[role], id=f"{kind}-{role}")
        for kind, reaches in ROWS.items()
        for role in ROLES
    ],
)
def test_scope(world: Any, kind: str, role: str, expected: str) -> None:
    built, files = world
    ours, theirs = files["ours"][kind], files["theirs"][kind]

    seen = set(
        attachments_visible_to(built.users[role])
        .filter(pk__in=[ours.pk, theirs.pk])
        .values_list("pk", flat=True)
    )

    assert seen == {"all": {ours.pk, theirs.pk}, "own": {ours.pk}, "-": set()}[expected]
