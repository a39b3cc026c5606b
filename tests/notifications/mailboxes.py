"""A mail backend for the tests: Django's in-memory outbox, refusing some addresses."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import ClassVar

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    """Like the locmem backend, but a message to an address in `refused` fails as an SMTP
    server's refusal does, and with `unreachable` no connection opens."""

    refused: ClassVar[set[str]] = set()
    unreachable: ClassVar[bool] = False

    def open(self) -> bool:
        if self.unreachable:
            raise ConnectionRefusedError(111, "Connection refused")
        return bool(super().open())

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            for address in message.to:
                if address in self.refused:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"no such mailbox")})
        return super().send_messages(messages)

    @classmethod
    def refuse(cls, *addresses: str) -> None:
        cls.refused.clear()
        cls.refused.update(addresses)

    @classmethod
    def reset(cls) -> None:
        cls.refuse()
        cls.unreachable = False
