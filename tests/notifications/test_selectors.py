"""Which emails concern which role, and who receives a kind."""

from __future__ import annotations

import pytest

from arraigo.accounts.models import Role
from arraigo.notifications.models import NotificationKind
from arraigo.notifications.selectors import kinds_for, preference_of, recipients
from arraigo.notifications.services import preference_set
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

KINDS_BY_ROLE = [
    (Role.COORDINATOR, ["digest", "grant", "transfer"]),
    (Role.HOST_CASEWORKER, ["digest", "transfer"]),
    (Role.ORIGIN_CASEWORKER, ["transfer"]),
    (Role.SERVICE_PARTNER, ["referral"]),
    (Role.EMPLOYER_LIAISON, []),
    (Role.EMPLOYER, []),
    (Role.ME_OFFICER, []),
    (Role.AUDITOR, []),
]


@pytest.mark.parametrize(("role", "kinds"), KINDS_BY_ROLE)
def test_each_role_is_offered_the_emails_of_its_work(role: str, kinds: list[str]) -> None:
    assert [kind.value for kind in kinds_for(UserFactory(role=role))] == kinds


def test_an_inactive_user_is_offered_nothing() -> None:
    assert kinds_for(UserFactory(role=Role.COORDINATOR, is_active=False)) == []


def test_every_kind_is_on_until_the_user_chooses() -> None:
    user = UserFactory(role=Role.COORDINATOR)
    assert [preference_of(user).wants(kind) for kind in NotificationKind] == [True] * 4
    assert preference_of(user).pk is None


def test_recipients_have_an_address_are_active_concerned_and_did_not_turn_it_off() -> None:
    UserFactory(username="a", role=Role.COORDINATOR, email="a@example.org")
    UserFactory(username="no-address", role=Role.COORDINATOR)
    UserFactory(username="gone", role=Role.COORDINATOR, email="g@example.org", is_active=False)
    UserFactory(username="auditor", role=Role.AUDITOR, email="au@example.org")
    off = UserFactory(username="off", role=Role.COORDINATOR, email="o@example.org")
    preference_set(actor=off, choices={"grant": False})

    assert [u.username for u in recipients(NotificationKind.GRANT)] == ["a"]
    assert [u.username for u in recipients(NotificationKind.TRANSFER)] == ["a", "off"]
