from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation
from pytest_django import DjangoDbBlocker

from arraigo.accounts.roles import roles_sync

# Whether a transactional test ran in this process: its teardown empties the database.
_emptied: list[bool] = []

# The tests that read one demo seeded for their whole package (tests/demo/seeded/conftest.py).
SHARED_DEMO = "tests/demo/seeded/"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`--dist loadfile` (the Makefile's), with tests/demo/seeded/ sent as one unit.

    Each module goes to one worker, so a module-scoped fixture (a seeded demo, a site walk) is
    built once, and the modules of the seeded demo's package go to the same worker, which seeds
    it once. (pytest-xdist's `loadgroup` would do this with marks, but on pytest 9.2 it ignores
    them: pytest-dev/pytest-xdist#1386.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    # Keep pytest-django's order (tests in a transaction, then transactional ones, which leave
    # the database empty) instead of sending the largest modules first.
    config.option.loadscopereorder = False
    from xdist.scheduler import LoadFileScheduling

    class LoadFileWithSharedDemo(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(SHARED_DEMO):
                return SHARED_DEMO
            return super()._split_scope(nodeid)

    return LoadFileWithSharedDemo(config, log)


def _transactional(request: pytest.FixtureRequest) -> bool:
    """Whether the test runs on a transactional database (pytest-django's own rule)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _roles(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database finds the role groups and their permissions in place.

    The test database has them from its migrations (`accounts` syncs them after every app's
    migrations), and a test in a transaction leaves them as they were. A transactional test
    (transaction=True, live_server, the browser tests) runs on a database the previous one
    emptied and reloaded, so it syncs them again (three queries when they are in step). Tests
    that do not ask for the database are not given one.
    """
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        _emptied.append(True)
        roles_sync()


@pytest.fixture(scope="session", autouse=True)
def _reused_database_left_whole(
    request: pytest.FixtureRequest, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """A test database kept for the next run (--reuse-db) is left as its migrations made it.

    A transactional test empties the database when it ends (with serialized_rollback the next
    one reloads it first); the migrations that loaded document types, code lists and
    permissions are not run again on a kept database, so the last state is put back here.
    """
    yield
    options = request.config.option
    if not _emptied or not getattr(options, "reuse_db", False) or options.create_db:
        return
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _english(request: pytest.FixtureRequest) -> object:
    """Tests assert the source texts (English); the product's default is Spanish.

    A test about Spanish says so: `translation.override("es")`, or a fresh `Client()`
    without the language cookie set here.
    """
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def figures_kept(settings: Any) -> Iterator[None]:
    """Figures kept as in production (core/figures.py: ARRAIGO_FIGURES_CACHE_SECONDS), in a
    cache emptied before and after the test."""
    from django.core.cache import cache

    settings.ARRAIGO_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
