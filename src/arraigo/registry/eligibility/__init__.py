"""Eligibility as data: a rule file, a pure engine, and facts built from a household.

    ruleset = ruleset_current()                       # cached read of eligibility.yaml
    result = eligibility_evaluate(household_facts(h), ruleset, today)
    result.outcome, result.as_json()

The stored decision and the status moves are in registry.services (eligibility_recompute).
"""

from .checks import eligibility_rules_check
from .engine import EligibilityResult, Outcome, Result, RuleResult, eligibility_evaluate
from .facts import DocumentFact, HouseholdFacts, MemberFacts
from .loader import ruleset_cache_clear, ruleset_current, ruleset_load, ruleset_path
from .records import household_facts
from .rules import ExceptionRule, Rule, RuleSet, RulesetError, ruleset_parse

__all__ = [
    "DocumentFact",
    "EligibilityResult",
    "ExceptionRule",
    "HouseholdFacts",
    "MemberFacts",
    "Outcome",
    "Result",
    "Rule",
    "RuleResult",
    "RuleSet",
    "RulesetError",
    "eligibility_evaluate",
    "eligibility_rules_check",
    "household_facts",
    "ruleset_cache_clear",
    "ruleset_current",
    "ruleset_load",
    "ruleset_parse",
    "ruleset_path",
]
