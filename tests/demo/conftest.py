"""A demo seeded once per test module, inside a transaction rolled back after the module.

Each test still runs in its own savepoint (the `db` fixture), so tests cannot leak into each
other, and nothing of the demo outlives its module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from arraigo.accounts.roles import roles_sync
from arraigo.codelists.models import Occupation
from arraigo.demo.reference import reference
from arraigo.demo.seed import SeedResult, demo_seed

DEMO_HOUSEHOLDS = 600
DEMO_SEED = 3
DEMO_EMPLOYERS = 120
DEMO_VACANCIES = 500


def occupations_ensure() -> None:
    """The ISCO codes the demo uses, in case the jobs code list is not loaded."""
    codes = set(reference("programme")["work"]["occupations"])
    for sector in reference("employers")["sectors"].values():
        codes |= {job["isco"] for job in sector["occupations"]}
    for code in sorted(codes):
        Occupation.objects.get_or_create(
            isco_code=code, defaults={"title_en": f"ISCO {code}", "title_es": f"CIUO {code}"}
        )


@pytest.fixture(scope="module")
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
