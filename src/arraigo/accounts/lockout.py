"""Stopping password guessing: failed sign-ins are counted per account and per address
(django-axes). An account is locked after the programme's limit of failures, even for the
right password; an address (one computer, or an office behind one router) after a larger
one, whichever accounts it tried. A lock lasts until it expires or a coordinator lifts it
(services.sign_in_unlock).

The limits and the lock's length are the programme's (security_rules: security.yaml's
`sign_in`). django-axes calls the functions below through settings
(AXES_HANDLER, AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, AXES_LOCKOUT_CALLABLE).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from .security_rules import SignInRules, security_rules

LOCKED_STATUS = 429


def sign_in_rules() -> SignInRules:
    return security_rules().sign_in


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """AXES_FAILURE_LIMIT: failed sign-ins before an account locks."""
    return sign_in_rules().failures_before_lock


def lock_length(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long a lock lasts, counted from the last failure."""
    return dt.timedelta(minutes=sign_in_rules().lock_minutes)


def failures(*, username: str | None = None, address: str | None = None) -> int:
    """Failed sign-ins of an account (by username) or from an address within the lock's
    length (axes keeps one row per username, address and browser)."""
    since = timezone.now() - lock_length()
    rows = AccessAttempt.objects.filter(attempt_time__gte=since)
    rows = (
        rows.filter(username=username) if username is not None else rows.filter(ip_address=address)
    )
    return int(rows.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class ProgrammeLockout(AxesDatabaseHandler):
    """AXES_HANDLER: locked when the account has failed the programme's limit, or its address
    the address's limit. Axes compares get_failures with the account's limit, so a locked
    address answers that limit."""

    def get_failures(self, request: HttpRequest, credentials: Any = None) -> int:
        rules = sign_in_rules()
        account = failures(username=get_client_username(request, credentials))
        address = getattr(request, "axes_ip_address", None)
        if address and failures(address=address) >= rules.address_failures_before_lock:
            return max(account, rules.failures_before_lock)
        return account

    def reset_user_attempts(self, request: HttpRequest, credentials: Any = None) -> int:
        """After a successful sign-in, the account's failures are forgotten, not its
        address's: signing in to one's own account does not clear others' guesses."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username).delete()
        return int(count)


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    """axes' user_locked_out (sent on every refused attempt): the lock goes on the audit
    trail once per lock, on the account when the username is one. Each refused attempt is
    on it already as a failed sign-in."""
    from auditlog.models import LogEntry

    from .audit import audit_event
    from .models import User

    user = User.objects.filter(username=username or "").first()
    if user is None:
        return
    recorded = LogEntry.objects.filter(
        object_pk=str(user.pk),
        content_type__model="user",
        additional_data__event="login_locked",
        timestamp__gte=timezone.now() - lock_length(),
    )
    if not recorded.exists():
        audit_event(actor=None, obj=user, event="login_locked", request=request)


def locked_message(*, address: bool = False) -> str:
    minutes = sign_in_rules().lock_minutes
    if address:
        return ngettext(
            "Too many failed sign-ins came from this network. Try again in %(minutes)d "
            "minute, or ask a coordinator to lift the lock.",
            "Too many failed sign-ins came from this network. Try again in %(minutes)d "
            "minutes, or ask a coordinator to lift the lock.",
            minutes,
        ) % {"minutes": minutes}
    return ngettext(
        "This account is locked after too many failed sign-ins. Try again in %(minutes)d "
        "minute, or ask a coordinator to unlock it.",
        "This account is locked after too many failed sign-ins. Try again in %(minutes)d "
        "minutes, or ask a coordinator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, with what the user typed (not the
    password) and why it refused, answered 429."""
    username = request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    account_locked = failures(username=username) >= sign_in_rules().failures_before_lock
    context = {
        "form": form,
        "locked_message": locked_message(address=not account_locked),
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "accounts/login.html", context, status=LOCKED_STATUS)


__all__ = [
    "ProgrammeLockout",
    "SignInRules",
    "failure_limit",
    "failures",
    "lock_length",
    "locked_message",
    "locked_out_response",
    "sign_in_rules",
]
