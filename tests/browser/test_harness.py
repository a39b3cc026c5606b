"""The browser harness itself: the login form and the dashboard in a real Chromium."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn

pytestmark = pytest.mark.browser

PASSWORD = "browser-pass-123"


def test_login_page_refuses_a_wrong_password_and_stays_on_the_form(page: Page) -> None:
    # Given a coordinator
    UserFactory(username="coord", role=Role.COORDINATOR, password=PASSWORD)

    # When they sign in with the wrong password
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    page.fill("#id_username", "coord")
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then the form is shown again with its error and nobody is signed in
    assert page.url.endswith("/accounts/login/")
    assert page.locator(".form-errors").count() == 1
    assert page.locator("[data-testid=current-user]").count() == 0


def test_signed_in_user_lands_on_the_dashboard_with_their_name(page: Page, login: LoginFn) -> None:
    # Given a coordinator
    UserFactory(username="coord", role=Role.COORDINATOR, password=PASSWORD)

    # When they sign in through the form
    login(page, "coord", PASSWORD)

    # Then they were sent to the dashboard, which renders and names them
    assert urlparse(page.url).path == "/"
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert page.locator("[data-testid=current-user]").inner_text().startswith("coord")


def test_anonymous_visitor_of_the_dashboard_is_sent_to_the_login_form(page: Page) -> None:
    # When nobody is signed in and the dashboard is asked for
    page.goto("/")

    # Then the login form is shown, remembering where to go next
    assert "/accounts/login/?next=/" in page.url
    assert page.locator("#id_username").is_visible()
