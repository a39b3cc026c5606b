"""Posting the public feedback form as a person would: its ticket taken from the page, the sum
answered, and the ticket dated a minute back (a person takes longer than the guard's minimum
to fill it in)."""

from __future__ import annotations

import html
import re
import time
from typing import Any

from django.core import signing
from django.test import Client
from django.urls import reverse

from arraigo.feedback.guard import SALT, ticket_read


def page_ticket(page: str) -> str:
    match = re.search(r'name="ticket" value="([^"]+)"', page)
    assert match, "the public form carries no ticket"
    return html.unescape(match.group(1))


def public_post(client: Client, data: dict[str, Any], **extra: Any) -> Any:
    page = client.get(reverse("feedback:public_form")).content.decode()
    if 'name="ticket"' not in page:  # the thanks of the session's last report, shown once
        page = client.get(reverse("feedback:public_form")).content.decode()
    ticket = ticket_read(page_ticket(page))
    assert ticket is not None
    ticket["t"] = time.time() - 60
    posted = {
        **data,
        "ticket": signing.dumps(ticket, salt=SALT, compress=True),
        "answer": ticket["a"] + ticket["b"],
    }
    return client.post(reverse("feedback:public_form"), posted, **extra)
