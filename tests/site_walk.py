"""What the tests that walk the whole site share: the URL patterns' names, and a small demo
with a signed-in client per demo role, rolled back when the walking module ends.

Used by `tests/core/test_form_pages.py` (every form shows its fields) and
`tests/core/test_long_search.py` (every search box takes an over-long term).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver
from pytest_django import DjangoDbBlocker

from arraigo.accounts.models import User
from arraigo.accounts.roles import roles_sync
from arraigo.demo.accounts import DEMO_ACCOUNTS
from arraigo.demo.seed import demo_seed
from tests.demo.conftest import occupations_ensure


def route_names(
    patterns: list[Any], namespace: str = "", *, without_arguments: bool = False
) -> Iterator[str]:
    """The names of the site's URL patterns ("registry:household_detail"), the admin left
    out; with `without_arguments`, only those that take none."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner, without_arguments=without_arguments)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if without_arguments and pattern.pattern.regex.groups:
                continue
            yield f"{namespace}{pattern.name}"


@contextmanager
def demo_clients(
    blocker: DjangoDbBlocker,
    *,
    households: int,
    seed: int,
    employers: int,
    vacancies: int,
    **client_options: Any,
) -> Iterator[dict[str, Client]]:
    """A small demo seeded inside a transaction that is rolled back on leaving, and a client
    signed in as each demo account (by username, in the demo's order)."""
    with blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            roles_sync()
            occupations_ensure()
            demo_seed(households=households, seed=seed, employers=employers, vacancies=vacancies)
            clients = {}
            for account in DEMO_ACCOUNTS:
                client = Client(**client_options)
                client.force_login(User.objects.get(username=account.username))
                clients[account.username] = client
            yield clients
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
