"""A run's page in a browser: six months later, and the card of the learned model it used."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

from arraigo.accounts.models import Role
from arraigo.matching.models import RunStatus
from tests.accounts.factories import UserFactory
from tests.browser.conftest import LoginFn
from tests.matching.factories import MatchingRunFactory
from tests.matching.test_followup import accepted_household, answers_record, learned_model_store

pytestmark = pytest.mark.browser

PASSWORD = "pass-word-123"  # UserFactory's


@pytest.mark.parametrize("width", [1280, 390])
def test_the_run_page_compares_predictions_with_six_month_answers(
    page: Page, login: LoginFn, width: int
) -> None:
    # Given a run scored with learned model 2, two of whose accepted households answered at
    # six months (predicted 90% and 60%; the first has someone in formal work)
    learned_model_store()
    run = MatchingRunFactory(status=RunStatus.DONE, model_kind="learned", model_version="learned-2")
    answers_record(accepted_household(run, 0.9), True)
    answers_record(accepted_household(run, 0.6), False)
    coordinator = UserFactory(role=Role.COORDINATOR)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    base = page.evaluate("location.origin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])
    login(page, coordinator.username, PASSWORD)

    # When the coordinator opens the run
    page.goto(reverse("matching:run_detail", args=[run.pk]))

    # Then six months later shows both households, predicted 75% against 50% observed
    rows = page.get_by_test_id("six-months-row")
    assert rows.count() == 3
    assert rows.first.inner_text().split("\t") == ["All", "2", "75%", "50%"]
    # And the model card says what the model learned from; its tables open on demand
    card = page.get_by_test_id("model-card")
    assert "Six-month surveys: 200 households" in card.inner_text()
    group = page.get_by_test_id("model-group-specific_needs")
    assert not group.is_visible()
    page.get_by_text("Calibration, and predicted against observed by group").click()
    assert group.is_visible()
