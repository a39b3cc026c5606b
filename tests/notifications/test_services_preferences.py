"""A user's choice of emails: saved for themself, among the kinds offered to their role."""

from __future__ import annotations

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.notifications.models import NotificationPreference
from arraigo.notifications.services import preference_set
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_choice_is_saved_and_the_kinds_not_named_keep_their_value() -> None:
    host = UserFactory(role=Role.HOST_CASEWORKER)

    preference_set(actor=host, choices={"digest": False, "transfer": True})
    preference_set(actor=host, choices={"transfer": False})

    row = NotificationPreference.objects.get(user=host)
    assert (row.digest, row.referral, row.grant, row.transfer) == (False, True, True, False)


def test_a_kind_not_offered_to_the_role_is_refused() -> None:
    host = UserFactory(role=Role.HOST_CASEWORKER)

    with pytest.raises(ValidationFailed) as refused:
        preference_set(actor=host, choices={"grant": False})

    assert refused.value.errors == {None: ["Choose only among the emails offered to you."]}
    assert not NotificationPreference.objects.exists()


def test_an_inactive_user_may_not_choose() -> None:
    with pytest.raises(NotPermitted):
        preference_set(actor=UserFactory(role=Role.COORDINATOR, is_active=False), choices={})
