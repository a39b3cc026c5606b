"""The programme's employment figures (turnover benchmark, retention marks): employment.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

RULES_FILENAME = "employment.yaml"


@dataclass(frozen=True)
class EmploymentRules:
    benchmark_rate: float  # monthly turnover, 0.06 for 6%
    benchmark_label: str
    benchmark_source: str
    retention_months: tuple[int, ...]


@functools.cache
def _load(path: Path) -> EmploymentRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    benchmark = data["turnover_benchmark"]
    return EmploymentRules(
        benchmark_rate=float(benchmark["monthly_rate"]),
        benchmark_label=str(benchmark["label"]),
        benchmark_source=str(benchmark["source"]),
        retention_months=tuple(int(m) for m in data["retention_months"]),
    )


def employment_rules() -> EmploymentRules:
    return _load(Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME)
