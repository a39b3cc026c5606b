"""Every answer carries a Content-Security-Policy that allows scripts only from the site's own
files, and `Cache-Control: no-store` unless it says otherwise; no template holds an inline
script for that policy to block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.registry.factories import household_with_head

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/feedback/tell-us/", "/api/v1/households", "/no-such-page/"]
)
def test_signed_out_answers_carry_the_policy_and_no_store(path):
    response = Client().get(path)

    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "no-store" in response["Cache-Control"].split(", ")


def test_a_case_page_is_not_kept_and_allows_no_inline_script():
    coordinator = UserFactory(role=Role.COORDINATOR)
    household = household_with_head(code="HH-0900")
    client = Client()
    client.force_login(coordinator)

    response = client.get(reverse("registry:household_detail", args=[household.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "'unsafe-inline'" not in _policy(response)["script-src"]
    assert "'unsafe-eval'" not in _policy(response)["script-src"]


def test_static_files_may_be_kept():
    response = Client().get("/static/arraigo/app.js")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_holds_an_inline_script_or_event_handler():
    root = Path(__file__).resolve().parents[2] / "src" / "arraigo"
    found = [
        f"{path.relative_to(root)}: {match.group(0)[:60]}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for pattern in (_INLINE_SCRIPT, _HANDLER)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
