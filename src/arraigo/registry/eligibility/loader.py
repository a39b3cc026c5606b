"""Reading the rule file: once per process per path; tests point at another file."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from django.conf import settings

from arraigo.core.programme_files import wrong_kinds_as

from .rules import RuleSet, RulesetError, ruleset_parse

RULES_FILENAME = "eligibility.yaml"


def ruleset_path() -> Path:
    """The programme's rule file: ARRAIGO_PROGRAMME_DIR / eligibility.yaml."""
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


def ruleset_load(path: Path) -> RuleSet:
    """Read and validate a rule file (not cached). Raises RulesetError naming the problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"Cannot read the eligibility rules at {path}: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesetError(f"The eligibility rules at {path} are not valid YAML: {exc}") from exc
    with wrong_kinds_as(RulesetError):
        return ruleset_parse(data)


@functools.lru_cache(maxsize=4)
def _ruleset_cached(path: Path) -> RuleSet:
    return ruleset_load(path)


def ruleset_current() -> RuleSet:
    """The programme's rule set, read once per process (per path: override the setting
    ARRAIGO_PROGRAMME_DIR in a test to use another file, or call ruleset_cache_clear)."""
    return _ruleset_cached(ruleset_path().resolve())


def ruleset_cache_clear() -> None:
    _ruleset_cached.cache_clear()
