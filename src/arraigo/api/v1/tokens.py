"""The caller's own API tokens: list them and revoke one (they are created on the web, where
the secret is shown once). Another user's token answers 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema

from ..models import ApiToken
from ..selectors import token_get_for, tokens_of
from ..services import token_revoke
from .common import MAX_ID, answers, caller

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_on: dt.date
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: str  # active, expired or revoked


def _token_out(token: ApiToken, today: dt.date) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_on": token.expires_on,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "state": token.state_on(today).value,
    }


@router.get("/tokens", response=answers({200: list[TokenOut]}), summary="List your tokens")
def token_list(request: HttpRequest) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [_token_out(token, today) for token in tokens_of(caller(request))]


@router.delete(
    "/tokens/{token_id}", response=answers({200: TokenOut}), summary="Revoke one of your tokens"
)
def token_delete(request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    """Revoke the token (the one making this request too, if it is that one)."""
    user = caller(request)
    revoked = token_revoke(actor=user, token=token_get_for(user, token_id))
    return _token_out(revoked, timezone.localdate())
