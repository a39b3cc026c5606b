"""Asking for an erasure and deciding on it: four eyes, permissions, one decision only."""

from __future__ import annotations

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.privacy.models import ErasureRecord, ErasureRequest, RequestStatus, Source, Target
from arraigo.privacy.services import (
    erasure_approve,
    erasure_refuse,
    erasure_request,
    erasure_withdraw,
)
from arraigo.registry.models import Person
from tests.accounts.factories import UserFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return household_with_head(first_names="Rosalba", last_names="Quiroga Nieto")


def ask(actor, household, person=None, reason="The person asked in writing on 3 March."):
    return erasure_request(
        actor=actor, household=household, person=person, source=Source.PERSON, reason=reason
    )


def test_a_request_waits_for_a_second_coordinator(coordinator, approver, household):
    request = ask(coordinator, household)

    assert (request.status, request.target, request.requested_by) == (
        RequestStatus.REQUESTED,
        Target.HOUSEHOLD,
        coordinator,
    )
    assert Person.objects.filter(household=household).count() == 1

    record = erasure_approve(actor=approver, request=request)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == (RequestStatus.DONE, approver)
    assert record.request == request
    assert record.erased_by == approver
    assert Person.objects.filter(household=household).count() == 0


def test_the_requester_cannot_approve_their_own_request(coordinator, household):
    request = ask(coordinator, household)

    with pytest.raises(NotPermitted, match="four eyes"):
        erasure_approve(actor=coordinator, request=request)
    with pytest.raises(NotPermitted, match="four eyes"):
        erasure_refuse(actor=coordinator, request=request, note="no")

    request.refresh_from_db()
    assert request.status == RequestStatus.REQUESTED
    assert Person.objects.filter(household=household).count() == 1


@pytest.mark.parametrize(
    "role",
    [Role.ORIGIN_CASEWORKER, Role.HOST_CASEWORKER, Role.AUDITOR, Role.ME_OFFICER],
)
def test_other_roles_neither_ask_nor_decide(coordinator, household, role):
    user = UserFactory(role=role)

    with pytest.raises(NotPermitted):
        ask(user, household)
    request = ask(coordinator, household)
    with pytest.raises(NotPermitted):
        erasure_approve(actor=user, request=request)
    assert ErasureRecord.objects.count() == 0


def test_a_reason_is_required(coordinator, household):
    with pytest.raises(ValidationFailed) as refused:
        ask(coordinator, household, reason="   ")

    assert refused.value.errors == {"reason": ["Say why the data are to be erased."]}
    assert ErasureRequest.objects.count() == 0


def test_one_request_at_a_time_per_household(coordinator, household):
    ask(coordinator, household)

    with pytest.raises(ValidationFailed, match="already waiting"):
        ask(coordinator, household)


def test_a_decided_request_is_not_decided_again(coordinator, approver, household):
    request = ask(coordinator, household)
    erasure_approve(actor=approver, request=request)
    third = UserFactory(role=Role.COORDINATOR)

    with pytest.raises(InvalidTransition, match="decided already"):
        erasure_approve(actor=third, request=request)
    with pytest.raises(InvalidTransition):
        erasure_refuse(actor=third, request=request, note="too late")
    assert ErasureRecord.objects.count() == 1


def test_a_refusal_says_why_and_erases_nothing(coordinator, approver, household):
    request = ask(coordinator, household)

    with pytest.raises(ValidationFailed):
        erasure_refuse(actor=approver, request=request, note="")
    erasure_refuse(actor=approver, request=request, note="The case is under legal review.")

    request.refresh_from_db()
    assert (request.status, request.decision_note) == (
        RequestStatus.REFUSED,
        "The case is under legal review.",
    )
    assert Person.objects.filter(household=household).count() == 1


def test_only_the_requester_withdraws(coordinator, approver, household):
    request = ask(coordinator, household)

    with pytest.raises(NotPermitted):
        erasure_withdraw(actor=approver, request=request)
    erasure_withdraw(actor=coordinator, request=request)

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        erasure_approve(actor=approver, request=request)


def test_one_member_is_asked_for_by_member_number(coordinator, approver, household):
    member = Person.objects.create(
        household=household,
        member_no=2,
        first_names="Ilse",
        last_names="Quiroga Nieto",
        sex="F",
        date_of_birth="2010-04-04",
        nationality="HN",
        relationship="child",
    )
    request = ask(coordinator, household, person=member)
    assert (request.target, request.member_no) == (Target.PERSON, 2)

    erasure_approve(actor=approver, request=request)

    request.refresh_from_db()
    assert request.person is None  # the row is gone; the number stays
    assert request.member_no == 2
    assert list(household.members.values_list("first_names", flat=True)) == ["Rosalba"]


def test_a_member_of_another_household_is_refused(coordinator, household):
    other = household_with_head(first_names="Otro").members.get()

    with pytest.raises(ValidationFailed, match="member of this household"):
        ask(coordinator, household, person=other)
