"""Two KoboToolbox retries of one submission arriving at the same moment (PostgreSQL only).

In a file of its own, wholly transactional, as tests/matching/test_concurrency.py: pytest-django
runs transactional tests after the others, but the test processes take whole files, so a
transactional test in a file of ordinary ones ran early and left the next files' content types
with new ids.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.test import Client

from arraigo.monitoring.models_kobo import KoboSubmission

from .kobo_posts import basic, kobo_post
from .test_kobo_hook import EXPECTED, _post, _stored, form, household  # noqa: F401

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="SQLite serialises writers: the race is PostgreSQL's (CI runs it)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_posts_at_once_store_one_submission(household, form):  # noqa: F811
    """Two KoboToolbox retries arriving together: one row, one set of answers."""
    _form, secret = form
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def post() -> None:
        barrier.wait()
        codes.append(_post(Client(), kobo_post(), basic(secret)).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 202]
    assert KoboSubmission.objects.count() == 1
    assert _stored() == EXPECTED
