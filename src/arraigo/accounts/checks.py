"""`arraigo check` for security.yaml: optional, but a file that is there must be usable. With
--deploy, a warning when the second factor is not enforced (only the test settings turn it
off)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from .security_rules import rules_path, rules_problem


@register("arraigo")
def security_rules_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problem = rules_problem()
    if problem:
        return [Error(f"{rules_path()}: {problem}", id="arraigo.E060")]
    return []


@register("arraigo", deploy=True)
def second_factor_enforced_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "ARRAIGO_SECOND_FACTOR_ENFORCED", True) is not True:
        return [
            Warning(
                "ARRAIGO_SECOND_FACTOR_ENFORCED is off: coordinators, auditors and M&E officers "
                "sign in without their second factor.",
                hint="Only the test settings turn it off (docs/security.md).",
                id="arraigo.W061",
            )
        ]
    return []
