"""Storing eligibility decisions and moving households by them; approving exceptions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, ValidationFailed
from arraigo.registry.eligibility import (
    RuleSet,
    eligibility_evaluate,
    household_facts,
    ruleset_current,
)
from arraigo.registry.journey import ELIGIBILITY_STATUSES
from arraigo.registry.models import (
    EligibilityDecision,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
)
from arraigo.registry.rows import REASON_MAX_LENGTH, decision_reason, eligibility_decision_row

from .access import household_write_check
from .transitions import status_move_automatic


def _status_for(household: Household) -> str:
    """Where the decision puts a household that has not been profiled yet."""
    outcome = household.eligibility
    if outcome == EligibilityOutcome.ELIGIBLE:
        return HouseholdStatus.ELIGIBLE
    if outcome == EligibilityOutcome.NOT_ELIGIBLE:
        return HouseholdStatus.NOT_ELIGIBLE
    if outcome == EligibilityOutcome.BY_EXCEPTION and household.exception_approved_at:
        return HouseholdStatus.ELIGIBLE
    return HouseholdStatus.REGISTERED  # pending, or by exception waiting for approval


def _decision_reason(decision: EligibilityDecision) -> str:
    return decision_reason(
        decision_id=decision.pk, ruleset=decision.ruleset, outcome=decision.outcome
    )


@transaction.atomic
def eligibility_recompute(
    *, household: Household, actor: User | None = None, ruleset: RuleSet | None = None
) -> EligibilityDecision:
    """Evaluate the rules on the household's current data and act on the outcome.

    Stores a decision row (unless it is identical to the latest one, which is returned),
    sets Household.eligibility, and, only while the household is registered, eligible or not
    eligible, moves its status to match. An exception approval stays valid only while the
    outcome stays by_exception. Households past that point keep their status.
    """
    ruleset = ruleset or ruleset_current()
    locked = Household.objects.select_for_update().get(pk=household.pk)
    result = eligibility_evaluate(household_facts(locked), ruleset, timezone.localdate())
    latest = locked.eligibility_decisions.order_by("-decided_at", "-id").first()
    if (
        latest is not None
        and latest.outcome == result.outcome
        and latest.ruleset == result.ruleset
        and latest.results == result.as_json()
    ):
        decision = latest
    else:
        decision = eligibility_decision_row(
            household_id=locked.pk,
            outcome=result.outcome,
            ruleset=result.ruleset,
            results=result.as_json(),
            decided_at=timezone.now(),
            decided_by_id=actor.pk if actor is not None else None,
        )
        decision.save()
    fields = []
    if locked.eligibility != decision.outcome:
        locked.eligibility = decision.outcome
        fields.append("eligibility")
    if decision.outcome != EligibilityOutcome.BY_EXCEPTION and locked.exception_approved_at:
        locked.exception_approved_by = None
        locked.exception_approved_at = None
        locked.exception_reason = ""
        fields += ["exception_approved_by", "exception_approved_at", "exception_reason"]
    if fields:
        locked.save(update_fields=[*fields, "updated_at"])
    target = _status_for(locked)
    if locked.status in ELIGIBILITY_STATUSES and locked.status != target:
        status_move_automatic(
            household=locked, to_status=target, actor=actor, reason=_decision_reason(decision)
        )
    _copy_back(locked, household)
    return decision


def _copy_back(source: Household, target: Household) -> None:
    for name in (
        "status",
        "eligibility",
        "exception_approved_by_id",
        "exception_approved_at",
        "exception_reason",
        "updated_at",
    ):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def eligibility_exception_approve(*, actor: User, household: Household, reason: str) -> Household:
    """A coordinator approves a household eligible by exception; it then becomes eligible."""
    household_write_check(actor, household, "registry.approve_exception")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Give a reason for approving the exception.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationFailed(
            {"reason": [_("At most %(max)d characters.") % {"max": REASON_MAX_LENGTH}]}
        )
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if locked.eligibility != EligibilityOutcome.BY_EXCEPTION:
        raise InvalidTransition(
            _("Only a household eligible by exception needs an approval; this one is %(o)s.")
            % {"o": EligibilityOutcome(locked.eligibility).label}
        )
    if locked.exception_approved_at is not None:
        raise InvalidTransition(_("This exception has already been approved."))
    locked.exception_approved_by = actor
    locked.exception_approved_at = timezone.now()
    locked.exception_reason = reason
    locked.save(
        update_fields=[
            "exception_approved_by",
            "exception_approved_at",
            "exception_reason",
            "updated_at",
        ]
    )
    if locked.status in ELIGIBILITY_STATUSES and locked.status != HouseholdStatus.ELIGIBLE:
        status_move_automatic(
            household=locked,
            to_status=HouseholdStatus.ELIGIBLE,
            actor=actor,
            reason=_("Exception approved: %(reason)s") % {"reason": reason},
        )
    _copy_back(locked, household)
    return locked
