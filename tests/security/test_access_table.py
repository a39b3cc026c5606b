"""The access table, docs/access-table.csv, walked cell by cell: every URL pattern of the site
and route of the API, as each role (and signed out), on a record of the user's own office,
city, company or organisation and on one of another (tests/security/access.py says how a cell
is tried and what allowed and refused mean).

The world is built once for the module (tests/security/access_world.py) and rolled back at its
end; each cell runs in a savepoint of its own, so what an allowed write writes is undone.
`test_every_route_has_a_row` fails when a URL pattern or API route has no row, so a new page
cannot be left out of the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver

from arraigo.accounts.roles import roles_sync
from tests.accounts.scope_world import ScopeWorld
from tests.security.access import ANONYMOUS, ROLES, VALUES, Caller, Row, table, try_cell
from tests.security.access_world import access_world
from tests.site_walk import route_names

pytestmark = pytest.mark.django_db

ROWS = table()
# Rows whose request changes the client itself (signs it out, changes its language): tried
# with a client of their own.
OWN_CLIENT = {"accounts:logout", "set_language"}
# Not in route_names (which leaves the admin out), but a row all the same.
EXTRA_ROUTES = {"admin:index"}


def _storage(folder: Path) -> dict[str, Any]:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScopeWorld]:
    folder = tmp_path_factory.mktemp("attachments")
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=_storage(folder)),
        transaction.atomic(),
    ):
        roles_sync()
        yield access_world()
        transaction.set_rollback(True)


def _caller(world: ScopeWorld, role: str) -> Caller:
    client = Client(headers={"accept-language": "en"})
    if role == ANONYMOUS:
        return Caller(client=client, api_headers={})
    client.force_login(world.users[role])
    secret = world.ours.records["token_secrets"][role]
    return Caller(client=client, api_headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture(scope="module")
def callers(world: ScopeWorld, django_db_blocker: Any) -> dict[str, Caller]:
    """One signed-in browser and API token per role, for the whole module."""
    with django_db_blocker.unblock():
        return {role: _caller(world, role) for role in ROLES}


@pytest.fixture(autouse=True)
def _roles() -> None:
    """Overrides the per-test roles_sync (tests/conftest.py): the module's world synced them."""


@pytest.fixture(autouse=True)
def _fresh_rate_windows() -> None:
    cache.clear()  # the API's per-token limits


CELLS = [
    pytest.param(row, role, id=f"{row.channel}-{row.route}-{row.action}-{row.resource}-{role}")
    for row in ROWS
    for role in ROLES
]


@pytest.mark.parametrize(("row", "role"), CELLS)
def test_cell(world: ScopeWorld, callers: dict[str, Caller], row: Row, role: str) -> None:
    caller = _caller(world, role) if row.route in OWN_CLIENT else callers[role]
    got, lines = try_cell(row, role, world, caller)
    assert got == row.cells[role], (
        f"{row.key} as {role}: {got}, the table says {row.cells[role]}\n" + "\n".join(lines)
    )


def test_every_route_has_a_row() -> None:
    routes = set(route_names(get_resolver().url_patterns)) | EXTRA_ROUTES
    assert routes - {row.route for row in ROWS} == set(), "URL patterns without a row"
    assert {row.route for row in ROWS} - routes == set(), "rows of no URL pattern"


def test_the_table_is_well_formed() -> None:
    keys = Counter(row.key for row in ROWS)
    assert [key for key, count in keys.items() if count > 1] == []
    for row in ROWS:
        assert row.channel in {"web", "api"}, row.key
        assert row.methods and set(row.methods) <= {"GET", "POST", "PUT", "DELETE"}, row.key
        assert set(row.cells.values()) <= VALUES, row.key
        assert "own" not in row.cells.values() or row.has_sides, row.key
