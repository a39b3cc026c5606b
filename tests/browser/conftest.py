"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Fixtures: `browser` (one Chromium for the session), `page` (a fresh context per test, its
base URL the live server, a screenshot to var/screenshots/ when the test fails) and
`login(page, username, password)`, which signs in through the login form.

Every page a test waits for (`page.goto`, `with page.expect_navigation()`) is scanned for
accessibility problems (tests/browser/axe.py) and the test fails on the first page that has
any; mark a test `@pytest.mark.no_axe` to skip the scan (say why).

Without /usr/bin/chromium the tests skip with the reason; under CI (CI=true) any skip of a
browser test is a failure instead, so a green CI run means the browser tests really ran.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import assert_accessible

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
HERE = Path(__file__).resolve().parent

LoginFn = Callable[[Page, str, str], None]
_reports_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _skip_or_fail(reason: str) -> None:
    if _under_ci():
        pytest.fail(f"{reason} (CI=true: browser tests may not skip)", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "no_axe: do not scan the pages of this browser test")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser` and run them after all the others.

    Playwright's sync API keeps an event loop running in the main thread for as long as the
    browser lives; running these tests last keeps that loop away from the rest of the suite.
    """
    mine = [item for item in items if HERE in Path(str(item.path)).parents]
    for item in mine:
        item.add_marker(pytest.mark.browser)
    chosen = set(mine)
    others = [item for item in items if item not in chosen]
    items[:] = others + mine


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    if (
        report.skipped
        and _under_ci()
        and item.get_closest_marker("browser") is not None
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"browser test skipped under CI=true: {reason}"
    return report


@contextlib.contextmanager
def _playwright_beside_django() -> Iterator[Playwright]:
    """Start Playwright's sync API and keep Django's ORM working in this same thread.

    The sync API leaves an asyncio loop running in the main thread until it stops. While it
    runs, Django (1) refuses ORM calls here unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and
    (2) hands out new connection objects (asgiref keeps them per context when a loop runs),
    which lack the test database's serialized contents: those are copied over, and the new
    connections are closed before the loop ends so that the test database can be dropped.
    """
    serialized = {
        conn.alias: getattr(conn, "_test_serialized_contents", None)
        for conn in connections.all(initialized_only=True)
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, contents in serialized.items():
            if contents is not None:
                setattr(connections[alias], "_test_serialized_contents", contents)  # noqa: B010
        yield playwright
    finally:
        connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session (after the test database exists)."""
    if not CHROMIUM.exists():
        _skip_or_fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(scripts/ensure_chromium.sh does, as root)"
        )
    with _playwright_beside_django() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:
            _skip_or_fail(f"Chromium did not start: {exc}")
            raise
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _server_for_browser(browser: Browser, live_server: LiveServer) -> Iterator[LiveServer]:
    """The live server, which no browser connection outlives.

    Chromium keeps its connections to the server open until it exits, and a request thread
    that ends after the server stopped sharing the in-memory SQLite connection fails. So the
    browser closes, and the server's request threads finish, before the server stops.
    """
    yield live_server
    browser.close()
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=5)


@pytest.fixture
def page(
    browser: Browser,
    _server_for_browser: LiveServer,
    django_db_serialized_rollback: None,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose relative URLs go to the live server.

    The live server needs a transactional database, which is emptied after each test; the
    serialized rollback puts back what the data migrations loaded (document types, code
    lists, permissions) before the next one.
    """
    context = browser.new_context(base_url=str(_server_for_browser), locale="en-US")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    if request.node.get_closest_marker("no_axe") is None:
        _scan_every_page_load(tab)
    yield tab
    reports = request.node.stash.get(_reports_key, {})
    if any(report.failed for report in reports.values()):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the failing page: {path}")
    context.close()


def _scan_every_page_load(page: Page) -> None:
    """Make `page.goto` and `page.expect_navigation` check the page they waited for."""
    goto = page.goto
    expect_navigation = page.expect_navigation

    def goto_and_scan(*args: Any, **kwargs: Any) -> Any:
        response = goto(*args, **kwargs)
        assert_accessible(page)
        return response

    @contextlib.contextmanager
    def expect_navigation_and_scan(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with expect_navigation(*args, **kwargs) as navigation:
            yield navigation
        assert_accessible(page)

    page.goto = goto_and_scan  # type: ignore[method-assign]
    page.expect_navigation = expect_navigation_and_scan  # type: ignore[method-assign]


def _login(page: Page, username: str, password: str) -> None:
    """Sign in through the login form and wait until we have left it."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"login as {username!r} failed; still on {page.url}")


@pytest.fixture
def login() -> LoginFn:
    """`login(page, username, password)`: sign in through the real login form."""
    return _login
