"""The erasure pages: ask from the household, the list, the decision; who may open them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.privacy.models import ErasureRecord, ErasureRequest, RequestStatus, Source
from arraigo.privacy.services import erasure_request
from arraigo.registry.models import Person
from tests.accounts.factories import UserFactory
from tests.places.factories import CityFactory
from tests.registry.factories import household_with_head
from tests.relocation.factories import RelocationPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return household_with_head(first_names="Rosalba", last_names="Quiroga Nieto")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def waiting(coordinator, household) -> ErasureRequest:
    return erasure_request(
        actor=coordinator,
        household=household,
        person=None,
        source=Source.PERSON,
        reason="Asked in writing on 3 March.",
    )


def test_the_household_page_offers_the_request_to_coordinators_only(coordinator, household):
    url = reverse("registry:household_detail", args=[household.pk])
    caseworker = UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)

    mine = signed_in(coordinator).get(url)
    theirs = signed_in(caseworker).get(url)

    ask = reverse("privacy:request_create", args=[household.pk])
    assert f'href="{ask}"' in mine.content.decode()
    assert theirs.status_code == 200
    assert ask not in theirs.content.decode()


def test_the_request_page_shows_its_fields_and_asks(coordinator, household):
    client = signed_in(coordinator)
    url = reverse("privacy:request_create", args=[household.pk])

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    for name in ('name="target"', 'name="person"', 'name="source"', 'name="reason"'):
        assert name in html
    assert "1. Rosalba Quiroga Nieto" in html

    answer = client.post(
        url, {"target": "household", "source": "person", "reason": "Asked on 3 March."}
    )

    made = ErasureRequest.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("privacy:request_detail", args=[made.pk])
    assert (made.reason, made.requested_by) == ("Asked on 3 March.", coordinator)


def test_a_request_without_reason_comes_back_with_the_error(coordinator, household):
    url = reverse("privacy:request_create", args=[household.pk])

    page = signed_in(coordinator).post(url, {"target": "person", "source": "person"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Choose the member to erase." in html
    assert "This field is required." in html
    assert ErasureRequest.objects.count() == 0


def test_a_caseworker_is_refused_in_scope_and_sees_nothing_out_of_scope(household):
    own = UserFactory(role=Role.ORIGIN_CASEWORKER, office=household.origin_office)
    other = UserFactory(role=Role.ORIGIN_CASEWORKER)
    url = reverse("privacy:request_create", args=[household.pk])

    assert signed_in(own).get(url).status_code == 403
    assert signed_in(own).post(url, {"target": "household"}).status_code == 403
    assert signed_in(other).get(url).status_code == 404
    assert ErasureRequest.objects.count() == 0


@pytest.mark.parametrize(
    "role", [Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR]
)
def test_the_list_and_a_request_are_for_coordinators(coordinator, household, role):
    request = waiting(coordinator, household)
    user = UserFactory(role=role)
    client = signed_in(user)

    assert client.get(reverse("privacy:request_list")).status_code == 403
    assert client.get(reverse("privacy:request_detail", args=[request.pk])).status_code == 403
    answer = client.post(
        reverse("privacy:request_detail", args=[request.pk]), {"action": "approve", "confirm": "on"}
    )
    assert answer.status_code == 403
    assert ErasureRecord.objects.count() == 0


def test_the_list_filters_and_pages(coordinator, approver, household):
    first = waiting(coordinator, household)
    other = household_with_head(first_names="Otilia")
    second = waiting(coordinator, other)
    second.status = RequestStatus.REFUSED
    second.save()
    client = signed_in(approver)

    every = client.get(reverse("privacy:request_list")).content.decode()
    refused = client.get(reverse("privacy:request_list"), {"status": "refused"}).content.decode()

    for name in ('name="status"', 'name="target"', 'name="code"'):
        assert name in every
    assert household.code in every and other.code in every
    assert other.code in refused and household.code not in refused
    assert reverse("privacy:request_detail", args=[first.pk]) in every


def test_the_approver_reads_what_will_be_erased_and_confirms(coordinator, approver, household):
    request = waiting(coordinator, household)
    client = signed_in(approver)
    url = reverse("privacy:request_detail", args=[request.pk])

    page = client.get(url).content.decode()

    assert "people: 1" in page
    assert 'name="confirm"' in page and 'name="note"' in page
    unconfirmed = client.post(url, {"action": "approve"})
    assert unconfirmed.status_code == 200
    assert Person.objects.filter(household=household).count() == 1

    done = client.post(url, {"action": "approve", "confirm": "on"}, follow=True)

    assert "Approved: the data are erased." in done.content.decode()
    assert Person.objects.filter(household=household).count() == 0
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    assert 'data-testid="erasure-record"' in done.content.decode()


def test_the_requester_sees_no_decision_and_cannot_post_one(coordinator, household):
    request = waiting(coordinator, household)
    client = signed_in(coordinator)
    url = reverse("privacy:request_detail", args=[request.pk])

    page = client.get(url).content.decode()

    assert 'name="confirm"' not in page
    assert 'value="withdraw"' in page
    assert client.post(url, {"action": "approve", "confirm": "on"}).status_code == 403
    assert Person.objects.filter(household=household).count() == 1


def test_the_approver_refuses_with_a_note(coordinator, approver, household):
    request = waiting(coordinator, household)
    url = reverse("privacy:request_detail", args=[request.pk])

    signed_in(approver).post(url, {"action": "refuse", "note": "Under legal review."})

    request.refresh_from_db()
    assert (request.status, request.decision_note) == (RequestStatus.REFUSED, "Under legal review.")
    assert Person.objects.filter(household=household).count() == 1


def test_the_list_runs_the_same_queries_for_one_request_or_many(
    coordinator, approver, household, django_assert_num_queries
):
    client = signed_in(approver)
    waiting(coordinator, household)
    client.get(reverse("privacy:request_list"))  # the session and caches warm

    # session, user, permissions (2), the count, the page of requests
    with django_assert_num_queries(6):
        client.get(reverse("privacy:request_list"))
    for name in ("Otilia", "Pancracia", "Quiteria"):
        waiting(coordinator, household_with_head(first_names=name))
    with django_assert_num_queries(6):
        page = client.get(reverse("privacy:request_list"))
    assert len(re.findall(r'href="/privacy/erasures/\d+/"', page.content.decode())) == 4


def test_the_request_page_can_start_with_one_member_chosen(coordinator, household):
    head = household.members.get()
    url = reverse("privacy:request_create", args=[household.pk])

    html = signed_in(coordinator).get(url, {"person": head.pk}).content.decode()

    assert re.search(r'value="person"[^>]*checked', html)
    assert re.search(rf'<option value="{head.pk}" selected>', html)


def test_an_erasure_that_cannot_run_now_says_why_and_waits(coordinator, approver, household):
    RelocationPlanFactory(household=household, destination_city=CityFactory())  # planned
    request = waiting(coordinator, household)
    url = reverse("privacy:request_detail", args=[request.pk])

    page = signed_in(approver).post(url, {"action": "approve", "confirm": "on"}, follow=True)

    assert "A trip is booked or under way" in page.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED
    assert Person.objects.filter(household=household).count() == 1
