"""Handing messages to the mail server: one connection per run, each message recorded as sent
in the same transaction, a failed message left for the next attempt.

Recording and sending together gives each message once: the sent-log's unique (user, kind,
key) stops a second run, or a second worker at the same moment (it waits on the row, then
finds it taken); a message the server refused leaves no record, so a retry sends it. Only a
crash between the server's acceptance and the commit can repeat one.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from arraigo.accounts.models import User

from ..emails import Mail
from ..errors import DeliveryFailed
from ..models import NotificationSent

log = logging.getLogger(__name__)


def mail_language() -> str:
    """The language emails are written in: the programme's (users have no language of their
    own; the interface's is a cookie of one browser)."""
    return str(settings.LANGUAGE_CODE)


def in_mail_language() -> translation.override:
    return translation.override(mail_language())


@dataclass(frozen=True)
class SendResult:
    messages: int
    users: int


class Postbox:
    """One run's messages (`with Postbox() as postbox:`): a single mail connection, opened at
    the first message and closed at the end; what went and what failed, counted."""

    def __init__(self) -> None:
        self.connection: BaseEmailBackend = get_connection()
        self.opened = False
        self.sent = 0
        self.failed = 0
        self.users: set[int] = set()

    def __enter__(self) -> Postbox:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.opened:
            self.connection.close()

    def deliver(self, *, user: User, kind: str, keys: Iterable[str], mail: Mail) -> bool:
        """Send `mail` to `user` and record (user, kind, key) for each of `keys`, together.
        False when another run had sent it, or the server refused it (counted as failed).
        A mail server out of reach stops the run (raised): the job fails and is retried."""
        if not self.opened:
            self.connection.open()
            self.opened = True
        now = timezone.now()
        rows = [NotificationSent(user=user, kind=kind, key=key, sent_at=now) for key in keys]
        message = EmailMessage(
            mail.subject,
            mail.body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            connection=self.connection,
        )
        try:
            with transaction.atomic():
                NotificationSent.objects.bulk_create(rows)
                message.send()
        except IntegrityError:
            return False  # sent by another run meanwhile
        except (smtplib.SMTPException, OSError) as exc:
            # The server refused this one. Its error may quote the address: the log names the
            # user by id only.
            log.warning("email %s to user %s not sent: %s", kind, user.pk, type(exc).__name__)
            self.failed += 1
            return False
        self.sent += 1
        self.users.add(user.pk)
        return True

    def result(self) -> SendResult:
        """What the run sent; DeliveryFailed when any message failed (raised once every message
        was tried, so that the job is marked failed and its retry sends the rest)."""
        if self.failed:
            raise DeliveryFailed(self.failed, self.sent + self.failed)
        return SendResult(messages=self.sent, users=len(self.users))
