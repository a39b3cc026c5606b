"""Who needs a second factor is programme data (security.yaml `second_factor`), refused by
`arraigo check` when it leaves out coordinators, auditors or M&E officers or names an unknown
role; production enforces it and never shows the demo's code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from arraigo.accounts import security_rules
from arraigo.accounts.checks import second_factor_enforced_check
from arraigo.accounts.models import Role
from arraigo.accounts.second_factor import required_of
from arraigo.core.fieldkeys import new_key
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "second_factor: {required_roles: [coordinator, me_officer]}",
            "second_factor.required_roles must include ['auditor']",
        ),
        (
            "second_factor: {required_roles: []}",
            "second_factor.required_roles must include ['coordinator', 'auditor', 'me_officer']",
        ),
        (
            "second_factor: {required_roles: [coordinator, auditor, me_officer, boss]}",
            "second_factor.required_roles must list roles among",
        ),
        ("second_factor: {required_roles: coordinator}", "second_factor.required_roles must list"),
        ("second_factor: {roles: [coordinator]}", "second_factor: unknown keys ['roles']"),
        ("second_factor: [coordinator]", "second_factor must be a mapping"),
    ],
)
def test_a_second_factor_section_it_cannot_use_is_refused(tmp_path: Path, text, problem):
    (tmp_path / "security.yaml").write_text(text, encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        found = security_rules.rules_problem()
        with pytest.raises(SystemCheckError, match=r"arraigo\.E060"):
            call_command("check")
    assert found is not None and found.startswith(problem)


def test_the_programme_file_and_the_defaults(tmp_path: Path):
    assert security_rules.rules_problem() is None
    assert security_rules.security_rules().second_factor.required_roles == (
        "coordinator",
        "auditor",
        "me_officer",
    )
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):  # no file: the defaults
        assert security_rules.rules_problem() is None


@pytest.mark.django_db
def test_the_roles_listed_and_superusers_need_it(tmp_path: Path):
    (tmp_path / "security.yaml").write_text(
        "second_factor: {required_roles: [coordinator, auditor, me_officer, employer]}",
        encoding="utf-8",
    )
    users = {
        role: UserFactory(role=role)
        for role in (Role.COORDINATOR, Role.EMPLOYER, Role.ORIGIN_CASEWORKER)
    }
    superuser = UserFactory(role=Role.ORIGIN_CASEWORKER, is_superuser=True)

    assert [required_of(user) for user in users.values()] == [True, False, False]
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        assert [required_of(user) for user in users.values()] == [True, True, False]
        assert required_of(superuser)


def test_check_deploy_warns_when_the_second_factor_is_not_enforced(settings):
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = False
    assert [m.id for m in second_factor_enforced_check()] == ["arraigo.W061"]
    settings.ARRAIGO_SECOND_FACTOR_ENFORCED = True
    assert second_factor_enforced_check() == []


def _setting_under(module: str, expression: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment |= {"DJANGO_SETTINGS_MODULE": module, "SECRET_KEY": "x" * 50}
    # production starts only with the keys of the encrypted columns
    environment |= {"ARRAIGO_FIELD_KEYS": new_key(), "ARRAIGO_HASH_KEY": new_key()}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_enforces_it_and_shows_no_demo_code():
    expression = (
        "settings.ARRAIGO_SECOND_FACTOR_ENFORCED, settings.ARRAIGO_SECOND_FACTOR_DEMO_HINT, "
        "'arraigo.demo' in settings.INSTALLED_APPS"
    )
    assert _setting_under("arraigo.settings.production", expression) == "True False False"
    assert _setting_under("arraigo.settings.local", expression) == "True True True"
