"""`arraigo check` for monitoring.yaml and surveys.yaml: the files are there and every key
can be used."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from . import instruments
from .programme import MonitoringRulesError, _load, rules_path


@register("arraigo")
def monitoring_rules_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    path = rules_path()
    if not path.exists():
        return [Error(f"Programme file missing: {path}", id="arraigo.E001")]
    try:
        _load(path)
    except MonitoringRulesError as exc:
        return [Error(f"{path}: {exc}", id="arraigo.E040")]
    return []


@register("arraigo")
def survey_instruments_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    path = instruments.instruments_path()
    if not path.exists():
        return [Error(f"Programme file missing: {path}", id="arraigo.E001")]
    try:
        instruments._load(path)
    except instruments.InstrumentsError as exc:
        return [Error(f"{path}: {exc}", id="arraigo.E041")]
    return []
