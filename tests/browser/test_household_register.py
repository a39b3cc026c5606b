"""Registering a household in a real browser: the page's script adds member blocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.registry import services
from arraigo.registry.models import Household, Modality
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.registry.person_data import child_data, head_data

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
    page.fill("#id_members-1-occupation_codes", "oxicortadores")  # the added block's filter
    shown = page.locator(".picker:has(#id_members-1-occupation_codes) .picker-option:visible")
    assert [text.strip() for text in shown.all_inner_texts()] == ["7212 Soldadores y oxicortadores"]
    shown.first.locator("input").check()
    with page.expect_navigation():
        page.click("button.primary")

    # Then the household page opens with three members
    household = Household.objects.get()
    assert page.url.endswith(reverse("registry:household_detail", args=[household.pk]))
    assert household.size == 3
    body = page.locator("main").inner_text()
    assert "Rosa Hernández Castro" in body
    assert "G1234567" in body
    rosa = household.members.get(first_names="Rosa")
    assert [o.isco_code for o in rosa.occupations.all()] == ["7212"]


def test_caseworker_corrects_a_birth_date_and_adds_a_newborn(page: Page, login: LoginFn) -> None:
    # Given a registered household whose child was recorded with the wrong birth date
    worker = UserFactory(username="cw2", role=Role.ORIGIN_CASEWORKER, password=PASSWORD)
    household = services.household_register(
        actor=worker,
        origin_office=worker.office,
        modality=Modality.RELOCATION,
        head=head_data(),
        members=[child_data(first_names="Luis", date_of_birth=dt.date(2016, 3, 2))],
    )
    luis = household.members.get(first_names="Luis")
    login(page, "cw2", PASSWORD)
    page.goto(reverse("registry:household_detail", args=[household.pk]))

    # When they correct Luis's birth date, and tick the head's occupation by filtering the list
    page.click(f"a[href='{reverse('registry:person_edit', args=[household.pk, luis.pk])}']")
    page.fill("#id_person-date_of_birth", "2016-04-02")
    with page.expect_navigation():
        page.click("button.primary")
    head = household.members.get(relationship="head")
    page.goto(reverse("registry:person_edit", args=[household.pk, head.pk]))
    page.fill("#id_person-occupation_codes", "oxicortadores")
    shown = page.locator(".picker:has(#id_person-occupation_codes) .picker-option:visible")
    assert [text.strip() for text in shown.all_inner_texts()] == ["7212 Soldadores y oxicortadores"]
    page.check("input[name='person-occupation_codes'][value='7212']")
    with page.expect_navigation():
        page.click("button.primary")

    # And they add a newborn girl
    page.click(f"a[href='{reverse('registry:person_add', args=[household.pk])}']")
    born = timezone.localdate() - dt.timedelta(days=20)
    _person(page, "person", "Sofía", born.isoformat(), "child")
    with page.expect_navigation():
        page.click("button.primary")

    # Then the household holds the corrected date, the occupation and the newborn
    luis.refresh_from_db()
    assert luis.date_of_birth == dt.date(2016, 4, 2)
    assert [o.isco_code for o in head.occupations.all()] == ["7212"]
    sofia = household.members.get(first_names="Sofía")
    assert (sofia.date_of_birth, sofia.relationship) == (born, "child")
    assert page.url.endswith(reverse("registry:household_detail", args=[household.pk]))
    assert "Sofía Hernández Castro" in page.locator("main").inner_text()
