from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from arraigo.accounts.models import User
from arraigo.api.services import token_create

API = "/api/v1"


@dataclass
class Caller:
    """A program calling the API with one user's token (English unless told otherwise)."""

    user: User
    token: str
    client: Client

    def _headers(self, language: str, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "HTTP_AUTHORIZATION": f"Bearer {self.token}",
            "HTTP_ACCEPT_LANGUAGE": language,
            **extra,
        }

    def get(self, path: str, *, language: str = "en", **extra: Any) -> HttpResponse:
        return self.client.get(API + path, **self._headers(language, extra))

    def send(
        self, method: str, path: str, body: Any = None, *, language: str = "en", **extra: Any
    ) -> HttpResponse:
        call = getattr(self.client, method)
        data = json.dumps(body) if body is not None else ""
        return call(
            API + path, data=data, content_type="application/json", **self._headers(language, extra)
        )


def caller_for(user: User) -> Caller:
    created = token_create(actor=user, name="tests")
    return Caller(user=user, token=created.secret, client=Client())


@pytest.fixture(autouse=True)
def _fresh_rate_windows() -> None:
    """Each test starts with empty rate-limit windows (the cache outlives a test)."""
    cache.clear()
