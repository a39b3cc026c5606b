"""Who a report may be assigned to."""

import pytest

from arraigo.accounts.models import Role
from arraigo.feedback.selectors import feedback_assignees, feedback_visible_to
from arraigo.feedback.services import feedback_record, feedback_submit
from arraigo.registry.models import HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    """A household, and staff of its city and office, of others, and national roles."""
    household = household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )
    people = {
        "coordinator": UserFactory(username="a-coordinator", role=Role.COORDINATOR),
        "host": UserFactory(username="b-host", role=Role.HOST_CASEWORKER, city=household.host_city),
        "origin": UserFactory(
            username="c-origin", role=Role.ORIGIN_CASEWORKER, office=household.origin_office
        ),
        "other_host": UserFactory(username="d-other-host", role=Role.HOST_CASEWORKER),
        "other_origin": UserFactory(username="e-other-origin", role=Role.ORIGIN_CASEWORKER),
        "auditor": UserFactory(username="f-auditor", role=Role.AUDITOR),
        "me": UserFactory(username="g-me", role=Role.ME_OFFICER),
    }
    return household, people


def _names(qs) -> list[str]:
    return [user.username for user in qs]


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("complaint", ["a-coordinator", "b-host", "c-origin"]),
        ("sea", ["a-coordinator"]),
    ],
)
def test_a_household_s_report_goes_to_its_city_and_office_or_the_focal_point(
    staff, category, expected
):
    household, people = staff
    case = feedback_record(
        actor=people["host"],
        category=category,
        channel="phone",
        description="Late.",
        household=household,
    )

    assignees = feedback_assignees(case)

    assert _names(assignees) == expected
    for user in people.values():  # the same people the service accepts
        may_handle = user.has_perm("feedback.change_feedbackcase")
        sees = feedback_visible_to(user).filter(pk=case.pk).exists()
        assert (user in assignees) == (may_handle and sees)


def test_a_report_without_household_goes_to_its_city(staff):
    household, _people = staff
    case = feedback_submit(
        category="question", description="When?", city=household.host_city, office=None, contact=""
    )

    assert _names(feedback_assignees(case)) == ["a-coordinator", "b-host"]
