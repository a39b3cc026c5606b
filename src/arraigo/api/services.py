"""Writes on API tokens: create (the secret shown once), revoke, and note a use."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.core.service_checks import Errors, add_error, clean_or_raise

from .models import ApiToken
from .selectors import TOKEN_START, token_hash

NAME_MAX = 80
# A use is written down at most this often per token (each request would be a write).
USE_NOTED_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just created, and its secret: shown this once, never stored or shown again."""

    token: ApiToken
    secret: str


def token_default_expiry(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.ARRAIGO_API_TOKEN_DEFAULT_DAYS)


def token_latest_expiry(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.ARRAIGO_API_TOKEN_MAX_DAYS)


def _require_staff_user(actor: User) -> None:
    """Every role may hold tokens (a token reads and writes what its owner may)."""
    if not (actor.is_authenticated and actor.is_active and actor.role):
        raise NotPermitted()


@transaction.atomic
def token_create(*, actor: User, name: str, expires_on: dt.date | None = None) -> NewToken:
    """A new token of `actor`'s, working until `expires_on` (default: in
    ARRAIGO_API_TOKEN_DEFAULT_DAYS days; at most ARRAIGO_API_TOKEN_MAX_DAYS ahead)."""
    _require_staff_user(actor)
    today = timezone.localdate()
    name = " ".join(name.split())
    expires_on = expires_on or token_default_expiry(today)
    errors: Errors = {}
    if not name:
        add_error(errors, "name", _("Give the token a name that says what it is for."))
    if expires_on <= today:
        add_error(errors, "expires_on", _("The expiry date must be after today."))
    elif expires_on > token_latest_expiry(today):
        add_error(
            errors,
            "expires_on",
            _("A token works for at most %(days)d days: choose %(date)s or earlier.")
            % {
                "days": settings.ARRAIGO_API_TOKEN_MAX_DAYS,
                "date": token_latest_expiry(today).isoformat(),
            },
        )
    for _attempt in range(3):  # a prefix already taken (one chance in 2^48) draws another
        prefix = secrets.token_hex(6)
        secret = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(32)}"
        row = ApiToken(
            user=actor,
            name=name[:NAME_MAX],
            prefix=prefix,
            secret_hash=token_hash(secret),
            created_at=timezone.now(),
            expires_on=expires_on,
        )
        clean_or_raise(row, errors, exclude=["user"])
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue
        return NewToken(token=row, secret=secret)
    raise RuntimeError("no free token prefix after three draws")


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of `actor`'s own tokens: it opens nothing from now on."""
    _require_staff_user(actor)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.user_id != actor.pk:
        raise NotPermitted()
    if locked.revoked_at is not None:
        raise InvalidTransition(_("This token is already revoked."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return locked


def token_used(*, token: ApiToken) -> None:
    """Note that `token` was just used, at most once a minute (an update of one column that
    stays off the audit trail)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_NOTED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
