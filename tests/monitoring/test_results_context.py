"""The results report's context figures: companies that hired, naturalisations and family
reunifications by person, feedback received and resolved (sexual exploitation and abuse left
out), each counted in the period only and suppressed under five."""

import datetime as dt

import pytest

from arraigo.casework.models import IntegrationPlan, Milestone, MilestoneStatus
from arraigo.feedback.models import Category, Channel, FeedbackCase, FeedbackStatus
from arraigo.monitoring.context import context_figures
from tests.jobs.factories import PlacementFactory

from .results_fixture import results_fixture

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _feedback(n: int, category: str, status: str, received: dt.datetime) -> None:
    for i in range(n):
        FeedbackCase.objects.create(
            reference=f"FB-{category[:4]}{status[:4]}{received:%y}-{i}",
            category=category,
            channel=Channel.PHONE,
            description="…",
            received_at=received,
            due_on=received.date(),
            status=status,
        )


def _step(code: str, days: list[int]) -> None:
    """The step done for the mothers of the fixture's first households, on these days."""
    plans = IntegrationPlan.objects.order_by("id")
    for plan, day in zip(plans, days, strict=False):
        Milestone.objects.create(
            plan=plan,
            person=plan.household.members.get(member_no=1),
            code=code,
            title_en=code,
            title_es=code,
            due_on=plan.started_on,
            status=MilestoneStatus.DONE,
            done_on=dt.date(2026, 1, 1) + dt.timedelta(days=day),
            evidence="seen",
        )


def test_context_figures_count_the_period_only(db):
    results_fixture()
    in_2026 = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    _feedback(5, Category.COMPLAINT, FeedbackStatus.CLOSED, in_2026)
    _feedback(1, Category.SUGGESTION, FeedbackStatus.RESPONDED, in_2026)
    _feedback(1, Category.QUESTION, FeedbackStatus.RECEIVED, in_2026)
    _feedback(3, Category.SEA, FeedbackStatus.CLOSED, in_2026)  # never counted here
    _feedback(2, Category.COMPLAINT, FeedbackStatus.CLOSED, in_2026.replace(year=2025))
    for _n in range(5):
        PlacementFactory(hired_on=dt.date(2026, 3, 1), started_on=dt.date(2026, 3, 2))
    PlacementFactory(hired_on=dt.date(2025, 12, 31), started_on=None)
    _step("naturalisation_certificate", [10, 20, 30, 40, 50, 400])  # the last in 2027
    _step("family_reunification", [10, 20])

    figures = dict(context_figures(*YEAR).figures)

    assert figures == {
        "Partner companies that hired in the period": 5,
        "Host cities with households that arrived in the period": "<5",
        "Naturalisations (people with their certificate)": 5,
        "Family reunifications (people)": "<5",
        "Feedback and complaints received": 7,
        "Feedback and complaints resolved": 6,
    }


def test_people_are_counted_by_age_group_and_nationality(db):
    results_fixture()

    people = dict(context_figures(*YEAR).people)

    by_age = {
        label: (relocated, in_place)
        for label, relocated, in_place in people["By age group (at the end of the period)"]
    }
    assert by_age == {
        "0-4": (0, 0),
        "5-11": (6, 0),
        "12-17": (0, 0),
        "18-59": (6, 0),
        "60+": (0, 0),
    }
    by_nationality = [
        (label, relocated) for label, relocated, _in_place in people["By nationality"]
    ]
    assert by_nationality == [("Honduras", 12)]
