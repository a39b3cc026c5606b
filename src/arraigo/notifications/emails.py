"""The text of each email, rendered from templates (`templates/notifications/email/`), plain
text, in the active language. Given plain data (the selectors' sections); no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from .selectors import Section


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def site_url(path: str) -> str:
    """`path` as an absolute address: links in an email need the site (ARRAIGO_SITE_URL)."""
    return str(settings.ARRAIGO_SITE_URL).rstrip("/") + path


def _render(name: str, context: dict[str, object]) -> Mail:
    context = {
        **context,
        "site": str(settings.ARRAIGO_SITE_URL).rstrip("/"),
        "preferences_url": site_url(reverse("notifications:preferences")),
    }
    subject = render_to_string(f"notifications/email/{name}_subject.txt", context)
    body = render_to_string(f"notifications/email/{name}_body.txt", context)
    # A subject is one line (a header with a newline in it is refused).
    return Mail(" ".join(subject.split()), body.strip() + "\n")


def digest_mail(day: dt.date, sections: list[Section]) -> Mail:
    return _render("digest", {"day": day, "sections": sections})


def event_mail(kind: str, section: Section) -> Mail:
    return _render("event", {"kind": kind, "section": section})
