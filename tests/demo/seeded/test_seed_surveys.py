"""The demo's survey history: who answered which round, when, and formal work at six months
as the placement outcomes (the hidden truth) have it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import F, Min

from arraigo.demo.journey import ZONE
from arraigo.demo.reference import reference_date
from arraigo.demo.seed import SeedResult
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.outcomes.models import PlacementOutcome
from arraigo.registry.models import StatusChange

pytestmark = pytest.mark.django_db


def _interviews(round_code: str) -> dict[int, dt.date]:
    return dict(Interview.objects.filter(round=round_code).values_list("household_id", "date"))


def test_every_answer_has_its_interview_and_comes_from_the_demo(seeded: SeedResult) -> None:
    pairs = set(FollowUpAnswer.objects.values_list("household_id", "round", "date"))
    assert pairs == set(Interview.objects.values_list("household_id", "round", "date"))
    assert seeded.counts["interviews"] == Interview.objects.count() > 0
    assert seeded.counts["survey_answers"] == FollowUpAnswer.objects.count()
    assert set(Interview.objects.values_list("source", flat=True)) == {"demo"}
    assert set(FollowUpAnswer.objects.values_list("source", flat=True)) == {"demo"}
    assert set(Interview.objects.values_list("round", flat=True)) == {
        "baseline",
        "month1",
        "month6",
    }
    assert not FollowUpAnswer.objects.exclude(person__household_id=F("household_id")).exists()
    assert not FollowUpAnswer.objects.filter(works=False, formal=True).exists()


def test_baseline_is_taken_on_the_day_the_household_was_profiled(seeded: SeedResult) -> None:
    profiled = {
        hid: at.astimezone(ZONE).date()
        for hid, at in StatusChange.objects.filter(to_status="profiled")
        .values_list("household_id")
        .annotate(first=Min("changed_at"))
    }
    baseline = _interviews("baseline")
    assert all(baseline[hid] == profiled[hid] for hid in baseline)
    # a few percent skip the round
    assert 0.9 * len(profiled) <= len(baseline) < len(profiled)


def test_follow_ups_fall_inside_their_windows_after_the_start(seeded: SeedResult) -> None:
    today = reference_date()
    started = dict(PlacementOutcome.objects.values_list("household_id", "placed_on"))
    for code, (low, high) in {"month1": (21, 45), "month6": (150, 210)}.items():
        interviews = _interviews(code)
        assert interviews
        assert all(low <= (day - started[hid]).days <= high for hid, day in interviews.items())
        due = [hid for hid, start in started.items() if (today - start).days >= high]
        assert set(interviews) <= set(due)
        assert 0.85 * len(due) <= len(interviews) < len(due)


def test_formal_work_at_six_months_is_the_placement_outcome(seeded: SeedResult) -> None:
    formal: Counter[int] = Counter()
    answered: set[int] = set()
    for hid, is_formal in FollowUpAnswer.objects.filter(round="month6").values_list(
        "household_id", "formal"
    ):
        answered.add(hid)
        formal[hid] += is_formal is True
    truth = {
        hid: (employed, members)
        for hid, employed, members in PlacementOutcome.objects.values_list(
            "household_id", "employed_6m", "members_employed_6m"
        )
    }
    assert answered
    for hid in answered:
        employed, members = truth[hid]
        assert (formal[hid] > 0) == employed
        assert formal[hid] <= members


def test_children_answer_school_and_adults_work(seeded: SeedResult) -> None:
    asked: dict[str, set[bool]] = defaultdict(set)
    for works, in_school in FollowUpAnswer.objects.values_list("works", "in_school"):
        asked["works"].add(works is not None)
        asked["in_school"].add(in_school is not None)
        assert works is None or in_school is None
    assert asked == {"works": {True, False}, "in_school": {True, False}}
