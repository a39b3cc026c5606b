"""The host city's caseworkers find the follow-up surveys due and overdue in their to-do strip,
linking to the "Surveys due" list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.home.todo import todo_for
from tests.accounts.factories import UserFactory
from tests.monitoring.survey_world import TODAY, survey_world
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db

LABELS = ("follow-up surveys overdue", "follow-up surveys due")


def _surveys(user, today: dt.date) -> dict[str, tuple[int, str, bool]]:
    return {
        item.label: (item.count, item.url, item.urgent)
        for item in todo_for(user, today)
        if item.label in LABELS
    }


def test_the_host_caseworker_sees_surveys_due_and_overdue_in_their_city() -> None:
    world = survey_world()  # month1 due on TODAY
    late = survey_world(city=world.city)
    late.household.integration_plans.update(started_on=dt.date(2026, 1, 1))  # month1 overdue
    survey_world(city=CityFactory(name="León"))  # another city's: not theirs
    assert _surveys(world.host, TODAY) == {
        "follow-up surveys overdue": (1, "/monitoring/surveys/?status=overdue", True),
        "follow-up surveys due": (1, "/monitoring/surveys/?status=due", False),
    }


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER])
def test_other_roles_have_no_survey_item(role: str) -> None:
    assert _surveys(UserFactory(role=role), TODAY) == {}


def test_the_dashboard_links_to_the_surveys_due() -> None:
    world = survey_world()
    browser = Client()
    browser.force_login(world.host)
    html = browser.get(reverse("home:dashboard")).content.decode()
    assert 'href="/monitoring/surveys/?status=overdue"' in html
    assert 'href="/monitoring/surveys/?status=due"' in html
