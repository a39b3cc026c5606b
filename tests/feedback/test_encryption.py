"""What a report says and the answer given are encrypted at rest, reports of sexual
exploitation and abuse among them; the focal point reads them as written."""

import pytest
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.feedback.models import Category, FeedbackCase
from arraigo.feedback.services import feedback_record, feedback_respond
from tests.accounts.factories import UserFactory
from tests.core.stored import stored
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db

SAID = "The driver asked for sex in exchange for a seat on the bus."
ANSWER = "Referred to the protection focal point; the driver was removed."


def test_an_abuse_report_and_its_answer_are_stored_encrypted(client):
    household = household_with_head(host_city=CityFactory())
    focal = UserFactory(role=Role.COORDINATOR)
    case = feedback_record(
        actor=focal, category=Category.SEA, channel="phone", description=SAID, household=household
    )
    feedback_respond(actor=focal, case=case, resolution=ANSWER)

    description = stored("feedback_feedbackcase", "description", case.pk)
    resolution = stored("feedback_feedbackcase", "resolution", case.pk)
    assert description.startswith("gAAAAA")
    assert resolution.startswith("gAAAAA")
    assert "driver" not in description + resolution
    found = FeedbackCase.objects.get(pk=case.pk)
    assert (found.description, found.resolution) == (SAID, ANSWER)

    client.force_login(focal)
    page = client.get(reverse("feedback:feedback_detail", args=[case.pk])).content.decode()
    assert "The driver asked for sex" in page
