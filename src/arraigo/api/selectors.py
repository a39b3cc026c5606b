"""Reads on API tokens: a user's own, and the token a request presents."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from arraigo.accounts.models import User

from .models import ApiToken, TokenState

TOKEN_START = "arr"  # noqa: S105 (not a secret: every token reads arr_<prefix>_<secret>)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first: nobody lists or revokes another's."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens, or 404 (another's looks like none)."""
    try:
        return tokens_of(user).get(pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404("No such token.") from exc


def token_prefix_of(token: str) -> str | None:
    """The prefix written in a presented token, or None when it is not shaped like one."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_START or not parts[1] or not parts[2]:
        return None
    return parts[1]


@dataclass(frozen=True)
class TokenCheck:
    """What a presented token is: `token` when it opens the API (state ACTIVE), else why not
    (`state` None: no such token)."""

    token: ApiToken | None
    state: TokenState | None


def token_check(presented: str) -> TokenCheck:
    """The token a request presents, found by its prefix and compared by its hash in
    constant time; expired, revoked or of an inactive user, it opens nothing. One query."""
    prefix = token_prefix_of(presented.strip())
    if prefix is None:
        return TokenCheck(None, None)
    row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if row is None or not hmac.compare_digest(row.secret_hash, token_hash(presented.strip())):
        return TokenCheck(None, None)
    state = row.state_on(timezone.localdate())
    if state is TokenState.ACTIVE and not row.user.is_active:
        state = TokenState.REVOKED
    return TokenCheck(row if state is TokenState.ACTIVE else None, state)
