"""The programme's eligibility rules on many households at once, each distinct case decided
once.

The engine (registry.eligibility) reads a household's members only through "some member
matches this filter" and "some member holds this document", and a member's age only against
the rules' min_age and max_age. So two households whose members, taken as a set, fall in the
same age brackets with the same willingness, ability, Spanish level, relationship and valid
documents get the same decision, reasons included. An import of 100,000 households has a few
thousand such cases: each is evaluated once by the engine itself, on the first household
that has it, and the answer reused. A rule set with a condition this module does not know is
evaluated household by household.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Hashable

from arraigo.registry.eligibility import (
    EligibilityResult,
    HouseholdFacts,
    RuleSet,
    eligibility_evaluate,
)
from arraigo.registry.eligibility.rules import AllOf, AnyMember, AnyOf, HasDocument, Not


def _thresholds(ruleset: RuleSet) -> list[int] | None:
    """The ages where a rule's answer may change (min_age, max_age + 1); None when a
    condition is of a kind this cache does not know."""
    found: set[int] = set()

    def walk(condition: object) -> bool:
        if isinstance(condition, AllOf | AnyOf):
            return all(walk(item) for item in condition.items)
        if isinstance(condition, Not):
            return walk(condition.item)
        if isinstance(condition, AnyMember):
            if condition.filters.min_age is not None:
                found.add(condition.filters.min_age)
            if condition.filters.max_age is not None:
                found.add(condition.filters.max_age + 1)
            return True
        return isinstance(condition, HasDocument)

    conditions = [r.condition for r in ruleset.rules] + [e.condition for e in ruleset.exceptions]
    return sorted(found) if all(walk(c) for c in conditions) else None


class EligibilityCache:
    def __init__(self, ruleset: RuleSet, today: dt.date) -> None:
        self.ruleset = ruleset
        self.today = today
        self.thresholds = _thresholds(ruleset)
        self.decided: dict[Hashable, EligibilityResult] = {}

    def _key(self, facts: HouseholdFacts) -> Hashable:
        assert self.thresholds is not None
        today = self.today
        return frozenset(
            (
                None if (age := m.age_on(today)) is None else bisect_right(self.thresholds, age),
                m.willing_to_work,
                m.able_to_work,
                m.spanish_level,
                m.relationship,
                frozenset((d.type_code, d.valid_on(today)) for d in m.documents),
            )
            for m in facts.members
        )

    def evaluate(self, facts: HouseholdFacts) -> EligibilityResult:
        if self.thresholds is None:
            return eligibility_evaluate(facts, self.ruleset, self.today)
        key = self._key(facts)
        found = self.decided.get(key)
        if found is None:
            found = self.decided[key] = eligibility_evaluate(facts, self.ruleset, self.today)
        return found
