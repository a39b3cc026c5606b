"""A caseworker sees only their office's households; a coordinator sees every office's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.registry.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.browser

PASSWORD = "journey-pass-123"


def _logout(page: Page) -> None:
    with page.expect_navigation():
        page.click(f"form[action='{reverse('accounts:logout')}'] button[type=submit]")
    assert "/accounts/login/" in page.url


def test_household_visibility_follows_the_office_of_the_caseworker(
    page: Page, login: LoginFn
) -> None:
    # Given caseworkers of offices A and B, a coordinator, and a household in each office
    worker_a = UserFactory(username="worker_a", role=Role.ORIGIN_CASEWORKER, password=PASSWORD)
    worker_b = UserFactory(username="worker_b", role=Role.ORIGIN_CASEWORKER, password=PASSWORD)
    UserFactory(username="coord", role=Role.COORDINATOR, password=PASSWORD)
    household_a = HouseholdFactory(code="HH-A-000001", origin_office=worker_a.office)
    household_b = HouseholdFactory(code="HH-B-000001", origin_office=worker_b.office)
    PersonFactory(household=household_a)
    PersonFactory(household=household_b)
    list_url = reverse("registry:household_list")

    # When the caseworker of A opens the household list
    login(page, "worker_a", PASSWORD)
    response = page.goto(list_url)

    # Then A's household is listed and B's is not
    assert response is not None and response.status == 200
    body = page.locator("main").inner_text()
    assert "HH-A-000001" in body
    assert "HH-B-000001" not in body

    # When they open B's household page by its URL, it does not exist for them
    response = page.goto(reverse("registry:household_detail", args=[household_b.pk]))
    assert response is not None and response.status == 404

    # And their own household's page opens
    response = page.goto(reverse("registry:household_detail", args=[household_a.pk]))
    assert response is not None and response.status == 200
    assert "HH-A-000001" in page.locator("main").inner_text()

    # When they sign out and the coordinator signs in
    _logout(page)
    login(page, "coord", PASSWORD)
    response = page.goto(list_url)

    # Then the coordinator sees both offices' households
    assert response is not None and response.status == 200
    body = page.locator("main").inner_text()
    assert "HH-A-000001" in body
    assert "HH-B-000001" in body
