"""The daily digest: each caseworker's overdue milestones and follow-up surveys due, by case
code, once a day (`arraigo notify --digest`, in the morning)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from arraigo.monitoring.services_due_events import surveys_due_announce

from ..emails import digest_mail
from ..models import NotificationKind
from ..selectors import digest_for, digest_sent_to, recipients
from .delivery import Postbox, SendResult, in_mail_language

Progress = Callable[[int, int], None]  # (users done, users in all)


def digest_send(*, today: dt.date, on_progress: Progress | None = None) -> SendResult:
    """Email each user the digest concerns (and who wants it) their digest of `today`: not
    when they have nothing to do, have no email address, or had today's already. Raises
    DeliveryFailed, once every message was tried, if any failed."""
    surveys_due_announce(today=today)  # the same surveys due, to other systems (webhooks)
    users = recipients(NotificationKind.DIGEST)
    done = digest_sent_to(today)
    with Postbox() as postbox:
        for number, user in enumerate(users, start=1):
            if user.pk not in done:
                with in_mail_language():
                    sections = digest_for(user, today)
                    mail = digest_mail(today, sections) if sections else None
                if mail is not None:
                    keys = [today.isoformat()]
                    postbox.deliver(user=user, kind=NotificationKind.DIGEST, keys=keys, mail=mail)
            if on_progress is not None:
                on_progress(number, len(users))
    return postbox.result()
