"""`arraigo check` for the relocation rules: relocation.yaml is there and every key is valid
(the night limits, the extension ceiling, the grant tables)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from .rules import RelocationRulesError, rules_load, rules_path


@register("arraigo")
def relocation_rules_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    path = rules_path()
    if not path.exists():
        return [Error(f"Programme file missing: {path}", id="arraigo.E001")]
    try:
        rules_load(path)
    except RelocationRulesError as exc:
        message = str(exc)
        return [Error(message if str(path) in message else f"{path}: {message}", id="arraigo.E020")]
    return []
