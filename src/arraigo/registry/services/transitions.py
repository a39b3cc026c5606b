"""Moving a household along its journey; the allowed moves are data in registry/journey.py."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.journey import move_find
from arraigo.registry.models import (
    ClosureReason,
    EligibilityOutcome,
    Household,
    HouseholdStatus,
    Modality,
)
from arraigo.registry.rows import REASON_MAX_LENGTH, status_change_row

from .access import household_write_check


def _label(status: str) -> str:
    return str(HouseholdStatus(status).label) if status in HouseholdStatus.values else status


def _eligibility_allows(household: Household) -> bool:
    """ELIGIBLE needs an eligible decision, or one by exception that a coordinator approved."""
    if household.eligibility == EligibilityOutcome.ELIGIBLE:
        return True
    return (
        household.eligibility == EligibilityOutcome.BY_EXCEPTION
        and household.exception_approved_at is not None
    )


def status_record(
    *,
    household: Household,
    to_status: str,
    actor: User | None,
    reason: str,
    closure_reason: str = "",
) -> Household:
    """Write the new status and its StatusChange row. Callers have checked the move."""
    status_change_row(
        household_id=household.pk,
        from_status=household.status,
        to_status=to_status,
        changed_by_id=actor.pk if actor is not None else None,
        changed_at=timezone.now(),
        reason=reason,
        closure_reason=closure_reason,
    ).save()
    household.status = to_status
    household.save(update_fields=["status", "updated_at"])
    return household


def status_move_automatic(
    *, household: Household, to_status: str, actor: User | None, reason: str
) -> Household:
    """A move made by the eligibility decision (journey moves marked automatic)."""
    move = move_find(household.status, to_status, household.modality)
    if move is None or not move.automatic:
        raise InvalidTransition(
            _("A household cannot go from %(source)s to %(target)s.")
            % {"source": _label(household.status), "target": _label(to_status)}
        )
    if to_status == HouseholdStatus.ELIGIBLE and not _eligibility_allows(household):
        raise InvalidTransition(
            _("The household is eligible only by exception: a coordinator must approve it first.")
        )
    return status_record(household=household, to_status=to_status, actor=actor, reason=reason)


@transaction.atomic
def household_transition(
    *,
    actor: User,
    household: Household,
    to_status: str,
    reason: str = "",
    by_plan: bool = False,
    closure_reason: str = "",
) -> Household:
    """Move `household` to `to_status` if the journey allows it from its current status and
    `actor`'s role may make that move. Locks the row; records who, when and why.

    `by_plan` is set only by the relocation services: the moves of a trip (booked, travelled,
    arrived) happen through the plan's booking, departure and check-in, not by hand."""
    household_write_check(actor, household, "registry.change_household")
    locked = Household.objects.select_for_update().get(pk=household.pk)
    reason = reason.strip()
    if to_status not in HouseholdStatus.values:
        raise InvalidTransition(_("Unknown status: %(status)s") % {"status": to_status})
    move = move_find(locked.status, to_status, locked.modality)
    if move is None:
        raise InvalidTransition(
            _("A household cannot go from %(source)s to %(target)s.")
            % {"source": _label(locked.status), "target": _label(to_status)}
        )
    if move.automatic:
        names = {"source": _label(locked.status), "target": _label(to_status)}
        if move.modality == Modality.RELOCATION:  # the trip's own steps (relocation app)
            raise InvalidTransition(
                _(
                    "A household goes from %(source)s to %(target)s only through its "
                    "relocation plan, not by hand."
                )
                % names
            )
        raise InvalidTransition(
            _(
                "A household goes from %(source)s to %(target)s only by its eligibility "
                "decision, not by hand."
            )
            % names
        )
    if move.by_plan and not by_plan:
        raise InvalidTransition(
            _(
                "A household goes from %(source)s to %(target)s only through its "
                "relocation plan, not by hand."
            )
            % {"source": _label(locked.status), "target": _label(to_status)}
        )
    if actor.role not in move.roles:
        raise NotPermitted(
            _("Your role cannot move a household from %(source)s to %(target)s.")
            % {"source": _label(locked.status), "target": _label(to_status)}
        )
    errors: dict[str | None, list[str]] = {}
    if move.reason_required and not reason:
        errors["reason"] = [_("Give a reason for this change.")]
    if to_status == HouseholdStatus.CLOSED and closure_reason not in ClosureReason.values:
        errors["closure_reason"] = [_("Choose why the case is closed.")]
    if errors:
        raise ValidationFailed(errors)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationFailed(
            {"reason": [_("At most %(max)d characters.") % {"max": REASON_MAX_LENGTH}]}
        )
    status_record(
        household=locked,
        to_status=to_status,
        actor=actor,
        reason=reason,
        closure_reason=closure_reason if to_status == HouseholdStatus.CLOSED else "",
    )
    household.status = locked.status
    household.updated_at = locked.updated_at
    return locked
