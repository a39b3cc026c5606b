"""The "referrals waiting for the service's answer" of the to-do strip: the team's count, kept
per scope a few minutes like the dashboard's figures and counted again by `arraigo figures`;
a service partner's referrals to answer are read on every request."""

import pytest
from django.utils import timezone

from arraigo.accounts.models import Role
from arraigo.home.todo import referrals_recount, sends_referrals, todo_for
from arraigo.referrals.models import Referral
from arraigo.referrals.services import referral_send
from tests.accounts.factories import UserFactory
from tests.casework import conftest as casework
from tests.casework.conftest import World
from tests.places.factories import ServiceFactory
from tests.referrals.conftest import consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("figures_kept")]

world = casework.world

WAITING = "referrals waiting for the service's answer"
TO_ANSWER = "referrals waiting for your answer"


def _counts(user) -> dict[str, int]:
    return {item.label: item.count for item in todo_for(user, timezone.localdate())}


def _send(world: World, service) -> Referral:
    return referral_send(
        actor=world.host,
        household=world.household,
        person=None,
        service=service,
        purpose="Daycare for Luz",
    )


def test_the_teams_referrals_waiting_are_kept_per_scope_until_counted_again(world: World):
    # given a referral of a Saltillo household waiting for the daycare's answer
    consent(world.household, True)
    service = ServiceFactory(provider__city=world.city)
    _send(world, service)
    colleague = UserFactory(role=Role.HOST_CASEWORKER, city=world.city)
    elsewhere = UserFactory(role=Role.HOST_CASEWORKER)  # another city
    partner = UserFactory(role=Role.SERVICE_PARTNER, provider=service.provider)
    assert _counts(world.host)[WAITING] == 1
    assert _counts(elsewhere)[WAITING] == 0

    # when a second one is sent
    _send(world, service)

    # then the team sees the kept count until it is counted again; the partner's is live
    assert _counts(world.host)[WAITING] == 1
    assert _counts(colleague)[WAITING] == 1  # the same scope shares the kept count
    assert _counts(elsewhere)[WAITING] == 0
    assert _counts(partner) == {TO_ANSWER: 2}
    referrals_recount(colleague)
    assert _counts(world.host)[WAITING] == 2
    assert _counts(world.coordinator)[WAITING] == 2  # the programme's scope: counted afresh
    assert _counts(elsewhere)[WAITING] == 0


@pytest.mark.parametrize(
    ("role", "sends"),
    [
        (Role.COORDINATOR, True),
        (Role.HOST_CASEWORKER, True),
        (Role.ORIGIN_CASEWORKER, True),
        (Role.SERVICE_PARTNER, False),
        (Role.AUDITOR, False),
        (Role.ME_OFFICER, False),
        (Role.EMPLOYER, False),
    ],
)
def test_only_the_roles_that_refer_have_the_count_counted_again(role, sends):
    assert sends_referrals(UserFactory(role=role)) is sends
