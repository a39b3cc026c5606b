"""The programme's retention rules: ARRAIGO_PROGRAMME_DIR/retention.yaml, required, refused by
`arraigo check` when it holds a key or value it cannot use (checks.py).

    households:                 # erased through the erasure service, by `arraigo retention`
      - name: closed_cases
        statuses: [closed]      # the household's current status
        after_years: 10         # years since it reached that status
    feedback:                   # feedback cases (with or without a household)
      - name: closed_feedback
        statuses: [closed, responded]
        after_years: 5          # years since the case was received

A household is due when its status is one of `statuses` and it reached that status (its last
status change to it; its registration if it has none) `after_years` or more before the day the
rules are applied. A feedback case is due likewise, counted from when it was received.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from arraigo.feedback.models import FeedbackStatus
from arraigo.registry.choices import HouseholdStatus

RULES_FILENAME = "retention.yaml"
YEARS = (1, 100)
NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
SECTIONS = {"households": HouseholdStatus.values, "feedback": FeedbackStatus.values}


class RetentionRulesError(ValueError):
    """retention.yaml cannot be used as it is."""


@dataclass(frozen=True)
class RetentionRule:
    name: str
    statuses: tuple[str, ...]
    after_years: int


@dataclass(frozen=True)
class RetentionRules:
    households: tuple[RetentionRule, ...]
    feedback: tuple[RetentionRule, ...]


def rules_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


def _rule(section: str, index: int, item: Any, allowed: list[str]) -> RetentionRule:
    where = f"{section}[{index}]"
    if not isinstance(item, dict):
        raise RetentionRulesError(f"{where} must be a mapping (name, statuses, after_years)")
    unknown = set(item) - {"name", "statuses", "after_years"}
    missing = {"name", "statuses", "after_years"} - set(item)
    if unknown or missing:
        raise RetentionRulesError(
            f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
        )
    name = item["name"]
    if not isinstance(name, str) or not NAME.match(name):
        raise RetentionRulesError(f"{where}.name must be a lower-case code (a-z, 0-9, _)")
    statuses = item["statuses"]
    if (
        not isinstance(statuses, list)
        or not statuses
        or any(status not in allowed for status in statuses)
    ):
        raise RetentionRulesError(f"{where}.statuses must list statuses among {sorted(allowed)}")
    years = item["after_years"]
    low, high = YEARS
    if not isinstance(years, int) or isinstance(years, bool) or not low <= years <= high:
        raise RetentionRulesError(f"{where}.after_years must be a whole number {low}-{high}")
    return RetentionRule(name, tuple(str(status) for status in statuses), years)


def _section(data: dict[str, Any], section: str) -> tuple[RetentionRule, ...]:
    items = data.get(section, [])
    if not isinstance(items, list):
        raise RetentionRulesError(f"{section} must be a list of rules")
    rules = tuple(_rule(section, i, item, SECTIONS[section]) for i, item in enumerate(items))
    names = [rule.name for rule in rules]
    if len(set(names)) != len(names):
        raise RetentionRulesError(f"{section}: two rules have the same name")
    return rules


@functools.cache
def _load(path: Path) -> RetentionRules:
    if not path.exists():
        raise RetentionRulesError("the file is missing")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise RetentionRulesError("the file must be a mapping (households:, feedback:)")
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise RetentionRulesError(f"unknown sections {sorted(unknown)}")
    return RetentionRules(_section(data, "households"), _section(data, "feedback"))


def retention_rules() -> RetentionRules:
    return _load(rules_path())


def rules_problem() -> str | None:
    """Why retention.yaml cannot be used, or None (arraigo check)."""
    try:
        _load.__wrapped__(rules_path())
    except (RetentionRulesError, yaml.YAMLError) as exc:
        return str(exc)
    return None
