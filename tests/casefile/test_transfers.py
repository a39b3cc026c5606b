"""Transfers between offices and host cities: the receiving side answers, scope follows."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.casefile.models import CaseTransfer, TransferStatus
from arraigo.casefile.selectors import transfers_incoming
from arraigo.casefile.services import transfer_answer, transfer_request
from arraigo.casework.models import Milestone, MilestoneStatus
from arraigo.casework.services import plan_open
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.registry.models import HouseholdStatus
from arraigo.registry.selectors import households_visible_to
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory, OfficeFactory
from tests.registry.factories import PersonFactory, household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return household_with_head(
        status=HouseholdStatus.INTEGRATING, host_city=CityFactory(), origin_office=OfficeFactory()
    )


@pytest.fixture
def host(household):
    return UserFactory(role=Role.HOST_CASEWORKER, city=household.host_city)


@pytest.fixture
def monterrey():
    return CityFactory(name="Monterrey")


@pytest.fixture
def receiving(monterrey):
    return UserFactory(role=Role.HOST_CASEWORKER, city=monterrey)


def _ask(household, host, monterrey):
    return transfer_request(
        actor=host, household=household, to_city=monterrey, reason="Her sister lives there."
    )


def test_the_household_moves_when_the_receiving_city_accepts(household, host, monterrey, receiving):
    transfer = _ask(household, host, monterrey)
    assert list(transfers_incoming(receiving)) == [transfer]
    assert not households_visible_to(receiving).filter(pk=household.pk).exists()

    transfer_answer(actor=receiving, transfer=transfer, accept=True)

    household.refresh_from_db()
    assert household.host_city == monterrey
    assert households_visible_to(receiving).filter(pk=household.pk).exists()
    assert not households_visible_to(host).filter(pk=household.pk).exists()
    transfer.refresh_from_db()
    assert (transfer.status, transfer.from_city, transfer.answered_by) == (
        TransferStatus.ACCEPTED,
        host.city,
        receiving,
    )


def test_declining_needs_a_note_and_keeps_the_case(household, host, monterrey, receiving):
    transfer = _ask(household, host, monterrey)

    with pytest.raises(ValidationFailed) as info:
        transfer_answer(actor=receiving, transfer=transfer, accept=False)
    assert info.value.errors == {"note": ["Say why the case cannot be taken."]}

    transfer_answer(actor=receiving, transfer=transfer, accept=False, note="No housing now.")
    household.refresh_from_db()
    assert household.host_city == host.city


def test_the_sender_cannot_accept_its_own_request(household, monterrey):
    coordinator = UserFactory(role=Role.COORDINATOR)
    transfer = transfer_request(
        actor=coordinator, household=household, to_city=monterrey, reason="Closer to work."
    )

    with pytest.raises(NotPermitted) as info:
        transfer_answer(actor=coordinator, transfer=transfer, accept=True)

    assert info.value.message == (
        "You asked for this transfer: someone on the receiving side answers."
    )


def test_a_third_city_neither_sees_nor_answers(household, host, monterrey):
    transfer = _ask(household, host, monterrey)
    third = UserFactory(role=Role.HOST_CASEWORKER)

    assert list(transfers_incoming(third)) == []
    with pytest.raises(NotPermitted):
        transfer_answer(actor=third, transfer=transfer, accept=True)


def test_one_pending_transfer_per_household(household, host, monterrey):
    _ask(household, host, monterrey)

    with pytest.raises(ValidationFailed) as info:
        _ask(household, host, CityFactory())

    assert info.value.errors == {
        None: ["A transfer of this case is already waiting for an answer."]
    }


def test_an_office_transfer_is_for_the_origin_side(household, host):
    with pytest.raises(NotPermitted) as info:
        transfer_request(actor=host, household=household, to_office=OfficeFactory(), reason="x")

    assert info.value.message == "Only the origin side moves a case to another office."


def test_the_office_changes_on_acceptance(household):
    origin = UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)
    palenque = OfficeFactory(name="Palenque")
    other = UserFactory(role=Role.ORIGIN_CASEWORKER, office=palenque)
    transfer = transfer_request(
        actor=origin, household=household, to_office=palenque, reason="Moved to Palenque."
    )

    transfer_answer(actor=other, transfer=transfer, accept=True)

    household.refresh_from_db()
    assert household.origin_office == palenque
    assert CaseTransfer.objects.get().from_office == origin.office


def test_the_pages(client: Client, household, host, monterrey, receiving):
    client.force_login(host)
    response = client.post(
        reverse("casefile:transfer_create", args=[household.pk]),
        {"to_city": monterrey.pk, "reason": "Her sister lives there."},
    )
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get()

    client.force_login(receiving)
    page = client.get(reverse("casefile:transfer_list"))
    assert [t.pk for t in page.context["transfers"]] == [transfer.pk]
    client.post(reverse("casefile:transfer_decide", args=[transfer.pk]), {"decision": "accept"})

    household.refresh_from_db()
    assert household.host_city == monterrey


def test_the_receiving_caseworker_takes_over_the_plan_and_its_open_milestones(
    household, host, monterrey, receiving
):
    PersonFactory(household=household, first_names="Luz", relationship="child")
    plan = plan_open(actor=host, household=household)
    done = plan.milestones.order_by("id").first()
    Milestone.objects.filter(pk=done.pk).update(
        status=MilestoneStatus.DONE, evidence="CURP on file", done_on=dt.date(2026, 9, 20)
    )

    transfer_answer(actor=receiving, transfer=_ask(household, host, monterrey), accept=True)

    plan.refresh_from_db()
    assert plan.caseworker == receiving
    responsible = dict(plan.milestones.values_list("id", "responsible_id"))
    assert responsible.pop(done.pk) == host.pk  # what was done stays with who did it
    assert set(responsible.values()) == {receiving.pk}
    assert len(responsible) == plan.milestones.count() - 1


def test_an_office_transfer_leaves_the_plan_with_the_host_city(household, host):
    plan = plan_open(actor=host, household=household)
    origin = UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)
    other = OfficeFactory(name="Palenque")
    receiving = UserFactory(role=Role.ORIGIN_CASEWORKER, office=other)
    transfer = transfer_request(actor=origin, household=household, to_office=other, reason="Moved.")

    transfer_answer(actor=receiving, transfer=transfer, accept=True)

    plan.refresh_from_db()
    assert plan.caseworker == host


def test_the_waiting_list_pages_oldest_first(client: Client, host, monterrey, receiving, settings):
    settings.ARRAIGO_PAGE_SIZE = 2
    asked = []
    for _ in range(3):
        other = household_with_head(status=HouseholdStatus.INTEGRATING, host_city=host.city)
        asked.append(_ask(other, host, monterrey).pk)
    client.force_login(receiving)

    first = client.get(reverse("casefile:transfer_list"))
    second = client.get(reverse("casefile:transfer_list"), {"page": 2})

    assert [t.pk for t in first.context["transfers"]] == asked[:2]
    assert [t.pk for t in second.context["transfers"]] == asked[2:]
    assert first.context["page_obj"].paginator.count == 3
