"""Why a task failed without raising: its worker stopped answering."""

from __future__ import annotations

import re

# The last line of a traceback: the exception's class (dotted or not), a colon, the message.
_LAST_LINE = re.compile(r"^[A-Za-z_][\w.]*: (?P<message>.*)$")


class WorkerLost(Exception):
    """The worker running the task stopped beating and the task had no attempt left."""


def error_message(traceback: str) -> str:
    """The last line of a stored traceback without the exception's class: what went wrong,
    in the words the code raised it with ("" when there is none)."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    found = _LAST_LINE.match(lines[-1])
    return found["message"] if found else lines[-1]
