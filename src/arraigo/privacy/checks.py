"""`arraigo check` for retention.yaml: required, and it must be usable."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from .retention_rules import rules_path, rules_problem


@register("arraigo")
def retention_rules_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problem = rules_problem()
    if problem:
        return [Error(f"{rules_path()}: {problem}", id="arraigo.E070")]
    return []
