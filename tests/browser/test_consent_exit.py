"""The browser journey, consent part: a household withdraws its consent to share with
employers, and the company's HR stops reading the worker's name on the placement page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.registry.models import Consent, ConsentPurpose
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.jobs.factories import PlacementFactory

pytestmark = pytest.mark.browser

PASSWORD = "journey-pass-123"


def _logout(page: Page) -> None:
    with page.expect_navigation():
        page.click(f"form[action='{reverse('accounts:logout')}'] button[type=submit]")


def test_a_withdrawal_takes_effect_on_the_employers_placement_page(
    page: Page, login: LoginFn
) -> None:
    # Given a worker placed with a company, whose household consents to sharing with employers
    placement = PlacementFactory(
        person__first_names="Rosa", person__last_names="Mejía Cruz", person__relationship="head"
    )
    Consent.objects.create(
        household=placement.household,
        purpose=ConsentPurpose.EMPLOYERS,
        given=True,
        recorded_at=timezone.now(),
    )
    UserFactory(username="hr", role=Role.EMPLOYER, employer=placement.employer, password=PASSWORD)
    UserFactory(username="coord", role=Role.COORDINATOR, password=PASSWORD)
    placement_url = reverse("jobs:placement_detail", args=[placement.pk])

    # When the company's HR opens the placement, they read the worker's name
    login(page, "hr", PASSWORD)
    page.goto(placement_url)
    assert "Rosa Mejía Cruz" in page.locator("h1").inner_text()
    _logout(page)

    # When the coordinator records, on the one consent form, that the worker withdrew it
    login(page, "coord", PASSWORD)
    page.goto(reverse("registry:household_detail", args=[placement.household.pk]))
    with page.expect_navigation():
        page.click(f"a[href='{reverse('registry:consent_record', args=[placement.household.pk])}']")
    page.check("input[name=employers][value=no]")
    page.select_option("#id_given_by", value=str(placement.person.pk))
    page.check("input[name=method][value=signed_paper]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    employers = page.locator("[data-testid=consent-employers]").inner_text()
    assert "Mejía Cruz" in employers
    _logout(page)

    # Then HR opens the same placement: the row is there, the name is not
    login(page, "hr", PASSWORD)
    response = page.goto(placement_url)
    assert response is not None and response.status == 200
    assert page.locator("[data-testid=consent-withheld]").count() == 1
    assert "Mejía" not in page.locator("main").inner_text()
