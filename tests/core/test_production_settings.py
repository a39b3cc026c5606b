"""The production settings pass Django's deployment checks with the environment
docs/operations.md documents, and refuse to start without a secret key or without the keys
of the columns encrypted at rest."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from arraigo.core.fieldkeys import new_key

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "arraigo.settings.production",
        "ALLOWED_HOSTS": "arraigo.example.org",
        "ARRAIGO_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "ARRAIGO_FIELD_KEYS": f"{new_key()},{new_key()}",
        "ARRAIGO_HASH_KEY": new_key(),
    } | env
    return subprocess.run(
        [sys.executable, "-m", "arraigo.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_checks_pass_with_the_documented_environment(tmp_path):
    done = _check(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_https_redirect_the_checks_say_so(tmp_path):
    done = _check(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), SSL_REDIRECT="false")
    assert done.returncode != 0
    assert "security.W008" in done.stderr + done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = _check(tmp_path, SECRET_KEY="")
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


@pytest.mark.parametrize("name", ["ARRAIGO_FIELD_KEYS", "ARRAIGO_HASH_KEY"])
def test_production_refuses_to_start_without_a_key_of_the_encrypted_columns(tmp_path, name):
    done = _check(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **{name: ""})

    assert done.returncode != 0
    assert f"{name} must be set in the environment for production" in done.stderr


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"ARRAIGO_FIELD_KEYS": f"{new_key()},not-a-key"},
            "ARRAIGO_FIELD_KEYS: key 2 is not a Fernet key",
        ),
        ({"ARRAIGO_HASH_KEY": "c2hvcnQ="}, "ARRAIGO_HASH_KEY must hold 32 bytes"),
        ({"ARRAIGO_HASH_KEY": "abc"}, "ARRAIGO_HASH_KEY is not URL-safe base64"),
    ],
)
def test_production_refuses_to_start_with_a_malformed_key(tmp_path, env, said):
    done = _check(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **env)

    assert done.returncode != 0
    assert said in done.stderr
