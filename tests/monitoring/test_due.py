"""When follow-up surveys fall due: the windows of monitoring.yaml counted from the household's
start, the baseline at profiling, and the work list computed by the database agreeing with the
rule for one household at every window edge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.monitoring.due import (
    DueStatus,
    Window,
    due_status,
    round_window,
    surveys_due,
    surveys_due_counts,
    surveys_due_visible_to,
)
from arraigo.monitoring.due_household import household_rounds
from arraigo.monitoring.models import AnswerSource, FollowUpAnswer, Interview
from arraigo.monitoring.programme import monitoring_rules
from arraigo.registry.models import Consent, HouseholdStatus, StatusChange
from tests.accounts.factories import UserFactory
from tests.monitoring.survey_world import START, TODAY, plan_start, survey_world
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

D = dt.date
MONTH1 = monitoring_rules().round("month1")
MONTH6 = monitoring_rules().round("month6")
MONTH12 = monitoring_rules().round("month12")
BASELINE = monitoring_rules().round("baseline")


def test_the_windows_are_the_programme_days_after_the_start() -> None:
    assert MONTH1.window == (21, 45)
    assert round_window(MONTH1, START) == Window(D(2026, 3, 22), D(2026, 4, 15))
    assert round_window(MONTH6, START) == Window(D(2026, 7, 29), D(2026, 9, 27))
    assert round_window(MONTH12, START) == Window(D(2027, 1, 25), D(2027, 4, 5))
    assert round_window(BASELINE, START) == Window(None, None)
    assert round_window(MONTH1, None) == Window(None, None)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 3, 21), DueStatus.UPCOMING),  # day 20
        (D(2026, 3, 22), DueStatus.DUE),  # day 21: the window opens
        (D(2026, 4, 15), DueStatus.DUE),  # day 45: its last day
        (D(2026, 4, 16), DueStatus.OVERDUE),  # day 46
    ],
)
def test_month1_at_the_window_edges(today: dt.date, expected: DueStatus) -> None:
    status = due_status(
        MONTH1, household_status="integrating", start=START, today=today, done=False
    )
    assert status == expected


def test_an_optional_round_past_its_window_is_missed_not_overdue() -> None:
    kwargs = {"household_status": "integrating", "start": START, "done": False}
    assert due_status(MONTH12, today=D(2027, 4, 5), **kwargs) == DueStatus.DUE
    assert due_status(MONTH12, today=D(2027, 4, 6), **kwargs) == DueStatus.MISSED


def test_done_wins_and_closed_or_declined_households_are_not_asked() -> None:
    kwargs = {"start": START, "today": D(2026, 5, 1)}
    assert due_status(MONTH1, household_status="integrating", done=True, **kwargs) == "done"
    assert due_status(MONTH1, household_status="closed", done=False, **kwargs) == "missed"
    declined = due_status(
        MONTH1, household_status="integrating", done=False, declined=True, **kwargs
    )
    assert declined == DueStatus.MISSED


@pytest.mark.parametrize(
    ("household_status", "start", "expected"),
    [
        ("registered", None, DueStatus.UPCOMING),
        ("profiled", None, DueStatus.DUE),
        ("trip_booked", None, DueStatus.DUE),
        ("travelled", None, DueStatus.DUE),
        ("arrived", None, DueStatus.MISSED),
        ("integrating", START, DueStatus.MISSED),
    ],
)
def test_the_baseline_is_due_from_profiling_until_the_start(
    household_status: str, start: dt.date | None, expected: DueStatus
) -> None:
    status = due_status(
        BASELINE, household_status=household_status, start=start, today=TODAY, done=False
    )
    assert status == expected


def test_a_follow_up_without_a_start_is_upcoming() -> None:
    status = due_status(MONTH1, household_status="arrived", start=None, today=TODAY, done=False)
    assert status == DueStatus.UPCOMING


# --- the work list, by the database -----------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def _statuses(rows: object) -> dict[tuple[str, str], str]:
    return {(row.code, row.round): row.status for row in rows}  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 4, 15),
        D(2026, 4, 16),
        D(2026, 7, 28),
        D(2026, 7, 29),
        D(2026, 9, 27),
        D(2026, 9, 28),
        D(2027, 4, 5),
        D(2027, 4, 6),
    ],
)
def test_the_list_agrees_with_the_rule_at_every_edge(today: dt.date) -> None:
    world = survey_world()
    rows = surveys_due(world.coordinator, today, statuses=())
    by_python = {
        (world.household.code, state.rule.code): state.status
        for state in household_rounds(world.household, today).rounds
        if state.rule.window is not None
    }
    assert _statuses(rows[0 : rows.count()]) == by_python


@pytest.mark.django_db
def test_the_list_shows_due_and_overdue_rounds_with_their_windows() -> None:
    world = survey_world()
    rows = surveys_due(world.host, D(2026, 4, 16))
    assert rows.count() == 1
    (row,) = rows[0:10]
    assert (row.code, row.round, row.status) == (world.household.code, "month1", "overdue")
    assert row.window == Window(D(2026, 3, 22), D(2026, 4, 15))
    assert row.start == START


@pytest.mark.django_db
def test_a_round_is_done_with_an_interview_or_any_answer() -> None:
    world = survey_world()
    now = timezone.now()
    FollowUpAnswer.objects.create(
        household=world.household,
        person=world.members[1],
        round="month1",
        date=D(2026, 3, 30),
        works=True,
        income=Decimal("9000"),
        source=AnswerSource.FILE,
        recorded_at=now,
    )
    assert surveys_due(world.host, TODAY).count() == 0
    done = surveys_due(world.host, TODAY, statuses=("done",))
    assert [(r.round, r.status) for r in done[0:5]] == [("month1", "done")]
    other = survey_world(city=world.city)
    Interview.objects.create(
        household=other.household,
        round="month1",
        date=D(2026, 3, 30),
        source=AnswerSource.WEB,
        recorded_at=now,
    )
    assert surveys_due(world.host, TODAY).count() == 0
    assert surveys_due_counts(world.host, TODAY) == {
        "upcoming": 4,  # month6 and month12 of both
        "due": 0,
        "overdue": 0,
        "done": 2,
        "missed": 0,
    }


@pytest.mark.django_db
def test_the_baseline_is_listed_for_profiled_households_before_the_start() -> None:
    coordinator = UserFactory(role=Role.COORDINATOR)
    profiled = household_with_head(status=HouseholdStatus.PROFILED, code="HH-PROF")
    StatusChange.objects.create(
        household=profiled, from_status="eligible", to_status="profiled", changed_at=timezone.now()
    )
    household_with_head(status=HouseholdStatus.REGISTERED, code="HH-REG")
    rows = surveys_due(coordinator, TODAY, round_code="baseline", statuses=())
    assert [(r.code, r.status) for r in rows[0:5]] == [("HH-PROF", "due")]
    assert rows[0].window == Window(None, None)


@pytest.mark.django_db
def test_closed_and_declined_households_leave_the_list() -> None:
    world = survey_world()
    closed = survey_world(status=HouseholdStatus.CLOSED, city=world.city)
    declined = survey_world(city=world.city)
    Consent.objects.create(
        household=declined.household, purpose="surveys", given=False, recorded_at=timezone.now()
    )
    codes = {r.code for r in surveys_due(world.host, TODAY)[0:10]}
    assert codes == {world.household.code}
    assert closed.household.code not in codes


@pytest.mark.django_db
def test_a_caseworker_lists_only_their_city_and_others_nothing() -> None:
    world = survey_world()
    elsewhere = survey_world(city=CityFactory(name="León"))
    assert {r.code for r in surveys_due(world.host, TODAY)[0:10]} == {world.household.code}
    assert {r.code for r in surveys_due(world.coordinator, TODAY)[0:10]} == {
        world.household.code,
        elsewhere.household.code,
    }
    for role in (Role.ME_OFFICER, Role.EMPLOYER, Role.ORIGIN_CASEWORKER, Role.SERVICE_PARTNER):
        user = UserFactory(role=role)
        assert surveys_due(user, TODAY).count() == 0
        assert not surveys_due_visible_to(user).exists()


@pytest.mark.django_db
def test_the_list_pages_across_rounds_and_searches_by_code() -> None:
    world = survey_world()
    late = survey_world(city=world.city)
    late.household.code = "HH-LATE"
    late.household.save(update_fields=["code"])
    plan = late.household.integration_plans.get()
    plan.started_on = D(2025, 10, 1)  # month6 due on 2026-04-01 (day 182)
    plan.save(update_fields=["started_on"])
    rows = surveys_due(world.host, TODAY)
    assert rows.count() == 3
    assert [(r.code, r.round, r.status) for r in rows[0:3]] == [
        ("HH-LATE", "month1", "overdue"),
        (world.household.code, "month1", "due"),
        ("HH-LATE", "month6", "due"),
    ]
    assert [r.round for r in rows[2:3]] == ["month6"]
    found = surveys_due(world.host, TODAY, code="late")
    assert [(r.code, r.round) for r in found[0:5]] == [
        ("HH-LATE", "month1"),
        ("HH-LATE", "month6"),
    ]
    assert surveys_due(world.host, TODAY, round_code="month6").count() == 1


@pytest.mark.django_db
def test_the_start_is_the_first_plan() -> None:
    world = survey_world()
    world.household.integration_plans.update(status="closed")
    plan_start(world.household, D(2026, 9, 1), world.coordinator)  # a later plan
    (row,) = surveys_due(world.host, TODAY)[0:5]
    assert row.start == START
