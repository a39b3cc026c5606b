"""Every `*_visible_to` selector x every role x a record in the user's scope and one out of it.

MATRIX says, for each selector and role, which of the two records the role sees: `all` both,
`own` only ours (office A, city X, company 1, organisation 1), `-` neither. The selectors
are found in the source, so a new one fails `test_every_selector_has_a_row` until it has a row.
The world is built once for the module and rolled back at its end; the tests only read.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

import arraigo
from arraigo.accounts.models import Role, User
from arraigo.accounts.roles import roles_sync
from arraigo.accounts.scope import Kind, users_reaching
from arraigo.registry.selectors import households_visible_to
from tests.accounts.scope_world import ScopeWorld, scope_world

# The database is set up for marked tests only; each test runs in a savepoint of the world's.
pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]

# Which of the two records each role sees: all, own, or - (none).
MATRIX = """
# selector under arraigo                        coord orig host liai empl part m&e  audit
registry.selectors.households_visible_to        all  own  own  -    -    -    all  all
registry.duplicates.duplicates_visible_to       all  -    -    -    -    -    -    -
relocation.selectors.plans_visible_to           all  own  own  -    -    -    -    all
relocation.selectors.departures_visible_to      all  own  own  -    -    -    -    all
relocation.selectors.grants_visible_to          all  own  own  -    -    -    -    all
relocation.selectors.follow_ups_visible_to      all  own  -    -    -    -    -    all
relocation.selectors.ledger_visible_to          all  -    -    -    -    -    -    all
referrals.selectors.referrals_visible_to        all  own  own  -    -    own  -    all
feedback.selectors.feedback_visible_to          all  own  own  -    -    -    -    all
casework.selectors.plans_visible_to             all  own  own  -    -    -    -    all
matching.selectors.runs_visible_to              all  all  all  -    -    -    all  all
matching.selectors.proposals_visible_to         all  own  own  -    -    -    all  all
jobs.selectors_placements.placements_visible_to all  -    own  all  own  -    -    all
jobs.selectors.employers_visible_to             all  all  all  all  own  -    all  all
jobs.selectors.vacancies_visible_to             all  all  all  all  own  -    all  all
places.selectors.cities_visible_to              all  all  all  all  -    -    all  all
places.selectors.providers_visible_to           all  all  all  all  -    own  all  all
monitoring.due.surveys_due_visible_to           all  -    own  -    -    -    -    all
attachments.selectors.attachments_visible_to    all  own  own  -    -    own  -    all
"""

# The records of scope_world each selector is asked about.
RECORDS = {
    "registry.selectors.households_visible_to": ["household"],
    "registry.duplicates.duplicates_visible_to": ["duplicate"],
    "relocation.selectors.plans_visible_to": ["relocation_plan"],
    "relocation.selectors.departures_visible_to": ["departure"],
    "relocation.selectors.grants_visible_to": ["trip_grant", "home_grant"],
    "relocation.selectors.follow_ups_visible_to": ["follow_up"],
    "relocation.selectors.ledger_visible_to": ["ledger_entry"],
    "referrals.selectors.referrals_visible_to": ["referral"],
    "feedback.selectors.feedback_visible_to": ["household_feedback", "city_feedback"],
    "casework.selectors.plans_visible_to": ["integration_plan"],
    "matching.selectors.runs_visible_to": ["run"],
    "matching.selectors.proposals_visible_to": ["proposal"],
    "jobs.selectors_placements.placements_visible_to": ["placement"],
    "jobs.selectors.employers_visible_to": ["employer"],
    "jobs.selectors.vacancies_visible_to": ["vacancy"],
    "places.selectors.cities_visible_to": ["city"],
    "places.selectors.providers_visible_to": ["provider"],
    "monitoring.due.surveys_due_visible_to": ["household"],
    "attachments.selectors.attachments_visible_to": ["referral_file"],
}


def _rows() -> dict[str, tuple[dict[str, str], list[str]]]:
    rows = {}
    for line in MATRIX.strip().splitlines()[1:]:
        name, *reaches = line.split()
        assert len(reaches) == len(ROLES), line
        rows[name] = (dict(zip(ROLES, reaches, strict=True)), RECORDS[name])
    return rows


ROWS = _rows()
CASES = [
    pytest.param(name, role, record, reaches[role], id=f"{name}-{role}-{record}")
    for name, (reaches, records) in ROWS.items()
    for role in ROLES
    for record in records
]


def _selectors_in_source() -> set[str]:
    root = Path(arraigo.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        for name in re.findall(r"^def (\w+_visible_to)\(", path.read_text(), re.MULTILINE):
            found.add(f"{module}.{name}")
    return found


def _selector(name: str) -> Callable[[Any], Any]:
    module, function = name.rsplit(".", 1)
    selector: Callable[[Any], Any] = getattr(importlib.import_module(f"arraigo.{module}"), function)
    return selector


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[ScopeWorld]:
    with django_db_blocker.unblock(), transaction.atomic():
        roles_sync()
        yield scope_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _roles() -> None:
    """Overrides the per-test roles_sync (tests/conftest.py): the module's world synced the
    roles once, and these tests only read."""


def test_every_selector_has_a_row() -> None:
    assert _selectors_in_source() == set(ROWS)


@pytest.mark.parametrize(("name", "role", "record", "expected"), CASES)
def test_scope(world: ScopeWorld, name: str, role: str, record: str, expected: str) -> None:
    ours, theirs = world.ours.records[record], world.theirs.records[record]
    seen = set(
        _selector(name)(world.users[role])
        .filter(pk__in=[ours.pk, theirs.pk])
        .values_list("pk", flat=True)
    )
    wanted = {"all": {ours.pk, theirs.pk}, "own": {ours.pk}, "-": set()}[expected]
    assert seen == wanted


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_the_users_reaching_a_household_are_those_who_see_it(world: ScopeWorld, side: str) -> None:
    """users_reaching (who may be assigned a case's work) is households_visible_to turned round."""
    household = getattr(world, side).household
    reaching = users_reaching(
        Kind.HOUSEHOLDS, office=household.origin_office_id, city=household.host_city_id
    )
    by_scope = set(User.objects.filter(reaching, pk__in=[u.pk for u in world.users.values()]))
    seeing = {u for u in world.users.values() if households_visible_to(u).filter(pk=household.pk)}
    assert by_scope == seeing
    assert {u.role for u in seeing} == (
        {"coordinator", "me_officer", "auditor", "origin_caseworker", "host_caseworker"}
        if side == "ours"
        else {"coordinator", "me_officer", "auditor"}
    )
