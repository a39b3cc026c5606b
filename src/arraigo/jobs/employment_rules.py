"""The programme's employment figures (turnover benchmark, retention marks): employment.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language

RULES_FILENAME = "employment.yaml"


@dataclass(frozen=True)
class EmploymentRules:
    benchmark_rate: float  # monthly turnover, 0.06 for 6%
    benchmark_label_es: str
    benchmark_label_en: str
    benchmark_source_es: str
    benchmark_source_en: str
    retention_months: tuple[int, ...]
    # placement event ("started", "imss_registered") -> plan milestone code it completes
    plan_milestones: dict[str, str]

    @property
    def benchmark_label(self) -> str:
        """The benchmark's name in the active language (Spanish unless English is chosen)."""
        return self.benchmark_label_en if _english() else self.benchmark_label_es

    @property
    def benchmark_source(self) -> str:
        return self.benchmark_source_en if _english() else self.benchmark_source_es


def _english() -> bool:
    return (get_language() or "es").startswith("en")


@functools.cache
def _load(path: Path) -> EmploymentRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    benchmark = data["turnover_benchmark"]
    return EmploymentRules(
        benchmark_rate=float(benchmark["monthly_rate"]),
        benchmark_label_es=str(benchmark["label_es"]),
        benchmark_label_en=str(benchmark["label_en"]),
        benchmark_source_es=str(benchmark["source_es"]),
        benchmark_source_en=str(benchmark["source_en"]),
        retention_months=tuple(int(m) for m in data["retention_months"]),
        plan_milestones={str(k): str(v) for k, v in data.get("plan_milestones", {}).items()},
    )


def employment_rules() -> EmploymentRules:
    return _load(Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME)
