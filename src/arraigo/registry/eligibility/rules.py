"""A rule set as data: parse and validate the programme's eligibility.yaml.

The condition vocabulary (each condition is a mapping with exactly one key):

    all: [condition, ...]            every condition holds
    any: [condition, ...]            at least one holds
    not: condition                   the condition does not hold
    any_member_has_document: code    a member holds an unexpired document of this type
                                     (or a list of codes: any of them)
    any_member: {filters}            a member matches every filter given:
        min_age: 18                  aged at least this many years today
        max_age: 64                  aged at most this many years today
        willing_to_work: true|false
        able_to_work: true|false
        spanish_at_least: intermediate   none < basic < intermediate < fluent < native
        has_document: code | [codes]
        relationship: head | spouse | ...

Errors name the rule (or exception) and the problem, so a programme officer can fix the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arraigo.core.choices import LANGUAGE_RANK

RESULT_KEYS = ("met", "not_met", "missing")


class RulesetError(ValueError):
    """The rule file is malformed; the message names the rule and what is wrong."""


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class HasDocument:
    codes: tuple[str, ...]


@dataclass(frozen=True)
class MemberFilter:
    min_age: int | None = None
    max_age: int | None = None
    willing_to_work: bool | None = None
    able_to_work: bool | None = None
    spanish_at_least: str | None = None
    has_document: tuple[str, ...] | None = None
    relationship: str | None = None


@dataclass(frozen=True)
class AnyMember:
    filters: MemberFilter


Condition = AllOf | AnyOf | Not | HasDocument | AnyMember


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    condition: Condition
    reasons: dict[str, str]  # met / not_met / missing -> text


@dataclass(frozen=True)
class ExceptionRule:
    """Applies when the main rules fail: its condition holds, and every main rule it does
    not `replace` is met."""

    code: str
    label: str
    condition: Condition
    replaces: tuple[str, ...]
    reasons: dict[str, str]


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: str
    rules: tuple[Rule, ...]
    exceptions: tuple[ExceptionRule, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def document_codes(self) -> set[str]:
        """Every document type the rules mention (for cross-checking document_types.yaml)."""
        found: set[str] = set()
        items: tuple[Rule | ExceptionRule, ...] = (*self.rules, *self.exceptions)
        for item in items:
            _collect_codes(item.condition, found)
        return found


def _collect_codes(cond: Condition, found: set[str]) -> None:
    if isinstance(cond, AllOf | AnyOf):
        for sub in cond.items:
            _collect_codes(sub, found)
    elif isinstance(cond, Not):
        _collect_codes(cond.item, found)
    elif isinstance(cond, HasDocument):
        found.update(cond.codes)
    elif isinstance(cond, AnyMember) and cond.filters.has_document:
        found.update(cond.filters.has_document)


def _codes(value: Any, where: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(i, str) and i for i in items):
        raise RulesetError(f"{where}: a document type code or a list of codes is expected.")
    return tuple(items)


_INT_FILTERS = ("min_age", "max_age")
_BOOL_FILTERS = ("willing_to_work", "able_to_work")


def _member_filter(value: Any, where: str) -> MemberFilter:
    if not isinstance(value, dict) or not value:
        raise RulesetError(f"{where}: 'any_member' needs a mapping of filters.")
    known = {*_INT_FILTERS, *_BOOL_FILTERS, "spanish_at_least", "has_document", "relationship"}
    unknown = sorted(set(value) - known)
    if unknown:
        raise RulesetError(
            f"{where}: unknown member filter {unknown[0]!r} (known: {', '.join(sorted(known))})."
        )
    for key in _INT_FILTERS:
        if key in value and (isinstance(value[key], bool) or not isinstance(value[key], int)):
            raise RulesetError(f"{where}: {key} must be a whole number.")
    for key in _BOOL_FILTERS:
        if key in value and not isinstance(value[key], bool):
            raise RulesetError(f"{where}: {key} must be true or false.")
    level = value.get("spanish_at_least")
    if level is not None and level not in LANGUAGE_RANK:
        raise RulesetError(
            f"{where}: unknown Spanish level {level!r} (known: {', '.join(LANGUAGE_RANK)})."
        )
    return MemberFilter(
        min_age=value.get("min_age"),
        max_age=value.get("max_age"),
        willing_to_work=value.get("willing_to_work"),
        able_to_work=value.get("able_to_work"),
        spanish_at_least=level,
        has_document=_codes(value["has_document"], where) if "has_document" in value else None,
        relationship=value.get("relationship"),
    )


def condition_parse(value: Any, where: str) -> Condition:
    """Turn one YAML condition into its dataclass, or raise RulesetError naming `where`."""
    if not isinstance(value, dict) or len(value) != 1:
        raise RulesetError(f"{where}: a condition is a mapping with exactly one key.")
    ((key, arg),) = value.items()
    if key in {"all", "any"}:
        if not isinstance(arg, list) or not arg:
            raise RulesetError(f"{where}: '{key}' needs a non-empty list of conditions.")
        items = tuple(condition_parse(sub, where) for sub in arg)
        return AllOf(items) if key == "all" else AnyOf(items)
    if key == "not":
        return Not(condition_parse(arg, where))
    if key == "any_member_has_document":
        return HasDocument(_codes(arg, where))
    if key == "any_member":
        return AnyMember(_member_filter(arg, where))
    raise RulesetError(
        f"{where}: unknown condition {key!r} (known: all, any, not, any_member_has_document, "
        "any_member)."
    )


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesetError(f"{where}: '{key}' is required and must be text.")
    return value.strip()


def _reasons(entry: dict[str, Any], where: str) -> dict[str, str]:
    reasons = entry.get("reasons")
    if not isinstance(reasons, dict):
        raise RulesetError(f"{where}: 'reasons' must give a text for {', '.join(RESULT_KEYS)}.")
    return {key: _text(reasons, key, f"{where} reasons") for key in RESULT_KEYS}


def _entry_head(entry: Any, index: int, kind: str, seen: set[str]) -> tuple[str, str]:
    if not isinstance(entry, dict):
        raise RulesetError(f"{kind} number {index + 1}: must be a mapping.")
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip():
        raise RulesetError(f"{kind} number {index + 1}: 'code' is required.")
    where = f"{kind} {code!r}"
    if code in seen:
        raise RulesetError(f"{where}: the code is used twice.")
    seen.add(code)
    return code, where


def ruleset_parse(data: Any) -> RuleSet:
    """Validate a loaded YAML document and build the RuleSet."""
    if not isinstance(data, dict):
        raise RulesetError("The eligibility file must be a mapping with name, version and rules.")
    name = _text(data, "name", "The rule set")
    version = data.get("version")
    if version is None or isinstance(version, bool) or str(version).strip() == "":
        raise RulesetError("The rule set: 'version' is required.")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesetError("The rule set: 'rules' must be a non-empty list.")
    seen: set[str] = set()
    rules = []
    for index, entry in enumerate(raw_rules):
        code, where = _entry_head(entry, index, "Rule", seen)
        if "when" not in entry:
            raise RulesetError(f"{where}: 'when' (the condition) is required.")
        rules.append(
            Rule(
                code=code,
                label=_text(entry, "label", where),
                condition=condition_parse(entry["when"], where),
                reasons=_reasons(entry, where),
            )
        )
    rule_codes = {r.code for r in rules}
    raw_exceptions = data.get("exceptions") or []
    if not isinstance(raw_exceptions, list):
        raise RulesetError("The rule set: 'exceptions' must be a list.")
    exceptions = []
    for index, entry in enumerate(raw_exceptions):
        code, where = _entry_head(entry, index, "Exception", seen)
        if "when" not in entry:
            raise RulesetError(f"{where}: 'when' (the condition) is required.")
        replaces = entry.get("replaces")
        if not isinstance(replaces, list) or not replaces:
            raise RulesetError(f"{where}: 'replaces' must list the rule codes it stands in for.")
        unknown = [r for r in replaces if r not in rule_codes]
        if unknown:
            raise RulesetError(f"{where}: 'replaces' names an unknown rule {unknown[0]!r}.")
        exceptions.append(
            ExceptionRule(
                code=code,
                label=_text(entry, "label", where),
                condition=condition_parse(entry["when"], where),
                replaces=tuple(replaces),
                reasons=_reasons(entry, where),
            )
        )
    return RuleSet(
        name=name, version=str(version), rules=tuple(rules), exceptions=tuple(exceptions)
    )
