"""The demo is an installed app under the local and test settings only, and `arraigo serve`
imports nothing of it: its shared password cannot reach a production server."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

from arraigo.accounts.models import Role
from arraigo.core.banner import banner_blocks
from arraigo.core.fieldkeys import new_key
from tests.accounts.factories import UserFactory

PROBE_KEY = new_key()
_PROBE = """
import json, sys
import django
django.setup()
import arraigo.core.management.commands.serve
import arraigo.urls  # every view and form the site serves
from arraigo.core.banner import banner_blocks
from django.conf import settings
print(json.dumps({
    "installed": "arraigo.demo" in settings.INSTALLED_APPS,
    "banner": banner_blocks(),
    "demo_modules": sorted(m for m in sys.modules if m.startswith("arraigo.demo")),
}))
"""


def _probe(settings_module: str) -> dict[str, object]:
    """Set Django up in a fresh interpreter with `settings_module`, import serve, report."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "probe-only",  # production refuses to start without one
        "ARRAIGO_FIELD_KEYS": PROBE_KEY,  # nor without the keys of the encrypted columns
        "ARRAIGO_HASH_KEY": PROBE_KEY,
    }
    env.pop("DATABASE_URL", None)  # the banner must not need a database here
    out = subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_production_settings_do_not_install_the_demo(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "probe-only")
    monkeypatch.setenv("ARRAIGO_FIELD_KEYS", PROBE_KEY)
    monkeypatch.setenv("ARRAIGO_HASH_KEY", PROBE_KEY)
    production = importlib.import_module("arraigo.settings.production")
    base = importlib.import_module("arraigo.settings.base")

    assert "arraigo.demo" not in production.INSTALLED_APPS
    assert "arraigo.demo" not in base.INSTALLED_APPS


@pytest.mark.parametrize("name", ["local", "test"])
def test_local_and_test_settings_install_the_demo(name):
    module = importlib.import_module(f"arraigo.settings.{name}")

    assert module.INSTALLED_APPS.count("arraigo.demo") == 1


def test_serve_and_the_site_under_production_settings_import_nothing_of_the_demo():
    result = _probe("arraigo.settings.production")

    assert result == {"installed": False, "banner": [], "demo_modules": []}


def test_serve_prints_the_demo_accounts_where_the_demo_is_installed(db):
    UserFactory(username="demo-auditor", role=Role.AUDITOR)

    assert banner_blocks() == [
        ("Demo accounts:", [f"{'demo-auditor':<28} Auditor", "demo password: demo1234"])
    ]


def test_serve_prints_no_banner_without_demo_accounts(db):
    UserFactory(username="maria.real", role=Role.COORDINATOR)

    assert banner_blocks() == []
