"""The retention rules applied: households and feedback cases kept past the programme's
limits (retention.yaml) are erased, as the system, through the erasure service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from arraigo.accounts.audit import audit_event
from arraigo.core.errors import ValidationFailed

from ..models import RetentionRun
from ..retention_rules import retention_rules
from ..selectors import feedback_due, households_due
from .erasure import household_erase, search_index_compact
from .sweep import Sweep


@dataclass
class RetentionResult:
    """Per rule: households erased (or due, in a dry run), feedback cases removed, and
    households due but refused for now (a trip or a payment under way)."""

    dry_run: bool
    households: dict[str, int] = field(default_factory=dict)
    feedback: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    run: RetentionRun | None = None


def retention_apply(*, today: dt.date, dry_run: bool = False) -> RetentionResult:
    """Apply every rule as of `today`. Each household is erased in a transaction of its own
    (one refused does not hold the others back); the run is recorded and audited."""
    rules = retention_rules()
    result = RetentionResult(dry_run=dry_run)
    for rule in rules.households:
        due = list(households_due(rule, today))
        result.households[rule.name] = 0 if not dry_run else len(due)
        result.refused[rule.name] = 0
        if dry_run:
            continue
        for household in due:
            try:
                household_erase(household=household, actor=None, rule=rule.name, compact=False)
            except ValidationFailed:
                result.refused[rule.name] += 1
            else:
                result.households[rule.name] += 1
    for rule in rules.feedback:
        cases = feedback_due(rule, today)
        result.feedback[rule.name] = (
            cases.count() if dry_run else _feedback_remove(cases, rule.name)
        )
    if not dry_run:
        result.run = _run_record(today, result)
        search_index_compact()
    return result


@transaction.atomic
def _feedback_remove(cases: object, rule: str) -> int:
    sweep = Sweep()
    sweep.remove(cases)  # type: ignore[arg-type]
    sweep.pseudonymise_trail(label=f"erased-retention-{rule}")
    return sweep.counts.get("feedback.FeedbackCase", 0)


@transaction.atomic
def _run_record(today: dt.date, result: RetentionResult) -> RetentionRun:
    counts = {
        "households": result.households,
        "feedback": result.feedback,
        "refused": result.refused,
    }
    run = RetentionRun.objects.create(ran_at=timezone.now(), applied_for=today, counts=counts)
    audit_event(actor=None, obj=run, event="retention", details=counts)
    return run
