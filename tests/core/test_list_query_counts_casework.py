"""The new list pages run a fixed number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.casework.services import plan_open
from arraigo.feedback.services import feedback_record
from arraigo.referrals.services import referral_send
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PlacementFactory
from tests.places.factories import CityFactory, ServiceFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


def _world(count: int):
    city = CityFactory()
    host = UserFactory(role=Role.HOST_CASEWORKER, city=city)
    service = ServiceFactory(provider__city=city)
    for _ in range(count):
        household = household_with_head(status=HouseholdStatus.INTEGRATING, host_city=city)
        Consent.objects.create(
            household=household,
            purpose=ConsentPurpose.SERVICE_PARTNERS,
            given=True,
            recorded_at="2026-01-01T00:00:00Z",
        )
        plan_open(actor=host, household=household)
        referral_send(
            actor=host,
            household=household,
            person=household.members.first(),
            service=service,
            purpose="Daycare.",
        )
        feedback_record(
            actor=host,
            category="question",
            channel="phone",
            description="When?",
            household=household,
        )
        PlacementFactory(employer__city=city, person=household.members.first(), household=household)
    return host


@pytest.mark.parametrize("count", [2, 6])
@pytest.mark.parametrize(
    "name, queries",
    [
        # session, user, permissions (2), scope subqueries inline; count, page
        (
            "casework:work_list",
            9,
        ),  # + the template's milestones, the case team (filters), the page's rows
        ("referrals:referral_list", 7),  # + counts by status (the chart, and the total), rows
        ("feedback:feedback_list", 11),  # + counts by category, status, answered, in time, overdue
        ("jobs:placement_list", 8),  # + the employers and the host cities of the filters
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, count, name, queries
):
    client.force_login(_world(count))

    with django_assert_num_queries(queries):
        response = client.get(reverse(name))

    assert response.status_code == 200
