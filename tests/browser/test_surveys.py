"""A month-one follow-up survey in a browser: the host-city caseworker finds it due in the
to-do strip, opens the list of surveys due, enters the phone interview member by member (a
mistake is refused and kept on the form), and the household page shows the round done.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from arraigo.monitoring.models import FollowUpAnswer, Interview
from tests.browser.conftest import LoginFn
from tests.monitoring.survey_world import survey_world

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


def _click(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_a_caseworker_enters_a_month1_survey(page: Page, login: LoginFn) -> None:
    world = survey_world()
    today = timezone.localdate()
    world.household.integration_plans.update(started_on=today - dt.timedelta(days=30))
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    login(page, world.host.username, PASSWORD)

    # The to-do strip counts the survey due and leads to the list
    page.goto(reverse("home:dashboard"))
    _click(page, "[data-testid=todo] a[href$='?status=due']")
    assert page.get_by_test_id("survey-row").count() == 1
    row = page.get_by_test_id("survey-row")
    assert world.household.code in row.inner_text() and "One month" in row.inner_text()

    # The form asks each member what applies to their age
    _click(page, "[data-testid=survey-row] a:text('Enter')")
    assert page.locator("#id_m3_in_school").count() == 1  # Luz, 9
    assert page.locator("#id_m3_works").count() == 0
    assert page.get_by_test_id("member-4").locator("select, input").count() == 0  # Sol, a baby
    page.fill("#id_date", f"{today:%Y-%m-%d}")
    page.select_option("#id_mode", "phone")
    page.select_option("#id_housing_tenure", "rented_contract")
    page.select_option("#id_feels_safe", "yes")
    page.select_option("#id_m1_works", "yes")
    page.select_option("#id_m1_formal", "yes")
    page.fill("#id_m1_income", "9500")
    page.select_option("#id_m1_job_satisfied", "yes")
    page.select_option("#id_m2_works", "no")
    page.select_option("#id_m2_job_satisfied", "yes")  # a mistake: Pedro does not work
    page.select_option("#id_m3_in_school", "yes")
    _click(page, "[data-testid=survey-save]")
    assert "Only asked of members who work." in page.get_by_test_id("member-2").inner_text()
    assert page.input_value("#id_m1_income") == "9500"  # what was typed is kept
    assert not Interview.objects.exists()

    page.select_option("#id_m2_job_satisfied", "")
    _click(page, "[data-testid=survey-save]")
    household_url = reverse("registry:household_detail", args=[world.household.pk])
    assert page.url.endswith(household_url + "#surveys")
    month1 = page.locator("[data-testid=survey-round][data-round=month1]")
    assert "Done" in month1.inner_text() and f"{today:%Y-%m-%d}" in month1.inner_text()
    interview = Interview.objects.get()
    assert (interview.round, interview.mode, interview.source) == ("month1", "phone", "web")
    assert FollowUpAnswer.objects.get(person=world.members[1]).income == 9500
    assert FollowUpAnswer.objects.filter(household=world.household).count() == 4

    # Nothing is due any more
    page.goto(reverse("monitoring:survey_list"))
    assert page.get_by_test_id("survey-row").count() == 0
