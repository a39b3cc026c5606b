"""Sessions end after the programme's idle time (security.yaml `sessions.idle_minutes`), and
for the roles it lists (`end_at_browser_close`: by default coordinators, auditors and M&E
officers, who see the most) when the browser closes.

The last activity is kept in the session and written at most once a minute, so a busy page
does not write the session table on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from .security_rules import security_rules

LAST_SEEN = "arraigo_last_seen"
WRITE_EVERY = 60  # seconds between writes of the last activity


class IdleSessionMiddleware:
    """Signs out a session idle for longer than the programme allows, then asks to sign in
    again (the page asked for comes back after it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(LAST_SEEN)
            idle = security_rules().sessions.idle_minutes
            if last is not None and now - float(last) > idle * 60:
                logout(request)
                messages.info(request, idle_message(idle))
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) >= WRITE_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def idle_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)d minute without activity. Sign in again.",
        "You were signed out after %(minutes)d minutes without activity. Sign in again.",
        minutes,
    ) % {"minutes": minutes}


def on_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At sign-in: the activity clock starts, and the roles that see the most get a session
    that ends when the browser closes."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_SEEN] = time.time()
    if getattr(user, "role", "") in security_rules().sessions.end_at_browser_close:
        request.session.set_expiry(0)
