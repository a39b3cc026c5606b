"""Bearer tokens: `Authorization: Bearer arr_<prefix>_<secret>`, nothing else (no session:
the API has no cookies to forge, so it needs no CSRF token).

A valid token makes its owner the request's user, so the selectors and services apply the
owner's permissions and scope exactly as on the web, and django-auditlog records the owner as
the actor of every change the request makes.
"""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from arraigo.core.logs import user_id

from ..models import TokenState
from ..selectors import token_check
from ..services import token_used
from .errors import ApiError
from .language import request_language
from .ratelimit import rate_spend


def audit_actor_set(user: Any) -> None:
    """Make `user` the actor of the audit entries this request writes. django-auditlog's
    middleware chose the actor before the token was read (an anonymous caller then)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        translation.activate(request_language(request))
        check = token_check(token)
        if check.token is None:
            if check.state is TokenState.EXPIRED:
                raise ApiError(
                    401,
                    "token_expired",
                    _("This token has expired: create a new one on your API tokens page."),
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if check.state is TokenState.REVOKED:
                raise ApiError(
                    401,
                    "token_revoked",
                    _("This token was revoked."),
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return None  # unknown: ninja answers 401 (errors.on_unauthenticated)
        retry_after = rate_spend(check.token.prefix)
        if retry_after is not None:
            raise ApiError(
                429,
                "rate_limited",
                _("Too many requests with this token: try again in %(seconds)d seconds.")
                % {"seconds": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
        user = check.token.user
        request.user = user
        user_id.set(user.pk)  # the log lines of this request carry the token owner's id
        request.api_token = check.token  # type: ignore[attr-defined]
        audit_actor_set(user)
        token_used(token=check.token)
        return user
