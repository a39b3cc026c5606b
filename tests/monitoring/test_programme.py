"""monitoring.yaml: the programme's file loads; a file arraigo cannot fully use is refused
with the key at fault, by `arraigo check` too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import override_settings

from arraigo.monitoring.checks import monitoring_rules_check
from arraigo.monitoring.programme import MonitoringRulesError, monitoring_rules, rules_parse


def _good() -> dict:
    path = Path(settings.ARRAIGO_PROGRAMME_DIR) / "monitoring.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_programme_file_loads():
    rules = monitoring_rules()
    assert rules.currency == "MXN"
    assert rules.measures.poverty_line == Decimal(2300)
    assert rules.poverty_as_of == dt.date(2024, 8, 1)
    assert [(r.code, r.window, r.required) for r in rules.rounds] == [
        ("baseline", None, True),
        ("month1", (21, 45), True),
        ("month6", (150, 210), True),
        ("month12", (330, 400), False),
    ]
    assert [b.code for b in rules.measures.brackets] == [
        "under_4000",
        "4000_7999",
        "8000_11300",
        "over_11300",
    ]
    assert [(f.ref, f.indicator, f.target) for f in rules.framework] == [
        ("13.1", "p_bank_account", 0.20),
        ("13.3", "p_working_age_unemployed", 0.02),
        ("16.1", "p_secure_tenure", 0.66),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("poverty_line"), "missing key: poverty_line"),
        (lambda d: d["rounds"].append({"code": "month3"}), "rounds[4].code: 'month3'"),
        (lambda d: d["rounds"][1].update(window=[45, 21]), "rounds[1].window"),
        (lambda d: d["income_brackets"][1].update(code=40007999), "income_brackets[1].code"),
        (lambda d: d["income_brackets"][0].update(high=-1), "income_brackets[0].high"),
        (lambda d: d["results_framework"][0].update(indicator="nope"), "results_framework[0]"),
        (lambda d: d["poverty_line"].update(amount="lots"), "poverty_line.amount"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_the_key(change, message):
    data = _good()
    change(data)
    with pytest.raises(MonitoringRulesError, match=message.replace("[", r"\[").replace("]", r"\]")):
        rules_parse(data)


def test_arraigo_check_refuses_a_folder_without_a_usable_file(tmp_path):
    (tmp_path / "monitoring.yaml").write_text("version: x\ncurrency: MXN\n", encoding="utf-8")
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path):
        errors = monitoring_rules_check()
    assert [(e.id, e.msg) for e in errors] == [
        ("arraigo.E040", f"{tmp_path / 'monitoring.yaml'}: missing key: poverty_line")
    ]
    with override_settings(ARRAIGO_PROGRAMME_DIR=tmp_path / "none"):
        assert [e.id for e in monitoring_rules_check()] == ["arraigo.E001"]
