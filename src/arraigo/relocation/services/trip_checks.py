"""What the trip steps share: the plan's row lock and state error, the input checks, and the
transport postings in the ledger (source "plan:<id>").

The steps themselves are in `trips` (booking, changing, cancelling, departing); this module holds
no step of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.matching.models import Proposal, ProposalStatus
from arraigo.registry.models import Household, HouseholdStatus, Person

from ..models import (
    CostCategory,
    EntryKind,
    LedgerEntry,
    PlanStatus,
    RelocationPlan,
    TransportMode,
)
from ..selectors import plans_visible_to
from .ledger import ZERO, ledger_post

TRANSPORT = CostCategory.TRANSPORT
CENT = Decimal("0.01")
REASON_MAX = 300
LIVE_STATUSES = (PlanStatus.PLANNED, PlanStatus.DEPARTED, PlanStatus.ARRIVED)

Costs = Mapping[int, Decimal] | Decimal  # per person id, or one cost for every traveller


def plan_source(plan: RelocationPlan) -> str:
    return f"plan:{plan.pk}"


def plan_lock_for(actor: User, plan: RelocationPlan, perm: str) -> RelocationPlan:
    """Refuse unless `actor` holds `perm` and sees the plan; the plan row, locked."""
    require_perm(actor, perm)
    if not plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise NotPermitted()
    return RelocationPlan.objects.select_for_update().get(pk=plan.pk)


def plan_state_error(plan: RelocationPlan) -> InvalidTransition:
    return InvalidTransition(
        _("This trip is %(status)s: that step is no longer possible.")
        % {"status": plan.get_status_display().lower()}
    )


def transport_open(plan: RelocationPlan) -> tuple[Decimal, Decimal]:
    """The plan's net transport commitment and expenditure in the ledger."""
    totals = dict(
        LedgerEntry.objects.filter(source=plan_source(plan), category=TRANSPORT)
        .order_by()
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return totals.get(EntryKind.COMMITMENT, ZERO), totals.get(EntryKind.EXPENDITURE, ZERO)


def transport_post(
    *, actor: User, plan: RelocationPlan, kind: str, amount: Decimal, what: str
) -> LedgerEntry:
    return ledger_post(
        actor=actor,
        booked_on=timezone.localdate(),
        kind=kind,
        category=TRANSPORT,
        amount=amount,
        household=plan.household,
        city=plan.destination_city,
        office=plan.origin_office,
        source=plan_source(plan),
        description=f"{what} {plan.household.code}",
    )


def commitment_reverse(*, actor: User, plan: RelocationPlan, what: str) -> Decimal:
    """Reverse what the plan committed and did not spend; returns the amount reversed."""
    committed, spent = transport_open(plan)
    unspent = committed - spent
    if unspent > 0:
        transport_post(
            actor=actor, plan=plan, kind=EntryKind.COMMITMENT, amount=-unspent, what=what
        )
        return unspent
    return ZERO


# --- input checks -------------------------------------------------------------------------


def _text(errors: Errors, field: str, value: str, max_length: int, required: bool) -> str:
    value = value.strip()
    if required and not value:
        add_error(errors, field, _("This field is required."))
    elif len(value) > max_length:
        add_error(errors, field, _("At most %(max)d characters.") % {"max": max_length})
    return value


def clean_costs(errors: Errors, members: list[Person], costs: Costs) -> dict[int, Decimal]:
    """One cost per traveller, in pesos and centavos, none negative."""
    out: dict[int, Decimal] = {}
    for person in members:
        raw = costs if isinstance(costs, Decimal) else costs.get(person.pk)
        try:
            cost = None if raw is None else Decimal(raw).quantize(CENT)
        except (InvalidOperation, TypeError, ValueError):
            cost = None
        if cost is None or cost < 0:
            add_error(
                errors,
                "costs",
                _("Give the ticket cost of every traveller (0 or more, in MXN)."),
            )
            return {}
        out[person.pk] = cost
    return out


def clean_trip_fields(
    errors: Errors, *, mode: str, route: str, carrier: str, assistance_note: str
) -> tuple[str, str, str]:
    if mode not in TransportMode.values:
        add_error(errors, "mode", _("Choose a means of transport."))
    return (
        _text(errors, "route", route, 200, True),
        _text(errors, "carrier", carrier, 120, True),
        _text(errors, "assistance_note", assistance_note, 300, False),
    )


def seat_of(seats: Mapping[int, str] | None, person_id: int, old: str = "") -> str:
    if seats is None:
        return old
    return seats.get(person_id, old).strip()[:10]


def plannable_check(locked: Household, proposal: Proposal) -> None:
    live = RelocationPlan.objects.filter(household=locked, status__in=LIVE_STATUSES).first()
    if live is not None:
        raise ValidationFailed(
            {
                None: [
                    _(
                        "%(code)s already has a relocation plan (plan %(plan)s, %(status)s): "
                        "change or cancel that one instead."
                    )
                    % {
                        "code": locked.code,
                        "plan": live.pk,
                        "status": live.get_status_display().lower(),
                    }
                ]
            }
        )
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationFailed(
            {
                None: [
                    _(
                        "Only an offer the household accepted can be planned: this proposal "
                        "is %(status)s."
                    )
                    % {"status": proposal.get_status_display().lower()}
                ]
            }
        )
    if proposal.relocation_plans.filter(status=PlanStatus.NO_SHOW).exists():
        raise ValidationFailed(
            {
                None: [
                    _(
                        "The household did not arrive on this offer and its places were "
                        "released: it needs a new offer."
                    )
                ]
            }
        )
    if locked.status != HouseholdStatus.OFFER_ACCEPTED:
        raise ValidationFailed(
            {
                None: [
                    _("The household is %(status)s: only an accepted offer can be planned.")
                    % {"status": locked.get_status_display().lower()}
                ]
            }
        )
