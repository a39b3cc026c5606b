"""interview_record: a caseworker enters a household's survey in one round; it replaces the
round's answers on correction, refuses what is wrong field by field, stays in its scope and is
audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.versions import StaleEdit
from arraigo.monitoring.entry import stored_survey
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.monitoring.questions import HouseholdAnswers, MemberAnswers
from arraigo.monitoring.services import interview_record
from arraigo.registry.models import Consent
from tests.accounts.factories import UserFactory
from tests.monitoring.survey_world import TODAY, SurveyWorld, survey_world
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 30)
WORKER = MemberAnswers(
    works=True, formal=True, income=Decimal("9500"), job_satisfied=True, bank_account=True
)
ANSWERS = {
    1: WORKER,
    2: MemberAnswers(works=False, bank_account=False),
    3: MemberAnswers(in_school=True),
    4: MemberAnswers(),
}
HOUSEHOLD = HouseholdAnswers(
    housing_tenure="rented_contract", feels_safe=True, health_access=True, basic_needs_met=False
)


@pytest.fixture
def world() -> SurveyWorld:
    return survey_world()


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def record(world: SurveyWorld, actor=None, **overrides):
    kwargs = {
        "actor": actor or world.host,
        "household": world.household,
        "round": "month1",
        "date": DAY,
        "mode": "phone",
        "household_answers": HOUSEHOLD,
        "member_answers": ANSWERS,
    }
    kwargs.update(overrides)
    return interview_record(**kwargs)


def test_the_survey_is_stored_with_each_members_answers(world: SurveyWorld) -> None:
    interview = record(world)
    stored = Interview.objects.get()
    assert stored == interview
    assert (stored.round, stored.date, stored.mode, stored.source) == (
        "month1",
        DAY,
        "phone",
        "web",
    )
    assert (stored.housing_tenure, stored.feels_safe, stored.health_access) == (
        "rented_contract",
        True,
        True,
    )
    assert stored.basic_needs_met is False
    assert stored.recorded_by == world.host
    rows = {
        a.person.member_no: a
        for a in FollowUpAnswer.objects.filter(household=world.household).select_related("person")
    }
    assert sorted(rows) == [1, 2, 3, 4]
    head = rows[1]
    assert (head.works, head.formal, head.income, head.job_satisfied, head.bank_account) == (
        True,
        True,
        Decimal("9500.00"),
        True,
        True,
    )
    assert (head.round, head.date, head.source, head.recorded_by) == (
        "month1",
        DAY,
        "web",
        world.host,
    )
    assert rows[3].in_school is True and rows[3].works is None
    assert [rows[4].works, rows[4].in_school, rows[4].income] == [None, None, None]


def test_entering_again_replaces_the_rounds_answers(world: SurveyWorld) -> None:
    record(world)
    record(
        world,
        actor=world.coordinator,
        mode="in_person",
        member_answers={1: MemberAnswers(works=False), 3: MemberAnswers(in_school=False)},
    )
    assert Interview.objects.count() == 1
    assert Interview.objects.get().mode == "in_person"
    rows = FollowUpAnswer.objects.filter(household=world.household).order_by("person__member_no")
    assert [(a.person.member_no, a.works, a.income, a.in_school) for a in rows] == [
        (1, False, None, None),
        (3, None, None, False),
    ]
    assert {a.recorded_by for a in rows} == {world.coordinator}


def test_the_survey_is_audited(world: SurveyWorld) -> None:
    """(The author of a change made on a page is the request's user: see test_views_surveys.)"""
    interview = record(world)
    entry = LogEntry.objects.get_for_object(interview).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["round"] == ["None", "month1"]
    answer = FollowUpAnswer.objects.get(person=world.members[1])
    assert LogEntry.objects.get_for_object(answer).get().action == LogEntry.Action.CREATE
    record(world, member_answers={1: MemberAnswers(works=False)})
    update = LogEntry.objects.get_for_object(answer).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict["works"] == ["True", "False"]
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE).count()
    assert deleted == 3  # members 2, 3 and 4 were left out: their rows are gone


def _errors(world: SurveyWorld, **overrides) -> dict:
    with pytest.raises(ValidationFailed) as info:
        record(world, **overrides)
    assert not Interview.objects.exists()
    assert not FollowUpAnswer.objects.exists()
    return info.value.errors


def test_a_date_in_the_future_or_before_the_start_is_refused(world: SurveyWorld) -> None:
    assert _errors(world, date=TODAY + dt.timedelta(days=1)) == {
        "date": ["The interview cannot be in the future."]
    }
    assert _errors(world, date=dt.date(2026, 2, 28)) == {
        "date": ["The interview cannot be before the household's start (2026-03-01)."]
    }


def test_a_baseline_may_be_dated_before_the_start(world: SurveyWorld) -> None:
    baseline = {no: replace(answers, job_satisfied=None) for no, answers in ANSWERS.items()}
    record(world, round="baseline", date=dt.date(2026, 2, 10), member_answers=baseline)
    assert Interview.objects.get().round == "baseline"


def test_each_round_asks_what_its_instrument_asks(world: SurveyWorld) -> None:
    # The baseline instrument (surveys.yaml) does not ask about job satisfaction
    errors = _errors(world, round="baseline", date=dt.date(2026, 2, 10))
    assert errors == {"m1_job_satisfied": ["Not asked in this round."]}


def test_answers_that_do_not_apply_are_refused_on_their_field(world: SurveyWorld) -> None:
    errors = _errors(
        world,
        member_answers={
            1: MemberAnswers(works=False, formal=True, income=Decimal("100")),
            2: MemberAnswers(in_school=True),
            3: MemberAnswers(works=True, bank_account=False),
            4: MemberAnswers(income=Decimal("-1")),
        },
    )
    assert errors == {
        "m1_formal": ["Only asked of members who work."],
        "m1_income": ["Only asked of members who work."],
        "m2_in_school": ["Not asked at this age."],
        "m3_works": ["Not asked at this age."],
        "m3_bank_account": ["Not asked at this age."],
        "m4_income": ["Not asked at this age.", "Must be 0 or more."],
    }


def test_a_member_of_another_household_mode_or_tenure_is_refused(world: SurveyWorld) -> None:
    errors = _errors(
        world,
        mode="self",
        household_answers=HouseholdAnswers(housing_tenure="castle"),
        member_answers={9: MemberAnswers()},
    )
    assert errors == {
        "mode": ["Choose by phone or in person."],
        "housing_tenure": ["Not one of the housing tenure codes."],
        None: ["Member 9 is not part of this household."],
    }


def test_a_follow_up_before_the_plan_starts_is_refused(world: SurveyWorld) -> None:
    world.household.integration_plans.all().delete()
    assert _errors(world) == {"date": ["The household's integration plan has not started yet."]}


def test_a_household_that_said_no_to_surveys_is_not_recorded(world: SurveyWorld) -> None:
    Consent.objects.create(
        household=world.household, purpose="surveys", given=False, recorded_at=timezone.now()
    )
    assert _errors(world) == {None: ["The household said no to follow-up surveys."]}


@pytest.mark.parametrize(
    "role",
    [Role.HOST_CASEWORKER, Role.ORIGIN_CASEWORKER, Role.ME_OFFICER, Role.EMPLOYER, Role.AUDITOR],
)
def test_only_the_households_caseworkers_and_the_coordinator_record(
    world: SurveyWorld, role: str
) -> None:
    other = {"city": CityFactory(name="León")} if role == Role.HOST_CASEWORKER else {}
    with pytest.raises(NotPermitted):
        record(world, actor=UserFactory(role=role, **other))
    assert not Interview.objects.exists()


def test_a_survey_saved_meanwhile_by_someone_else_is_not_overwritten(world: SurveyWorld) -> None:
    opened = stored_survey(world.household, "month1").version  # the page, before anyone saved
    record(world, actor=world.coordinator)
    with pytest.raises(StaleEdit) as info:
        record(world, member_answers={1: MemberAnswers(works=False)}, version=opened)
    assert info.value.changes[0].seen == "(empty)"
    assert FollowUpAnswer.objects.get(person=world.members[1]).works is True
    record(world, member_answers={1: MemberAnswers(works=False)}, version=info.value.version)
    assert FollowUpAnswer.objects.get(person=world.members[1]).works is False
