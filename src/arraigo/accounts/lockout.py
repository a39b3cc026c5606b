"""Stopping password guessing: failed sign-ins are counted per account and per address
(django-axes). An account is locked after the programme's limit of failures, even for the
right password; an address (one computer, or an office behind one router) after a larger
one, whichever accounts it tried. A lock lasts until it expires or a coordinator lifts it
(services.sign_in_unlock).

The limits and the lock's length are the programme's (security.yaml in ARRAIGO_PROGRAMME_DIR,
`sign_in: {failures_before_lock, address_failures_before_lock, lock_minutes}`); a programme
without the file gets DEFAULTS. django-axes calls the functions below through settings
(AXES_HANDLER, AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, AXES_LOCKOUT_CALLABLE).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

RULES_FILENAME = "security.yaml"
# Failures before an account's lock and before an address's, and how long a lock lasts
# (minutes, from the last failure).
DEFAULTS = {"failures_before_lock": 5, "address_failures_before_lock": 20, "lock_minutes": 30}
LIMITS = {
    "failures_before_lock": (1, 100),
    "address_failures_before_lock": (1, 10_000),
    "lock_minutes": (1, 7 * 24 * 60),
}
LOCKED_STATUS = 429


class SecurityRulesError(ValueError):
    """security.yaml cannot be used as it is."""


@dataclass(frozen=True)
class SignInRules:
    failures_before_lock: int
    address_failures_before_lock: int
    lock_minutes: int


def rules_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


@functools.cache
def _load(path: Path) -> SignInRules:
    """The sign-in rules of `path` (DEFAULTS where it says nothing; all of them without it)."""
    values = dict(DEFAULTS)
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sign_in = data.get("sign_in", {}) if isinstance(data, dict) else None
        if not isinstance(sign_in, dict):
            raise SecurityRulesError("sign_in must be a mapping")
        unknown = set(sign_in) - set(DEFAULTS)
        if unknown:
            raise SecurityRulesError(f"sign_in: unknown keys {sorted(unknown)}")
        for key, value in sign_in.items():
            low, high = LIMITS[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise SecurityRulesError(f"sign_in.{key} must be a whole number {low}-{high}")
            values[key] = value
    return SignInRules(**values)


def sign_in_rules() -> SignInRules:
    return _load(rules_path())


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


def rules_problem() -> str | None:
    """Why security.yaml cannot be used, or None (arraigo check)."""
    try:
        _load.__wrapped__(rules_path())
    except (SecurityRulesError, yaml.YAMLError) as exc:
        return str(exc)
    return None


__all__ = [
    "DEFAULTS",
    "ProgrammeLockout",
    "SignInRules",
    "failure_limit",
    "failures",
    "lock_length",
    "locked_message",
    "locked_out_response",
    "rules_problem",
    "sign_in_rules",
]
