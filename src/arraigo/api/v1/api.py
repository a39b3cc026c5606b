"""The NinjaAPI of version 1: bearer tokens only, one error shape, the caller's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI

from . import households, jobs, matching, monitoring, referrals, tokens
from .auth import TokenAuth
from .errors import error_handlers

DESCRIPTION = """The REST API of arraigo, version 1 (docs/api.md).

Authenticate with a personal API token, created on your API tokens page:
`Authorization: Bearer arr_...`. A token reads and changes exactly what its owner may on the
web: the same permissions, the same scope (another office's household is not found: 404).
Lists are paginated by cursor (`limit`, at most 100, and the `next` cursor). Errors have one
shape: `{"error": {"code", "message", "details"}}`, the message in the language of
`Accept-Language` (Spanish by default, English). Requests are limited per token (429 with
`Retry-After`)."""


class ArraigoApi(NinjaAPI):
    def create_response(
        self, request: HttpRequest, data: Any, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        response["Content-Language"] = translation.get_language() or ""
        return response


api = ArraigoApi(
    title="arraigo API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:api-v1",  # mounted inside arraigo.api.urls (app "api")
    auth=TokenAuth(),
)
for exception, handler in error_handlers():
    api.add_exception_handler(exception, handler)
for module in (households, jobs, referrals, matching, monitoring, tokens):
    api.add_router("/", module.router)
