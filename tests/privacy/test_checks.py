"""`arraigo check` refuses a programme folder whose retention.yaml it cannot use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from arraigo.privacy.checks import retention_rules_check
from arraigo.privacy.retention_rules import retention_rules

SHIPPED = Path(settings.ARRAIGO_PROGRAMME_DIR) / "retention.yaml"


def test_the_shipped_rules_load():
    rules = retention_rules()

    assert [(r.name, r.statuses, r.after_years) for r in rules.households] == [
        ("closed_cases", ("closed",), 10),
        ("not_taken_up", ("not_eligible", "offer_declined"), 3),
    ]
    assert [(r.name, r.statuses, r.after_years) for r in rules.feedback] == [
        ("answered_feedback", ("responded", "closed"), 5)
    ]
    assert retention_rules_check() == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "households: [{name: a, statuses: [closed], after_years: 0}]",
            "households[0].after_years",
        ),
        ("households: [{name: a, statuses: [gone], after_years: 2}]", "households[0].statuses"),
        ("households: [{name: A b, statuses: [closed], after_years: 2}]", "households[0].name"),
        ("households: [{name: a, statuses: [closed]}]", "missing keys ['after_years']"),
        ("feedback: [{name: a, statuses: [closed], after_years: 2, extra: 1}]", "unknown keys"),
        ("archives: []", "unknown sections ['archives']"),
        ("households: {name: a}", "households must be a list"),
        ("- a\n- b\n", "the file must be a mapping"),
        ("households: [", "while parsing"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_the_key(tmp_path, text, message):
    (tmp_path / "retention.yaml").write_text(text, encoding="utf-8")

    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = retention_rules_check()

    assert [e.id for e in errors] == ["arraigo.E070"]
    assert message in errors[0].msg
    assert errors[0].msg.startswith(f"{tmp_path / 'retention.yaml'}: ")


def test_a_folder_without_the_file_is_refused(tmp_path):
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = retention_rules_check()

    assert [(e.id, e.msg) for e in errors] == [
        ("arraigo.E070", f"{tmp_path / 'retention.yaml'}: the file is missing")
    ]


def test_arraigo_check_refuses_the_folder(tmp_path):
    folder = tmp_path / "programme"
    shutil.copytree(settings.ARRAIGO_PROGRAMME_DIR, folder)
    (folder / "retention.yaml").write_text("households: [{name: a}]", encoding="utf-8")

    with (
        override_settings(ARRAIGO_PROGRAMME_DIR=folder),
        pytest.raises(SystemCheckError) as refused,
    ):
        call_command("check")

    assert "arraigo.E070" in str(refused.value)
