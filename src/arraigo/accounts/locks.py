"""Reads on sign-in locks: the accounts and addresses locked now (lockout's rules), for those
who may lift them (coordinators: axes.view_accessattempt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.utils import timezone

from arraigo.core.errors import NotPermitted

from .lockout import lock_length, sign_in_rules

VIEW_LOCKS = "axes.view_accessattempt"
LIFT_LOCKS = "axes.delete_accessattempt"


@dataclass(frozen=True)
class SignInLock:
    kind: str  # "account" or "address"
    key: str  # the username, or the address
    failures: int
    last_failure: dt.datetime
    until: dt.datetime


def may_see_locks(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(VIEW_LOCKS))


def sign_in_locks_for(user: Any) -> list[SignInLock]:
    """The locks in force, accounts first, each by its last failure (newest first)."""
    if not may_see_locks(user):
        raise NotPermitted()
    rules = sign_in_rules()
    length = lock_length()
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - length)
    locks = []
    for kind, column, limit in (
        ("account", "username", rules.failures_before_lock),
        ("address", "ip_address", rules.address_failures_before_lock),
    ):
        rows = (
            recent.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(n__gte=limit)
            .order_by("-last", column)
        )
        locks += [
            SignInLock(kind, row[column], int(row["n"]), row["last"], row["last"] + length)
            for row in rows
        ]
    return locks
