"""The survey pages: the list of surveys due, the entry form of one household's round, and the
follow-up surveys section of the household page; each closed to those outside the case."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from arraigo.accounts.models import Role
from arraigo.monitoring.models import FollowUpAnswer, Interview
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.monitoring.survey_world import TODAY, SurveyWorld, survey_world
from tests.places.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


@pytest.fixture
def world() -> SurveyWorld:
    return survey_world()


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _entry_url(world: SurveyWorld, round_code: str = "month1") -> str:
    return reverse("monitoring:survey_entry", args=[world.household.pk, round_code])


VALID = {
    "date": "2026-03-30",
    "mode": "phone",
    "housing_tenure": "rented_contract",
    "feels_safe": "yes",
    "health_access": "yes",
    "basic_needs_met": "no",
    "m1_works": "yes",
    "m1_formal": "yes",
    "m1_income": "9500",
    "m1_job_satisfied": "yes",
    "m1_bank_account": "yes",
    "m2_works": "no",
    "m2_bank_account": "no",
    "m3_in_school": "yes",
}


def _names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_the_citys_surveys_due_with_counts(world: SurveyWorld) -> None:
    elsewhere = survey_world(city=CityFactory(name="León"))
    html = _client(world.host).get(reverse("monitoring:survey_list")).content.decode()
    assert html.count('data-testid="survey-row"') == 1
    assert world.household.code in html
    assert elsewhere.household.code not in html
    assert "2026-03-22 \N{EN DASH} 2026-04-15" in html
    assert 'data-status="due"' in html
    assert _entry_url(world) in html


def test_the_list_filters_by_round_status_and_code(world: SurveyWorld) -> None:
    other = survey_world(city=world.city)
    client = _client(world.coordinator)
    url = reverse("monitoring:survey_list")
    html = client.get(url, {"status": "upcoming", "round": "month6"}).content.decode()
    assert html.count('data-testid="survey-row"') == 2
    html = client.get(url, {"status": "all", "q": world.household.code}).content.decode()
    assert html.count('data-testid="survey-row"') == 3  # month1, month6, month12
    assert other.household.code not in html.split('data-testid="survey-counts"')[1]


def test_the_list_pages(world: SurveyWorld, settings) -> None:
    settings.ARRAIGO_PAGE_SIZE = 2
    for _ in range(2):
        survey_world(city=world.city)
    client = _client(world.host)
    first = client.get(reverse("monitoring:survey_list")).content.decode()
    second = client.get(reverse("monitoring:survey_list"), {"page": 2}).content.decode()
    assert first.count('data-testid="survey-row"') == 2
    assert second.count('data-testid="survey-row"') == 1
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.EMPLOYER, Role.ORIGIN_CASEWORKER])
def test_the_list_is_closed_to_roles_without_surveys(role: str) -> None:
    response = _client(UserFactory(role=role)).get(reverse("monitoring:survey_list"))
    assert response.status_code == 403


# --- the entry form ---------------------------------------------------------------------------


def test_the_form_asks_each_member_what_applies_to_their_age(world: SurveyWorld) -> None:
    html = _client(world.host).get(_entry_url(world)).content.decode()
    assert {"date", "mode", "housing_tenure", "feels_safe", "health_access"} <= _names(html)
    assert "basic_needs_met" in _names(html)
    asked = {n for n in _names(html) if re.match(r"m\d_", n)}
    assert asked == {
        "m1_works", "m1_formal", "m1_income", "m1_job_satisfied", "m1_bank_account",
        "m2_works", "m2_formal", "m2_income", "m2_job_satisfied", "m2_bank_account",
        "m3_in_school",
    }  # fmt: skip
    assert "Ana Reyes" in html and "34 years" in html and "1 year" in html
    assert '<option value="rented_no_contract">' in html


def test_the_form_asks_what_the_rounds_instrument_asks(world: SurveyWorld) -> None:
    # The baseline instrument (surveys.yaml) leaves job satisfaction out; the tenure codes
    # are the instruments' own, with their labels
    html = _client(world.host).get(_entry_url(world, "baseline")).content.decode()
    asked = {n for n in _names(html) if re.match(r"m\d_", n)}
    assert "m1_works" in asked and "m1_job_satisfied" not in asked
    lodging = "The programme&#x27;s temporary lodging"
    assert f'<option value="programme_lodging">{lodging}</option>' in html


def test_a_valid_survey_is_saved_and_shown_on_the_household_page(world: SurveyWorld) -> None:
    client = _client(world.host)
    response = client.post(_entry_url(world), VALID)
    household_url = reverse("registry:household_detail", args=[world.household.pk])
    assert response.status_code == 302
    assert response["Location"] == household_url + "#surveys"
    interview = Interview.objects.get()
    assert (interview.date, interview.source, interview.recorded_by) == (
        dt.date(2026, 3, 30),
        "web",
        world.host,
    )
    assert FollowUpAnswer.objects.get(person=world.members[1]).income == 9500
    assert FollowUpAnswer.objects.filter(household=world.household).count() == 4
    entry = LogEntry.objects.get_for_object(interview).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.host
    page = client.get(household_url).content.decode()
    section = page.split('data-testid="surveys"')[1]
    assert 'data-round="month1"' in section
    month1 = section.split('data-round="month1"')[1].split("</tr>")[0]
    assert 'data-status="done"' in month1 and "2026-03-30" in month1
    assert world.host.get_full_name() in month1


def test_the_form_opens_with_the_stored_answers(world: SurveyWorld) -> None:
    client = _client(world.host)
    client.post(_entry_url(world), VALID)
    html = client.get(_entry_url(world)).content.decode()
    assert 'name="m1_income" value="9500.00"' in html
    assert '<option value="yes" selected>' in html
    assert 'value="2026-03-30"' in html


def test_wrong_answers_are_said_in_spanish_and_what_was_typed_is_kept(
    world: SurveyWorld,
) -> None:
    client = _client(world.host, "es")
    data = {**VALID, "date": "2026-04-02", "m2_formal": "yes", "m1_income": "9400"}
    with translation.override("es"):
        response = client.post(_entry_url(world), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "La entrevista no puede tener fecha futura." in html
        assert "Solo se pregunta a quienes trabajan." in html
        assert 'name="m1_income" value="9400"' in html
        assert 'value="2026-04-02"' in html
        html = client.post(_entry_url(world), {**VALID, "m1_income": "-5"}).content.decode()
        assert "Asegúrese de que este valor es mayor o igual a 0." in html
        assert 'name="m1_income" value="-5"' in html
    assert not Interview.objects.exists()


def test_the_entry_is_audited_as_a_view_of_the_case(world: SurveyWorld) -> None:
    _client(world.host).get(_entry_url(world))
    entry = LogEntry.objects.get_for_object(world.household).get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data == {"event": "view", "page": "survey", "round": "month1"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HOST_CASEWORKER, 404),  # of another city: the household is not theirs
        (Role.EMPLOYER, 404),
        (Role.ME_OFFICER, 403),  # sees the household, pseudonymised; never the names
        (Role.AUDITOR, 403),  # reads the section, enters nothing
        (Role.ORIGIN_CASEWORKER, 404),
    ],
)
def test_the_form_is_closed_to_others(world: SurveyWorld, role: str, status: int) -> None:
    other = {"city": CityFactory(name="León")} if role == Role.HOST_CASEWORKER else {}
    client = _client(UserFactory(role=role, **other))
    assert client.get(_entry_url(world)).status_code == status
    assert client.post(_entry_url(world), VALID).status_code == status
    assert not Interview.objects.exists()


def test_an_unknown_round_is_not_found(world: SurveyWorld) -> None:
    assert _client(world.host).get(_entry_url(world, "month3")).status_code == 404


# --- the household page's section ------------------------------------------------------------


def test_a_followed_up_household_shows_every_round(world: SurveyWorld) -> None:
    followed = survey_world(status=HouseholdStatus.FOLLOWED_UP, city=world.city)
    url = reverse("registry:household_detail", args=[followed.household.pk])
    html = _client(world.coordinator).get(url).content.decode()
    section = html.split('data-testid="surveys"')[1].split("</section>")[0]
    rounds = re.findall(r'data-round="(\w+)"', section)
    assert rounds == ["baseline", "month1", "month6", "month12"]
    assert "2026-03-22 \N{EN DASH} 2026-04-15" in section
    assert 'data-testid="survey-enter-month1"' in section


def test_the_section_is_read_only_for_the_auditor_and_absent_for_me(world: SurveyWorld) -> None:
    url = reverse("registry:household_detail", args=[world.household.pk])
    auditor = _client(UserFactory(role=Role.AUDITOR)).get(url).content.decode()
    assert 'data-testid="surveys"' in auditor
    assert "survey-enter-" not in auditor
    me = _client(UserFactory(role=Role.ME_OFFICER)).get(url).content.decode()
    assert 'data-testid="surveys"' not in me


def test_the_list_costs_the_same_queries_for_more_households(
    world: SurveyWorld, django_assert_max_num_queries
) -> None:
    client = _client(world.host)
    url = reverse("monitoring:survey_list")
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"status": "all"})
    for _ in range(3):
        survey_world(city=world.city)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url, {"status": "all"})


def test_a_follow_up_cannot_be_entered_before_the_plan_starts(world: SurveyWorld) -> None:
    world.household.integration_plans.all().delete()
    url = reverse("registry:household_detail", args=[world.household.pk])
    section = _client(world.host).get(url).content.decode().split('data-testid="surveys"')[1]
    assert "once the plan starts" in section
    assert "survey-enter-month1" not in section
    assert "survey-enter-baseline" in section  # late, but it can still be entered
