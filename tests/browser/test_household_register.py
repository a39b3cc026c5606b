"""Registering a household in a real browser: the page's script adds member blocks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.registry.models import Household
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn

pytestmark = pytest.mark.browser

PASSWORD = "register-pass-123"


def _person(page: Page, prefix: str, first: str, born: str, relationship: str = "") -> None:
    page.fill(f"#id_{prefix}-first_names", first)
    page.fill(f"#id_{prefix}-last_names", "Hernández Castro")
    page.select_option(f"#id_{prefix}-sex", "F")
    page.fill(f"#id_{prefix}-date_of_birth", born)
    page.select_option(f"#id_{prefix}-nationality", "HN")
    page.select_option(f"#id_{prefix}-spanish_level", "native")
    if relationship:
        page.select_option(f"#id_{prefix}-relationship", relationship)


def test_caseworker_registers_a_household_of_three(page: Page, login: LoginFn) -> None:
    # Given an origin caseworker on the registration page
    UserFactory(username="cw", role=Role.ORIGIN_CASEWORKER, password=PASSWORD)
    login(page, "cw", PASSWORD)
    page.goto(reverse("registry:household_create"))

    # When they fill the head and the first member, add a member block and fill it
    _person(page, "head", "María José", "1990-05-17")
    page.check("#id_head-willing_to_work")
    page.check("#id_head-able_to_work")
    page.select_option("#id_head-documents-0-type_code", "passport")
    page.fill("#id_head-documents-0-number", "G1234567")
    _person(page, "members-0", "Ana", "2015-01-02", "child")
    page.click("#add-member")
    _person(page, "members-1", "Rosa", "1960-03-04", "parent")
    with page.expect_navigation():
        page.click("button.primary")

    # Then the household page opens with three members
    household = Household.objects.get()
    assert page.url.endswith(reverse("registry:household_detail", args=[household.pk]))
    assert household.size == 3
    body = page.locator("main").inner_text()
    assert "Rosa Hernández Castro" in body
    assert "G1234567" in body
