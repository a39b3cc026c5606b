"""First-month cash grants: prepared by one person, approved by another, then disbursed.

The amount comes from the grant table in force on the plan's travel date (programme data in
relocation.yaml, stored by version on first use; a stored version never changes). Money moves
go to the ledger: approval commits the amount against the year's grants budget, disbursement
books the expenditure, and cancelling or reversing posts opposite entries on the same dates as
the ones they undo (so the month and year they were charged to net to zero).

A relocation is one accepted offer (one matching proposal): it gets at most one live grant,
whichever of its trips the grant was prepared on. When a trip is cancelled or the household does
not arrive, `grants_cancel_for_plan` cancels the plan's grants not yet paid in the same
transaction; a disbursed grant stays (only a person reverses it, with a reason) and keeps
blocking a second grant for the relocation.

A household supported where it lives (a modality without a trip) gets its grant through
`grants_in_place.grant_prepare_in_place`; the later steps are the same for every modality, with
the modality's rule for when it may be paid (`grant_timing`).

Lock order: the plan row (preparing a grant, cancelling a trip, a no-show) or the household row
(a grant without a trip), then the grant row, then the budget line (inside `budget_reserve`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm

from ..models import (
    CostCategory,
    DisbursementMethod,
    EntryKind,
    Grant,
    GrantStatus,
    PlanStatus,
    RelocationPlan,
)
from ..rows import grant_row
from ..selectors import plans_visible_to
from .grant_checks import (
    NO_GRANT_PLAN_STATUSES,
    REASON_MAX,
    REFERENCE_MAX,
    booked_on,
    clean_reason,
    duplicate_message,
    grant_lock,
    grant_post,
    has_open_duplicate,
    relocation_live_grant,
    state_error,
)
from .grant_tables import grant_amount, grant_table_for
from .grant_timing import commitment_day, disbursement_refusal
from .ledger import budget_reserve

# --- the steps -------------------------------------------------------------------------------


@transaction.atomic
def grant_prepare(*, actor: User, plan: RelocationPlan) -> Grant:
    """Compute the household's grant from the relocation table in force on the travel date.

    A caseworker who sees the plan, or a coordinator. Refused for a cancelled or no-show
    relocation, when the relocation already has a live grant (on this trip or on an earlier trip
    booked for the same offer), or while the household is under a duplicate warning.
    """
    require_perm(actor, "relocation.add_grant")
    if not plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise NotPermitted()
    locked = (
        RelocationPlan.objects.select_for_update(of=("self",))
        .select_related("household", "destination_city", "origin_office")
        .get(pk=plan.pk)
    )
    if locked.status in NO_GRANT_PLAN_STATUSES:
        message = (
            _("This household did not arrive: no grant for this relocation.")
            if locked.status == PlanStatus.NO_SHOW
            else _("This relocation was cancelled: no grant for it.")
        )
        raise ValidationFailed({None: [message]})
    live = relocation_live_grant(locked)
    if live is not None:
        raise ValidationFailed(
            {
                None: [
                    _("This relocation already has a grant (%(status)s).")
                    % {"status": live.get_status_display().lower()}
                ]
            }
        )
    if has_open_duplicate(locked.household):
        raise ValidationFailed({None: [duplicate_message(locked.household)]})
    table = grant_table_for(locked.travel_date)
    members = locked.household.members.count()
    grant = grant_row(
        plan_id=locked.pk,
        household_id=locked.household_id,
        table=table,
        members=members,
        prepared_by_id=actor.pk,
    )
    grant.save(force_insert=True)
    return grant


@transaction.atomic
def grant_update(*, actor: User, grant: Grant, members: int) -> Grant:
    """The preparer corrects how many members the grant is for (only while prepared)."""
    require_perm(actor, "relocation.add_grant")
    locked = grant_lock(actor, grant)
    if locked.status == GrantStatus.DISBURSED:
        raise ValidationFailed(
            {None: [_("A disbursed grant cannot be edited: reverse it with a reason instead.")]}
        )
    if locked.status != GrantStatus.PREPARED:
        raise state_error(
            locked, _("This grant is %(status)s: only a prepared grant can be changed.")
        )
    if locked.prepared_by_id != actor.pk:
        raise ValidationFailed(
            {None: [_("Only the person who prepared this grant can change it.")]}
        )
    registered = locked.household.members.count()
    if not 1 <= members <= registered:
        raise ValidationFailed(
            {
                "members": [
                    _("The household has %(n)s registered members: give a number from 1 to %(n)s.")
                    % {"n": registered}
                ]
            }
        )
    locked.members = members
    locked.amount = grant_amount(locked.table, members)
    locked.save(update_fields=["members", "amount"])
    return locked


@transaction.atomic
def grant_approve(*, actor: User, grant: Grant) -> Grant:
    """A second person approves: the amount is committed against the year's grants budget."""
    require_perm(actor, "relocation.approve_grant")
    locked = grant_lock(actor, grant)
    if locked.status != GrantStatus.PREPARED:
        raise state_error(
            locked, _("This grant is %(status)s: only a prepared grant can be approved.")
        )
    if locked.prepared_by_id == actor.pk:
        raise ValidationFailed(
            {None: [_("You prepared this grant: another person must approve it.")]}
        )
    if has_open_duplicate(locked.household):
        raise ValidationFailed({None: [duplicate_message(locked.household)]})
    day = commitment_day(locked, approved_on=timezone.localdate())
    budget_reserve(day=day, category=CostCategory.GRANTS, amount=locked.amount)
    grant_post(
        actor=actor,
        grant=locked,
        kind=EntryKind.COMMITMENT,
        amount=locked.amount,
        day=day,
        what="approved",
    )
    locked.status = GrantStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    return locked


@transaction.atomic
def grant_disburse(
    *, actor: User, grant: Grant, method: str, reference: str, disbursed_on: dt.date
) -> Grant:
    """Record the payment of an approved grant (method, reference, date): the expenditure.

    The date is neither in the future nor before the day the grant was approved (local time),
    and follows the programme's rule for the grant's modality (on arrival, from N days before
    travel, on approval): never before the grant's commitment (`grant_timing`).
    """
    require_perm(actor, "relocation.disburse_grant")
    locked = grant_lock(actor, grant)
    if locked.status != GrantStatus.APPROVED:
        raise state_error(
            locked, _("This grant is %(status)s: only an approved grant can be disbursed.")
        )
    errors: Errors = {}
    reference = reference.strip()
    if method not in DisbursementMethod.values:
        add_error(errors, "method", _("Choose how the grant was paid."))
    if not reference:
        add_error(
            errors, "reference", _("Give the reference of the transfer, card or cash receipt.")
        )
    elif len(reference) > REFERENCE_MAX:
        add_error(
            errors,
            "reference",
            _("Keep the reference under %(n)s characters.") % {"n": REFERENCE_MAX},
        )
    approved_on = timezone.localdate(locked.approved_at) if locked.approved_at else None
    if disbursed_on > timezone.localdate():
        add_error(errors, "disbursed_on", _("The payment date cannot be in the future."))
    elif approved_on is not None and disbursed_on < approved_on:
        add_error(
            errors,
            "disbursed_on",
            _("The payment date cannot be before the day the grant was approved (%(date)s).")
            % {"date": f"{approved_on:%Y-%m-%d}"},
        )
    else:
        refusal = disbursement_refusal(
            locked,
            disbursed_on=disbursed_on,
            committed_on=booked_on(locked, EntryKind.COMMITMENT),
        )
        if refusal:
            add_error(errors, "disbursed_on", refusal)
    if errors:
        raise ValidationFailed(errors)
    if has_open_duplicate(locked.household):
        raise ValidationFailed({None: [duplicate_message(locked.household)]})
    grant_post(
        actor=actor,
        grant=locked,
        kind=EntryKind.EXPENDITURE,
        amount=locked.amount,
        day=disbursed_on,
        what="disbursed",
    )
    locked.status = GrantStatus.DISBURSED
    locked.method = method
    locked.reference = reference
    locked.disbursed_on = disbursed_on
    locked.disbursed_by = actor
    locked.disbursed_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "method",
            "reference",
            "disbursed_on",
            "disbursed_by",
            "disbursed_at",
        ]
    )
    return locked


def _close(locked: Grant, *, actor: User, status: str, reason: str) -> None:
    locked.status = status
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.closed_reason = reason
    locked.save(update_fields=["status", "closed_by", "closed_at", "closed_reason"])


def _withdraw(locked: Grant, *, actor: User, reason: str) -> None:
    """Cancel a locked, prepared or approved grant: an approved one's commitment gets its
    opposite entry, on the date it was booked. The caller checked who may and the reason."""
    if locked.status == GrantStatus.APPROVED:
        grant_post(
            actor=actor,
            grant=locked,
            kind=EntryKind.COMMITMENT,
            amount=-locked.amount,
            day=booked_on(locked, EntryKind.COMMITMENT),
            what="cancelled",
        )
    _close(locked, actor=actor, status=GrantStatus.CANCELLED, reason=reason)


@transaction.atomic
def grant_cancel(*, actor: User, grant: Grant, reason: str) -> Grant:
    """Withdraw a grant before it is paid; an approved one gives its commitment back.

    A coordinator, or the person who prepared it while it is still only prepared.
    """
    locked = grant_lock(actor, grant)
    own_draft = (
        locked.status == GrantStatus.PREPARED
        and locked.prepared_by_id == actor.pk
        and actor.has_perm("relocation.add_grant")
    )
    if not own_draft:
        require_perm(actor, "relocation.change_grant")
    if locked.status == GrantStatus.DISBURSED:
        raise ValidationFailed(
            {None: [_("A disbursed grant cannot be cancelled: reverse it with a reason instead.")]}
        )
    if locked.status not in (GrantStatus.PREPARED, GrantStatus.APPROVED):
        raise state_error(locked, _("This grant is %(status)s: it can no longer be cancelled."))
    errors: Errors = {}
    reason = clean_reason(reason, errors)
    if errors:
        raise ValidationFailed(errors)
    _withdraw(locked, actor=actor, reason=reason)
    return locked


@transaction.atomic
def grants_cancel_for_plan(*, actor: User, plan: RelocationPlan, reason: str) -> list[Grant]:
    """The trip will not happen (cancelled, or the household did not arrive): cancel its grants
    still prepared or approved, an approved one giving its commitment back.

    Called by the trip services inside their transaction, with the plan row locked and after
    they checked that `actor` may change the plan. A disbursed grant is left as it is: money
    already paid is reversed only by a person, with a reason. Returns the grants cancelled.
    """
    reason = reason.strip()[:REASON_MAX]
    open_grants = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("plan__destination_city", "plan__origin_office", "household", "table")
        .filter(plan_id=plan.pk, status__in=(GrantStatus.PREPARED, GrantStatus.APPROVED))
        .order_by("id")
    )
    cancelled = list(open_grants)
    for locked in cancelled:
        _withdraw(locked, actor=actor, reason=reason)
    return cancelled


@transaction.atomic
def grant_reverse(*, actor: User, grant: Grant, reason: str) -> Grant:
    """Undo a disbursed grant (paid by mistake, returned): opposite ledger entries, a reason."""
    require_perm(actor, "relocation.change_grant")
    locked = grant_lock(actor, grant)
    if locked.status != GrantStatus.DISBURSED:
        raise state_error(
            locked, _("This grant is %(status)s: only a disbursed grant can be reversed.")
        )
    errors: Errors = {}
    reason = clean_reason(reason, errors)
    if errors:
        raise ValidationFailed(errors)
    for kind in (EntryKind.COMMITMENT, EntryKind.EXPENDITURE):
        grant_post(
            actor=actor,
            grant=locked,
            kind=kind,
            amount=-locked.amount,
            day=booked_on(locked, kind),
            what="reversed",
        )
    _close(locked, actor=actor, status=GrantStatus.REVERSED, reason=reason)
    return locked
