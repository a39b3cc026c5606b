"""System checks run by `arraigo check`: the registry's programme files load and are consistent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from arraigo.registry.eligibility import eligibility_rules_check


@register("arraigo")
def programme_files_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    directory = settings.ARRAIGO_PROGRAMME_DIR
    errors: list[Error] = []
    for name in ("document_types.yaml", "eligibility.yaml"):
        path = directory / name
        if not path.exists():
            errors.append(Error(f"Programme file missing: {path}", id="arraigo.E001"))
    if errors:
        return errors
    return list(eligibility_rules_check(app_configs))
