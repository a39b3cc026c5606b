"""The demo's feedback: about 200 reports, most answered in time, SEA in the restricted tier."""

import pytest
from django.db.models import F

from arraigo.accounts.models import User
from arraigo.demo.seed import SeedResult
from arraigo.feedback.models import FeedbackCase
from arraigo.feedback.selectors import feedback_visible_to

pytestmark = pytest.mark.django_db


def test_two_hundred_reports_mostly_answered_in_time(seeded: SeedResult):
    answered = FeedbackCase.objects.exclude(responded_on=None)

    assert FeedbackCase.objects.count() == 200
    assert answered.filter(responded_on__lte=F("due_on")).count() / answered.count() > 0.75


def test_sea_reports_are_seen_by_the_coordinator_only(seeded: SeedResult):
    sea = FeedbackCase.objects.filter(category="sea")
    coordinator = User.objects.get(username="demo-coordinator")
    host = User.objects.get(username="demo-host-saltillo")

    assert sea.exists()
    assert set(feedback_visible_to(coordinator).filter(category="sea")) == set(sea)
    assert not feedback_visible_to(host).filter(category="sea").exists()
    assert feedback_visible_to(host).exists()
