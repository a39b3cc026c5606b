"""The programme's monitoring file (monitoring.yaml): rounds and their due windows, the
poverty line, the income brackets and the results-framework targets, as plain dataclasses.

`monitoring_rules()` reads ARRAIGO_PROGRAMME_DIR/monitoring.yaml once per path; a file that
cannot be fully used raises MonitoringRulesError with the key at fault (`arraigo check`
reports it).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import get_language

from .indicators import ROUNDS, Bracket, Measures, indicator_list

RULES_FILENAME = "monitoring.yaml"
POPULATIONS = ("refugees_and_asylum_seekers", "refugees", "asylum_seekers", "stateless")


class MonitoringRulesError(ValueError):
    pass


@dataclass(frozen=True)
class RoundRule:
    code: str
    window: tuple[int, int] | None  # days after the start; None: taken at profiling
    required: bool


@dataclass(frozen=True)
class FrameworkRow:
    ref: str
    title_en: str
    title_es: str
    indicator: str
    round: str
    population: str
    baseline: float | None
    target: float | None

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "es").startswith("en") else self.title_es


@dataclass(frozen=True)
class MonitoringRules:
    version: str
    currency: str
    rounds: tuple[RoundRule, ...]
    measures: Measures
    poverty_source: str
    poverty_as_of: dt.date
    framework: tuple[FrameworkRow, ...]

    def round(self, code: str) -> RoundRule:
        return next(r for r in self.rounds if r.code == code)


def _decimal(value: Any, key: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise MonitoringRulesError(f"{key}: not a number: {value!r}") from None
    if number < 0:
        raise MonitoringRulesError(f"{key}: must be at least 0")
    return number


def _rounds(raw: Any) -> tuple[RoundRule, ...]:
    if not isinstance(raw, list) or not raw:
        raise MonitoringRulesError("rounds: a list of rounds is needed")
    rounds = []
    for i, item in enumerate(raw):
        code = str(item.get("code", ""))
        if code not in ROUNDS:
            raise MonitoringRulesError(f"rounds[{i}].code: {code!r} is not one of {ROUNDS}")
        window = item.get("window")
        if window is not None:
            if not (isinstance(window, list) and len(window) == 2):
                raise MonitoringRulesError(f"rounds[{i}].window: give [first day, last day]")
            low, high = int(window[0]), int(window[1])
            if not 0 <= low <= high:
                raise MonitoringRulesError(f"rounds[{i}].window: first day after last day")
            window = (low, high)
        rounds.append(RoundRule(code, window, bool(item.get("required", True))))
    return tuple(rounds)


def _brackets(raw: Any) -> tuple[Bracket, ...]:
    if not isinstance(raw, list) or not raw:
        raise MonitoringRulesError("income_brackets: a list of brackets is needed")
    brackets = []
    for i, item in enumerate(raw):
        high = item.get("high")
        code = item["code"]
        if not isinstance(code, str):  # YAML reads 4000_7999 as a number: quote codes
            raise MonitoringRulesError(f"income_brackets[{i}].code: write it in quotes")
        bracket = Bracket(
            code=code,
            low=_decimal(item.get("low", 0), f"income_brackets[{i}].low"),
            high=None if high is None else _decimal(high, f"income_brackets[{i}].high"),
            high_included=bool(item.get("high_included", False)),
        )
        if bracket.high is not None and bracket.high < bracket.low:
            raise MonitoringRulesError(f"income_brackets[{i}]: high is below low")
        brackets.append(bracket)
    return tuple(brackets)


def _framework(raw: Any, known: set[str]) -> tuple[FrameworkRow, ...]:
    rows = []
    for i, item in enumerate(raw or []):
        key = f"results_framework[{i}]"
        if item.get("round") not in ROUNDS:
            raise MonitoringRulesError(f"{key}.round: {item.get('round')!r} is not a round")
        if item.get("population") not in POPULATIONS:
            raise MonitoringRulesError(f"{key}.population: one of {POPULATIONS}")
        if item.get("indicator") not in known:
            raise MonitoringRulesError(f"{key}.indicator: unknown {item.get('indicator')!r}")
        share = {
            name: None if item.get(name) is None else float(item[name])
            for name in ("baseline", "target")
        }
        rows.append(
            FrameworkRow(
                ref=str(item["ref"]),
                title_en=str(item["title_en"]),
                title_es=str(item["title_es"]),
                indicator=str(item["indicator"]),
                round=str(item["round"]),
                population=str(item["population"]),
                baseline=share["baseline"],
                target=share["target"],
            )
        )
    return tuple(rows)


# Framework rows may also name these measures, which the report derives (not in the JSON).
FRAMEWORK_EXTRA = ("p_working_age_unemployed", "p_secure_tenure")


def rules_parse(data: Any) -> MonitoringRules:
    if not isinstance(data, dict):
        raise MonitoringRulesError("the file must be a mapping of keys")
    try:
        poverty = data["poverty_line"]
        measures = Measures(
            poverty_line=_decimal(poverty["amount"], "poverty_line.amount"),
            brackets=_brackets(data.get("income_brackets")),
        )
        as_of = poverty["as_of"]
        if not isinstance(as_of, dt.date):
            as_of = dt.date.fromisoformat(str(as_of))
        known = {i.code for i in indicator_list(measures)} | set(FRAMEWORK_EXTRA)
        return MonitoringRules(
            version=str(data["version"]),
            currency=str(data["currency"]),
            rounds=_rounds(data.get("rounds")),
            measures=measures,
            poverty_source=str(poverty["source"]),
            poverty_as_of=as_of,
            framework=_framework(data.get("results_framework"), known),
        )
    except KeyError as exc:
        raise MonitoringRulesError(f"missing key: {exc.args[0]}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, MonitoringRulesError):
            raise
        raise MonitoringRulesError(str(exc)) from None


@functools.cache
def _load(path: Path) -> MonitoringRules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MonitoringRulesError(f"not YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise MonitoringRulesError(f"not UTF-8 text: {exc.reason}") from None
    return rules_parse(data)


def rules_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / RULES_FILENAME


def monitoring_rules() -> MonitoringRules:
    return _load(rules_path())
