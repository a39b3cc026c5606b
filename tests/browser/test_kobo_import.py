"""The browser journey of a KoboToolbox import: an M&E officer downloads a round's XLSForm,
uploads the field team's export with a wrong row (nothing imported, the row listed in Spanish, the
round kept), then the corrected export (imported, said so), on a phone; every page passes the
accessibility scan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.registry.models import Relationship
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.monitoring.kobo_exports import kobo_xlsx, submission
from tests.registry.factories import PersonFactory, household_with_head

pytestmark = pytest.mark.browser

PASSWORD = "journey-pass-123"


def _export(tmp_path: Path, name: str, works: str) -> Path:
    members = [
        {"member": 1, "age": 35, "works": works, "formal": "yes", "income": 9000},
        {"member": 2, "age": 9, "in_school": "yes"},
    ]
    path = tmp_path / name
    path.write_bytes(kobo_xlsx([submission("5b1c-0001", "HH-K1", members)]))
    return path


def test_an_me_officer_imports_a_kobo_export_after_fixing_a_row(
    page: Page, login: LoginFn, tmp_path: Path
) -> None:
    # Given a household of two and an M&E officer on a phone (the site in Spanish, its default)
    household = household_with_head(code="HH-K1")
    PersonFactory(
        household=household, relationship=Relationship.CHILD, date_of_birth=dt.date(2016, 2, 1)
    )
    UserFactory(username="me", role=Role.ME_OFFICER, password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, "me", PASSWORD)

    # When they open the survey instruments and download the one-month XLSForm
    page.goto(reverse("monitoring:instruments"))
    with page.expect_download() as download:
        page.click("[data-testid=xlsform-month1]")
    assert download.value.suggested_filename == "arraigo_month1.xlsx"

    # And upload the export with a wrong answer
    with page.expect_navigation():
        page.click("[data-testid=kobo-import-link]")
    page.select_option("select[name=round]", "month1")
    page.set_input_files("input[name=file]", str(_export(tmp_path, "kobo.xlsx", "maybe")))
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then nothing is imported, the row is listed, and the round is kept
    problems = page.locator("[data-testid=import-problems]").inner_text()
    assert "kobo.xlsx: no se importó nada, 1 problema por corregir" in problems
    assert "kobo.xlsx[members], fila 2 · members/works: yes, no o vacío, no 'maybe'" in problems
    assert page.locator("select[name=round]").input_value() == "month1"
    assert not Interview.objects.exists()

    # When they upload the corrected export
    page.set_input_files("input[name=file]", str(_export(tmp_path, "kobo.xlsx", "yes")))
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then it is imported and the page says so
    message = page.locator(".messages").inner_text()
    assert "kobo.xlsx: 1 envíos importados (respuestas de 2 integrantes)" in message
    assert FollowUpAnswer.objects.filter(household=household, round="month1").count() == 2
