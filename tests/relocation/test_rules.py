"""The programme's relocation rules file (relocation.yaml): its keys and `arraigo check`."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import override_settings

from arraigo.relocation.checks import relocation_rules_check
from arraigo.relocation.rules import RelocationRulesError, rules_current, rules_parse

SHIPPED = Path(settings.ARRAIGO_PROGRAMME_DIR) / "relocation.yaml"


def _shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_rules_cap_the_extra_lodging_nights():
    rules = rules_current()
    assert (rules.lodging_max_nights, rules.lodging_max_extension_nights) == (7, 7)


@pytest.mark.parametrize("value", [None, -1, "seven", 2.5, True])
def test_the_extension_ceiling_must_be_a_whole_number(value):
    data = _shipped()
    if value is None:
        del data["lodging_max_extension_nights"]
    else:
        data["lodging_max_extension_nights"] = value
    with pytest.raises(RelocationRulesError) as exc:
        rules_parse(data)
    assert str(exc.value) == "lodging_max_extension_nights must be a whole number of at least 0"


def test_shipped_rules_pass_the_system_check():
    assert relocation_rules_check() == []


def test_system_check_reports_a_wrong_rules_file(tmp_path):
    data = _shipped()
    data["lodging_max_extension_nights"] = "no limit"
    (tmp_path / "relocation.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = relocation_rules_check()
    assert [(e.id, e.msg) for e in errors] == [
        (
            "arraigo.E020",
            f"{tmp_path / 'relocation.yaml'}: "
            "lodging_max_extension_nights must be a whole number of at least 0",
        )
    ]


def test_system_check_reports_a_missing_rules_file(tmp_path):
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = relocation_rules_check()
    assert [(e.id, e.msg) for e in errors] == [
        ("arraigo.E001", f"Programme file missing: {tmp_path / 'relocation.yaml'}")
    ]
