"""A date given on a command's line (YYYY-MM-DD), refused with a CommandError otherwise."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def command_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from exc
