"""The pure evaluation: facts and a rule set in, a decision with reasons out. No database.

Conditions are decided in three-valued logic: True (met), False (not met), None (information
missing). `all` is False as soon as one item is False, `any` True as soon as one is True,
`not` keeps None. Missing information, precisely:

- a document condition is missing while no document at all is recorded for the household
  (once any document is recorded, the absence of the one asked for counts as not met);
  expired documents are ignored;
- a member filter is missing for a member whose age, willingness, ability or Spanish level is
  not recorded (None), unless another filter already rules that member out;
- a member condition on a household with no members is missing.

Outcome: eligible when every rule is met; by_exception when a rule is not met but some
exception is met (its condition holds and every rule it does not replace is met);
not_eligible when a rule is not met and every exception is not met; pending otherwise (some
information is missing and the outcome could still go either way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from arraigo.core.choices import LANGUAGE_RANK

from .facts import HouseholdFacts, MemberFacts
from .rules import AllOf, AnyMember, AnyOf, Condition, HasDocument, MemberFilter, Not, RuleSet


class Outcome(StrEnum):
    """Same values as registry.models.EligibilityOutcome."""

    PENDING = "pending"
    ELIGIBLE = "eligible"
    BY_EXCEPTION = "by_exception"
    NOT_ELIGIBLE = "not_eligible"


class Result(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    MISSING = "missing"


Tri = bool | None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    label: str
    result: Result
    reason: str
    kind: str = "rule"  # "rule" or "exception"

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "label": self.label,
            "result": str(self.result),
            "reason": self.reason,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class EligibilityResult:
    outcome: Outcome
    ruleset: str  # "name@version"
    rules: tuple[RuleResult, ...]
    exceptions: tuple[RuleResult, ...]

    def as_json(self) -> list[dict[str, str]]:
        """The shape stored on EligibilityDecision.results: rules first, then exceptions."""
        return [r.as_dict() for r in (*self.rules, *self.exceptions)]

    def result_of(self, code: str) -> Result:
        for item in (*self.rules, *self.exceptions):
            if item.rule == code:
                return item.result
        raise KeyError(code)


def _and(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _or(values: list[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def _member_matches(
    member: MemberFacts, flt: MemberFilter, today: dt.date, docs_recorded: bool
) -> Tri:
    checks: list[Tri] = []
    if flt.min_age is not None or flt.max_age is not None:
        age = member.age_on(today)
        if age is None:
            checks.append(None)
        else:
            checks.append(
                (flt.min_age is None or age >= flt.min_age)
                and (flt.max_age is None or age <= flt.max_age)
            )
    for name in ("willing_to_work", "able_to_work"):
        wanted = getattr(flt, name)
        if wanted is not None:
            actual = getattr(member, name)
            checks.append(None if actual is None else actual == wanted)
    if flt.spanish_at_least is not None:
        level = member.spanish_level
        checks.append(
            None
            if level is None
            else LANGUAGE_RANK.get(level, -1) >= LANGUAGE_RANK[flt.spanish_at_least]
        )
    if flt.has_document is not None:
        checks.append(member.holds(flt.has_document, today) if docs_recorded else None)
    if flt.relationship is not None:
        checks.append(member.relationship == flt.relationship)
    return _and(checks)


def condition_evaluate(cond: Condition, facts: HouseholdFacts, today: dt.date) -> Tri:
    """True, False, or None when the information needed is missing."""
    if isinstance(cond, AllOf):
        return _and([condition_evaluate(c, facts, today) for c in cond.items])
    if isinstance(cond, AnyOf):
        return _or([condition_evaluate(c, facts, today) for c in cond.items])
    if isinstance(cond, Not):
        inner = condition_evaluate(cond.item, facts, today)
        return None if inner is None else not inner
    if isinstance(cond, HasDocument):
        if not facts.documents_recorded:
            return None
        return any(m.holds(cond.codes, today) for m in facts.members)
    if isinstance(cond, AnyMember):
        if not facts.members:
            return None
        docs = facts.documents_recorded
        return _or([_member_matches(m, cond.filters, today, docs) for m in facts.members])
    raise TypeError(f"Unknown condition {cond!r}")


def _as_result(value: Tri) -> Result:
    return {True: Result.MET, False: Result.NOT_MET, None: Result.MISSING}[value]


def _tri(result: Result) -> Tri:
    return {Result.MET: True, Result.NOT_MET: False, Result.MISSING: None}[result]


def eligibility_evaluate(
    facts: HouseholdFacts, ruleset: RuleSet, today: dt.date
) -> EligibilityResult:
    """Decide a household's eligibility under `ruleset` on `today`. Pure: no I/O."""
    rule_results = []
    by_code: dict[str, Result] = {}
    for rule in ruleset.rules:
        result = _as_result(condition_evaluate(rule.condition, facts, today))
        by_code[rule.code] = result
        rule_results.append(
            RuleResult(rule.code, rule.label, result, rule.reasons[str(result)], "rule")
        )
    exception_results = []
    for exc in ruleset.exceptions:
        others = [_tri(by_code[r.code]) for r in ruleset.rules if r.code not in exc.replaces]
        value = _and([condition_evaluate(exc.condition, facts, today), *others])
        result = _as_result(value)
        exception_results.append(
            RuleResult(exc.code, exc.label, result, exc.reasons[str(result)], "exception")
        )
    rules_all = _and([_tri(r.result) for r in rule_results])
    exceptions_any = _or([_tri(r.result) for r in exception_results])
    if rules_all is True:
        outcome = Outcome.ELIGIBLE
    elif rules_all is False and exceptions_any is True:
        outcome = Outcome.BY_EXCEPTION
    elif rules_all is False and exceptions_any is False:
        outcome = Outcome.NOT_ELIGIBLE
    else:
        outcome = Outcome.PENDING
    return EligibilityResult(
        outcome=outcome,
        ruleset=ruleset.label,
        rules=tuple(rule_results),
        exceptions=tuple(exception_results),
    )
