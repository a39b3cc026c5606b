"""Each message once: recorded as sent with its sending, a record already there stops it."""

from __future__ import annotations

import pytest
from django.core import mail

from arraigo.accounts.models import Role
from arraigo.notifications.emails import Mail
from arraigo.notifications.models import NotificationSent
from arraigo.notifications.services.delivery import Postbox
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_what_another_run_sent_meanwhile_is_not_sent_again() -> None:
    partner = UserFactory(role=Role.SERVICE_PARTNER, email="p@example.org")
    news = Mail("arraigo · Referrals waiting for your answer: 1", "HH-0500\n")

    with Postbox() as postbox:
        first = postbox.deliver(user=partner, kind="referral", keys=["7"], mail=news)
        # a second worker found 7 and 8 before the first recorded 7
        second = postbox.deliver(user=partner, kind="referral", keys=["7", "8"], mail=news)

    assert (first, second) == (True, False)
    assert [m.to for m in mail.outbox] == [["p@example.org"]]
    assert list(NotificationSent.objects.values_list("key", flat=True)) == ["7"]
    assert (postbox.sent, postbox.failed) == (1, 0)
