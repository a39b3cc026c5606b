"""Feedback and complaints: deadlines by category, the restricted SEA tier, and scope."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.feedback.models import FeedbackCase, FeedbackStatus
from arraigo.feedback.selectors import (
    feedback_get_for,
    feedback_list,
    feedback_summary,
    feedback_visible_to,
)
from arraigo.feedback.services import (
    feedback_assign,
    feedback_close,
    feedback_record,
    feedback_respond,
    feedback_submit,
)
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.feedback.public_post import public_post
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def city():
    return CityFactory(name="Saltillo")


@pytest.fixture
def host(city):
    return UserFactory(role=Role.HOST_CASEWORKER, city=city)


@pytest.fixture
def household(city):
    return household_with_head(status=HouseholdStatus.INTEGRATING, host_city=city)


def _complaint(host, household, category="complaint"):
    return feedback_record(
        actor=host,
        category=category,
        channel="in_person",
        description="The grant arrived late.",
        household=household,
    )


def test_the_answer_is_due_by_the_category_s_days(host, household):
    case = _complaint(host, household)

    today = timezone.localdate()
    assert (case.due_on, case.city, case.status) == (
        today + dt.timedelta(days=14),
        household.host_city,
        FeedbackStatus.RECEIVED,
    )
    assert case.reference.startswith(f"FB-{today:%Y}-")


def test_a_public_sea_report_goes_to_the_restricted_tier(city, host):
    case = feedback_submit(
        category="sea",
        description="A volunteer asked for favours.",
        city=city,
        office=None,
        contact="",
    )
    coordinator = UserFactory(role=Role.COORDINATOR)

    assert case.due_on == timezone.localdate() + dt.timedelta(days=3)
    assert list(feedback_visible_to(coordinator)) == [case]
    assert list(feedback_visible_to(host)) == []
    assert list(feedback_visible_to(UserFactory(role=Role.AUDITOR))) == []


def test_sea_reports_leave_no_trace_in_a_caseworker_s_counts(client: Client, host, household, city):
    _complaint(host, household)
    sea = _complaint(host, household, category="sea")
    client.force_login(host)

    response = client.get(reverse("feedback:feedback_list"))

    assert [c.category for c in response.context["page_obj"]] == ["complaint"]
    counts = dict(response.context["summary"].by_category)
    assert counts["Sexual exploitation or abuse"] == 0
    assert client.get(reverse("feedback:feedback_detail", args=[sea.pk])).status_code == 404


def test_scope_follows_the_households_and_the_city(host, household):
    case = _complaint(host, household)

    assert list(feedback_visible_to(UserFactory(role=Role.HOST_CASEWORKER))) == []
    for role in (Role.EMPLOYER, Role.SERVICE_PARTNER, Role.ME_OFFICER):
        assert list(feedback_visible_to(UserFactory(role=role))) == []
    assert list(feedback_visible_to(host)) == [case]


def test_assign_respond_close(host, household):
    case = _complaint(host, household)
    colleague = UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)

    with pytest.raises(InvalidTransition) as info:
        feedback_close(actor=host, case=case)
    assert info.value.message == "Answer the report before closing it."
    feedback_assign(actor=host, case=case, assignee=colleague)
    with pytest.raises(ValidationFailed) as info:
        feedback_respond(actor=colleague, case=case, resolution=" ")
    assert info.value.errors == {"resolution": ["Write the answer given to the person."]}
    feedback_respond(actor=colleague, case=case, resolution="Paid on the 3rd; apologised.")
    feedback_close(actor=colleague, case=case)

    case.refresh_from_db()
    assert (case.status, case.assigned_to, case.responded_on) == (
        FeedbackStatus.CLOSED,
        colleague,
        timezone.localdate(),
    )
    summary = feedback_summary(FeedbackCase.objects.all(), timezone.localdate())
    assert (summary.answered, summary.answered_in_time, summary.overdue) == (1, 1, 0)


def test_a_caseworker_of_another_city_cannot_record_for_the_household(household):
    with pytest.raises(NotPermitted):
        _complaint(UserFactory(role=Role.HOST_CASEWORKER), household)


def test_the_public_form_gives_a_reference(client: Client, city):
    response = public_post(
        client,
        {"category": "question", "description": "When is the next Spanish class?", "city": city.pk},
        follow=True,
    )

    case = FeedbackCase.objects.get()
    assert response.redirect_chain == [(reverse("feedback:public_form"), 302)]
    assert case.reference in response.content.decode()
    again = client.get(reverse("feedback:public_form")).content.decode()
    assert case.reference not in again  # shown once
    assert (case.channel, case.city) == ("form", city)


def test_staff_record_a_report_from_the_household_page(client: Client, host, household):
    client.force_login(host)
    page = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    url = reverse("feedback:feedback_create") + f"?household={household.pk}"
    assert url.replace("&", "&amp;") in page or url in page

    response = client.post(
        url, {"category": "complaint", "channel": "phone", "description": "Lodging was cold."}
    )

    case = FeedbackCase.objects.get()
    assert response["Location"] == reverse("feedback:feedback_detail", args=[case.pk])
    assert (case.household, case.created_by, case.channel) == (household, host, "phone")


def test_an_sea_report_is_not_assigned_to_someone_without_the_tier(host, household):
    case = _complaint(host, household, category="sea")
    coordinator = UserFactory(role=Role.COORDINATOR)

    with pytest.raises(ValidationFailed) as info:
        feedback_assign(actor=coordinator, case=case, assignee=host)

    assert info.value.errors == {"assignee": ["This person cannot see this report."]}
    case.refresh_from_db()
    assert (case.assigned_to, case.status) == (None, FeedbackStatus.RECEIVED)


@pytest.mark.parametrize("assignee", ["auditor", "inactive"])
def test_a_report_is_assigned_only_to_someone_who_handles_reports(host, household, assignee):
    case = _complaint(host, household)
    people = {
        "auditor": lambda: UserFactory(role=Role.AUDITOR),  # sees the report, may not change it
        "inactive": lambda: UserFactory(role=Role.COORDINATOR, is_active=False),
    }

    with pytest.raises(ValidationFailed) as info:
        feedback_assign(
            actor=UserFactory(role=Role.COORDINATOR), case=case, assignee=people[assignee]()
        )

    assert info.value.errors == {"assignee": ["This person cannot handle reports."]}
    case.refresh_from_db()
    assert case.assigned_to is None


@pytest.mark.parametrize(
    ("days_late", "status", "overdue"),
    [
        (1, FeedbackStatus.RECEIVED, True),
        (1, FeedbackStatus.IN_PROGRESS, True),
        (0, FeedbackStatus.RECEIVED, False),  # due today: not yet overdue
        (-1, FeedbackStatus.RECEIVED, False),
        (1, FeedbackStatus.RESPONDED, False),
        (1, FeedbackStatus.CLOSED, False),
    ],
)
def test_a_report_is_overdue_when_unanswered_after_its_day(
    host, household, days_late, status, overdue
):
    today = timezone.localdate()
    case = _complaint(host, household)
    FeedbackCase.objects.filter(pk=case.pk).update(
        due_on=today - dt.timedelta(days=days_late), status=status
    )

    assert feedback_get_for(host, case.pk, today=today).is_overdue is overdue
    assert [c.is_overdue for c in feedback_list(host, today=today)] == [overdue]
    assert [c.pk for c in feedback_list(host, overdue=True, today=today)] == (
        [case.pk] if overdue else []
    )
    assert feedback_summary(feedback_visible_to(host), today).overdue == int(overdue)
