"""Company HR is an exit: it reads a worker's name only while the household consents to
sharing with employers. The row stays (counts stay true); programme staff still read names."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.registry.models import Consent, ConsentPurpose, HouseholdStatus
from tests.accounts.factories import UserFactory
from tests.matching.factories import ProposalFactory, ProposalJobFactory
from tests.registry.factories import PersonFactory

from .factories import PlacementFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _answer(household, given: bool, seconds: int = 0) -> None:
    Consent.objects.create(
        household=household,
        purpose=ConsentPurpose.EMPLOYERS,
        given=given,
        recorded_at=timezone.now() + dt.timedelta(seconds=seconds),
    )


@pytest.fixture
def placement():
    placement = PlacementFactory(person__first_names="Rosa", person__last_names="Mejía Cruz")
    _answer(placement.household, True)
    return placement


def test_hr_reads_the_name_while_the_household_consents(client: Client, placement):
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=placement.employer))

    page = client.get(reverse("jobs:placement_detail", args=[placement.pk])).content.decode()

    assert "Rosa Mejía Cruz" in page


def test_after_a_withdrawal_hr_no_longer_reads_the_name(client: Client, placement):
    _answer(placement.household, False, seconds=1)
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=placement.employer))

    detail = client.get(reverse("jobs:placement_detail", args=[placement.pk]))
    listing = client.get(reverse("jobs:placement_list"))

    assert detail.status_code == 200
    assert "Mejía" not in detail.content.decode()
    assert "Consent withdrawn" in detail.content.decode()
    assert listing.context["page_obj"].paginator.count == 1  # the row stays
    assert "Mejía" not in listing.content.decode()
    assert "Consent withdrawn" in listing.content.decode()


def test_never_asked_is_not_consent(client: Client):
    placement = PlacementFactory(person__last_names="Mejía Cruz")
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=placement.employer))

    page = client.get(reverse("jobs:placement_detail", args=[placement.pk])).content.decode()

    assert "Mejía" not in page
    assert "No consent to share" in page


def test_programme_staff_still_read_the_name(client: Client, placement):
    _answer(placement.household, False, seconds=1)
    client.force_login(UserFactory(role=Role.EMPLOYER_LIAISON))

    page = client.get(reverse("jobs:placement_detail", args=[placement.pk])).content.decode()

    assert "Rosa Mejía Cruz" in page


def test_the_list_keeps_a_fixed_number_of_queries(client: Client, django_assert_max_num_queries):
    first = PlacementFactory()
    hr = UserFactory(role=Role.EMPLOYER, employer=first.employer)
    for _i in range(5):
        PlacementFactory(employer=first.employer)
    client.force_login(hr)

    with django_assert_max_num_queries(8):
        client.get(reverse("jobs:placement_list"))


def test_hr_cannot_hire_someone_whose_household_withdrew(client: Client):
    vacancy = VacancyFactory(seats=2)
    worker = PersonFactory(
        household__status=HouseholdStatus.INTEGRATING, household__host_city=vacancy.city
    )
    ProposalJobFactory(
        proposal=ProposalFactory(household=worker.household, city=vacancy.city, status="accepted"),
        person=worker,
        vacancy=vacancy,
    )
    _answer(worker.household, True)
    client.force_login(UserFactory(role=Role.EMPLOYER, employer=vacancy.employer))

    def people() -> list:
        response = client.get(reverse("jobs:placement_hire"))
        return list(response.context["form"].fields["person"].queryset)

    before = people()
    _answer(worker.household, False, seconds=1)

    assert (before, people()) == ([worker], [])
