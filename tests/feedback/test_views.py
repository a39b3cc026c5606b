"""The feedback pages: recording a report, and assigning, answering and closing it."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.feedback.models import FeedbackCase, FeedbackStatus
from arraigo.feedback.services import feedback_record, feedback_respond
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )


@pytest.fixture
def host(household):
    return UserFactory(
        username="hugo",
        first_name="Hugo",
        last_name="Ríos",
        role=Role.HOST_CASEWORKER,
        city=household.host_city,
    )


@pytest.fixture
def coordinator():
    return UserFactory(username="ana", first_name="Ana", last_name="Luna", role=Role.COORDINATOR)


def _report(actor, household, category="complaint"):
    return feedback_record(
        actor=actor,
        category=category,
        channel="phone",
        description="The grant arrived late.",
        household=household,
    )


def _detail(case):
    return reverse("feedback:feedback_detail", args=[case.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_caseworker_who_records_an_sea_report_lands_on_the_list(client: Client, host, household):
    client.force_login(host)

    response = client.post(
        reverse("feedback:feedback_create") + f"?household={household.pk}",
        {"category": "sea", "channel": "in_person", "description": "A volunteer asked favours."},
        follow=True,
    )

    case = FeedbackCase.objects.get()
    assert (case.category, case.created_by, case.household) == ("sea", host, household)
    assert response.redirect_chain == [(reverse("feedback:feedback_list"), 302)]
    assert response.status_code == 200
    assert _messages(response) == [
        f"Report recorded: {case.reference}. It has been sent to the programme's designated "
        "focal point, who alone can see it."
    ]
    assert [c.pk for c in response.context["page_obj"]] == []


def test_the_focal_point_who_records_an_sea_report_lands_on_its_page(
    client: Client, coordinator, household
):
    client.force_login(coordinator)

    response = client.post(
        reverse("feedback:feedback_create") + f"?household={household.pk}",
        {"category": "sea", "channel": "in_person", "description": "A volunteer asked favours."},
        follow=True,
    )

    case = FeedbackCase.objects.get()
    assert response.redirect_chain == [(_detail(case), 302)]
    assert _messages(response) == [f"Report recorded: {case.reference}."]


def test_the_page_offers_the_staff_who_may_handle_the_report(
    client: Client, coordinator, host, household
):
    case = _report(host, household)
    UserFactory(role=Role.HOST_CASEWORKER)  # another city
    UserFactory(role=Role.AUDITOR)  # sees the report, may not handle it
    UserFactory(role=Role.COORDINATOR, is_active=False)
    client.force_login(coordinator)

    response = client.get(_detail(case))

    choices = response.context["assign_form"].fields["assignee"].choices
    assert [label for _value, label in choices] == [
        "---------",
        "Ana Luna · Programme coordinator",
        "Hugo Ríos · Host-city caseworker",
    ]
    assert 'data-testid="assign"' in response.content.decode()


def test_a_coordinator_assigns_a_report_to_a_caseworker(
    client: Client, coordinator, host, household
):
    case = _report(host, household)
    client.force_login(coordinator)

    response = client.post(_detail(case), {"action": "assign", "assignee": host.pk}, follow=True)

    case.refresh_from_db()
    assert response.redirect_chain == [(_detail(case), 302)]
    assert (case.assigned_to, case.status) == (host, FeedbackStatus.IN_PROGRESS)
    assert _messages(response) == ["Report updated."]


def test_an_sea_report_cannot_be_assigned_to_a_caseworker(
    client: Client, coordinator, host, household
):
    case = _report(host, household, category="sea")
    client.force_login(coordinator)

    page = client.get(_detail(case))
    response = client.post(_detail(case), {"action": "assign", "assignee": host.pk})

    assert [label for _value, label in page.context["assign_form"].fields["assignee"].choices] == [
        "---------",
        "Ana Luna · Programme coordinator",
    ]
    assert response.status_code == 200
    assert _messages(response) == ["Choose someone who may handle this report."]
    assert response.context["assign_form"].errors == {
        "assignee": ["Choose someone who may handle this report."]
    }
    case.refresh_from_db()
    assert (case.assigned_to, case.status) == (None, FeedbackStatus.RECEIVED)


def test_a_caseworker_takes_a_report(client: Client, host, household):
    case = _report(host, household)
    client.force_login(host)

    response = client.post(_detail(case), {"action": "take"})

    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.assigned_to, case.status) == (host, FeedbackStatus.IN_PROGRESS)


def test_the_answer_is_recorded_from_the_page(client: Client, host, household):
    case = _report(host, household)
    client.force_login(host)

    response = client.post(
        _detail(case), {"action": "respond", "resolution": "Paid on the 3rd; apologised."}
    )

    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.status, case.resolution, case.responded_on) == (
        FeedbackStatus.RESPONDED,
        "Paid on the 3rd; apologised.",
        timezone.localdate(),
    )


def test_an_empty_answer_is_refused(client: Client, host, household):
    case = _report(host, household)
    client.force_login(host)

    response = client.post(_detail(case), {"action": "respond", "resolution": ""})

    case.refresh_from_db()
    assert response.status_code == 200
    assert _messages(response) == ["Write the answer given to the person."]
    assert (case.status, case.resolution) == (FeedbackStatus.RECEIVED, "")


def test_an_answered_report_is_closed_from_the_page(client: Client, host, household):
    case = _report(host, household)
    feedback_respond(actor=host, case=case, resolution="Paid on the 3rd.")
    client.force_login(host)

    response = client.post(_detail(case), {"action": "close"}, follow=True)

    case.refresh_from_db()
    assert response.redirect_chain == [(_detail(case), 302)]
    assert case.status == FeedbackStatus.CLOSED
    assert 'data-testid="feedback-status">Closed<' in response.content.decode()


def test_a_report_is_not_closed_before_it_is_answered(client: Client, host, household):
    case = _report(host, household)
    client.force_login(host)

    response = client.post(_detail(case), {"action": "close"})

    case.refresh_from_db()
    assert response.status_code == 200
    assert _messages(response) == ["Answer the report before closing it."]
    assert case.status == FeedbackStatus.RECEIVED


def test_an_auditor_reads_a_report_but_may_not_change_it(client: Client, host, household):
    case = _report(host, household)
    client.force_login(UserFactory(role=Role.AUDITOR))

    page = client.get(_detail(case))
    response = client.post(_detail(case), {"action": "take"})

    assert page.status_code == 200
    assert 'data-testid="assign"' not in page.content.decode()
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None
