"""A system check for `arraigo check`: the rule file parses and names known document types.

Core calls `eligibility_rules_check` from its programme file checks.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.core.checks import Error

from .loader import ruleset_load, ruleset_path
from .rules import RulesetError

DOCUMENT_TYPES_FILENAME = "document_types.yaml"


def _document_type_codes(path: Any) -> set[str] | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(data, list):
        return None
    return {str(item["code"]) for item in data if isinstance(item, dict) and "code" in item}


def eligibility_rules_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Errors for a malformed eligibility.yaml or rules naming unknown document types."""
    path = ruleset_path()
    if not path.exists():
        return []  # core's programme_files_check reports the missing file
    try:
        ruleset = ruleset_load(path)
    except RulesetError as exc:
        return [Error(f"{path}: {exc}", id="arraigo.E010")]
    known = _document_type_codes(path.parent / DOCUMENT_TYPES_FILENAME)
    if known is None:
        return []
    return [
        Error(
            f"{path}: the rules mention document type {code!r}, which is not in "
            f"{DOCUMENT_TYPES_FILENAME}.",
            id="arraigo.E011",
        )
        for code in sorted(ruleset.document_codes() - known)
    ]
