"""The emails of events: a referral made to a service partner, a grant waiting for approval, a
transfer waiting for the receiving side's answer. Found by scanning, not by signals: a run
(`arraigo notify`, every few minutes) emails each user what started waiting for them in the
last WINDOW (7 days) and was not emailed to them yet, one message per kind."""

from __future__ import annotations

import datetime as dt

from ..emails import event_mail
from ..models import EVENT_KINDS
from ..selectors import WINDOW, anything_new, events_waiting, recipients
from .delivery import Postbox, SendResult, in_mail_language


def notifications_send(*, now: dt.datetime) -> SendResult:
    """Email every user the referrals, grants and transfers that started waiting for them
    since `now` - WINDOW and that they were not told of; idempotent (a second run sends
    nothing new). Raises DeliveryFailed, once every message was tried, if any failed."""
    since = now - WINDOW
    with Postbox() as postbox:
        for kind in EVENT_KINDS:
            if not anything_new(kind, since):
                continue
            for user in recipients(kind):
                with in_mail_language():
                    section = events_waiting(user, kind, since)
                    if section is None:
                        continue
                    mail = event_mail(kind, section)
                keys = [line.key for line in section.lines]
                postbox.deliver(user=user, kind=kind, keys=keys, mail=mail)
    return postbox.result()
