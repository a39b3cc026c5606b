"""One demo of 600 households (seed 3), seeded once for every module of this package.

The tests here only read the demo. It is seeded inside a transaction when the first of them
runs and rolled back after the last (package scope: pytest runs the package's tests one after
the other, and under pytest-xdist tests/conftest.py sends them all to one worker). Each
test still runs in its own savepoint (the `db` fixture), so a test that writes cannot leak
into the next, and nothing of the demo outlives the package.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from arraigo.accounts.roles import roles_sync
from arraigo.demo.seed import SeedResult, demo_seed
from tests.demo.conftest import occupations_ensure

DEMO_HOUSEHOLDS = 600
DEMO_SEED = 3
DEMO_EMPLOYERS = 120
DEMO_VACANCIES = 500


@pytest.fixture(scope="package")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[SeedResult]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            roles_sync()
            occupations_ensure()
            yield demo_seed(
                households=DEMO_HOUSEHOLDS,
                seed=DEMO_SEED,
                employers=DEMO_EMPLOYERS,
                vacancies=DEMO_VACANCIES,
            )
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
