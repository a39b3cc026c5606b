"""Password guessing in a browser: five wrong passwords lock a caseworker's account, the right
one is then refused with why, a coordinator lifts the lock on the Sign-in locks page, and the
caseworker signs in."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


def _try(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_a_locked_account_is_refused_until_a_coordinator_lifts_the_lock(
    page: Page, login: LoginFn
) -> None:
    UserFactory(username="rosa", role=Role.ORIGIN_CASEWORKER)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}]
    )

    # Five wrong passwords, then the right one: refused, with why
    for _ in range(5):
        _try(page, "rosa", "not-her-password")
    _try(page, "rosa", PASSWORD)
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert").inner_text()
    assert alert.startswith("This account is locked after too many failed sign-ins.")
    assert page.input_value("#id_username") == "rosa"

    # A coordinator lifts the lock
    login(page, coordinator.username, PASSWORD)
    page.goto("/accounts/locks/")
    row = page.get_by_test_id("locks").locator("tbody tr")
    assert "Account rosa" in " ".join(row.inner_text().split())
    with page.expect_navigation():
        row.get_by_role("button", name="Lift the lock").click()
    assert "No account or address is locked." in page.inner_text("main")
    page.context.clear_cookies()

    # And the caseworker signs in
    login(page, "rosa", PASSWORD)
    assert "/accounts/login/" not in page.url
