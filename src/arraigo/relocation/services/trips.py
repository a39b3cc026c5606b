"""Relocation plans: booking the trip of a household that accepted an offer, changing or
cancelling it while it is planned, and recording that it left.

Money: booking commits the ticket total to the transport budget (refused over budget); a
change commits the difference; a cancellation reverses the commitment; departing posts the
ticket total as expenditure. Every entry carries the source "plan:<id>". Cancelling also cancels
the plan's grant if it is not paid yet (grants.grants_cancel_for_plan; lock order: the plan, then
its grants, then the household).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.matching.models import Proposal
from arraigo.registry.models import Household, HouseholdStatus
from arraigo.registry.selectors import households_visible_to
from arraigo.registry.services.transitions import household_transition, status_move_automatic

from ..models import (
    EntryKind,
    PlanStatus,
    RelocationPlan,
    Ticket,
    TransportMode,
)
from ..models.trips import OPEN_PLAN_STATUSES
from ..rows import plan_row, ticket_row
from ..rules import rules_current
from .grants import grants_cancel_for_plan
from .ledger import ZERO, budget_reserve
from .trip_checks import (
    REASON_MAX,
    TRANSPORT,
    Costs,
    clean_costs,
    clean_trip_fields,
    commitment_reverse,
    plan_lock_for,
    plan_state_error,
    plannable_check,
    seat_of,
    transport_post,
)


@transaction.atomic
def plan_create(
    *,
    actor: User,
    proposal: Proposal,
    travel_date: dt.date,
    route: str,
    carrier: str,
    ticket_costs: Costs,
    mode: str = TransportMode.BUS,
    seats: Mapping[int, str] | None = None,
    escort: bool | None = None,
    assistance_note: str = "",
) -> RelocationPlan:
    """Book the trip of a household that accepted `proposal`: one ticket per member.

    The ticket total is committed to the transport budget (refused if it would go over) and
    the household moves to trip booked. `escort` defaults to yes when the household has a
    specific need.
    """
    require_perm(actor, "relocation.add_relocationplan")
    if not households_visible_to(actor).filter(pk=proposal.household_id).exists():
        raise NotPermitted()
    household = Household.objects.select_for_update().get(pk=proposal.household_id)
    proposal = Proposal.objects.select_related("city", "override_city").get(pk=proposal.pk)
    plannable_check(household, proposal)
    errors: Errors = {}
    route, carrier, note = clean_trip_fields(
        errors, mode=mode, route=route, carrier=carrier, assistance_note=assistance_note
    )
    members = list(household.members.all())
    if not members:
        add_error(errors, None, _("The household has no members to travel."))
    costs = clean_costs(errors, members, ticket_costs)
    if errors:
        raise ValidationFailed(errors)
    total = sum(costs.values(), ZERO)
    budget_reserve(day=timezone.localdate(), category=TRANSPORT, amount=total)
    plan = plan_row(
        household_id=household.pk,
        proposal_id=proposal.pk,
        origin_office_id=household.origin_office_id,
        destination_city_id=proposal.offered_city.pk,
        travel_date=travel_date,
        mode=mode,
        route=route,
        carrier=carrier,
        escort=household.needs.exists() if escort is None else escort,
        assistance_note=note,
        no_show_days=rules_current().no_show_days,
        created_by_id=actor.pk,
    )
    plan.save(force_insert=True)
    Ticket.objects.bulk_create(
        ticket_row(plan_id=plan.pk, person_id=p.pk, cost=costs[p.pk], seat=seat_of(seats, p.pk))
        for p in members
    )
    household_transition(
        actor=actor, household=household, to_status=HouseholdStatus.TRIP_BOOKED, by_plan=True
    )
    plan.household = household
    transport_post(
        actor=actor, plan=plan, kind=EntryKind.COMMITMENT, amount=total, what=_("Tickets for")
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: RelocationPlan,
    travel_date: dt.date,
    route: str,
    carrier: str,
    ticket_costs: Costs,
    mode: str = TransportMode.BUS,
    seats: Mapping[int, str] | None = None,
    escort: bool = False,
    assistance_note: str = "",
) -> RelocationPlan:
    """Change a planned trip; a change of the ticket total is committed (or given back)."""
    locked = plan_lock_for(actor, plan, "relocation.change_relocationplan")
    if locked.status != PlanStatus.PLANNED:
        raise plan_state_error(locked)
    errors: Errors = {}
    route, carrier, note = clean_trip_fields(
        errors, mode=mode, route=route, carrier=carrier, assistance_note=assistance_note
    )
    if locked.departure_id is not None and (
        travel_date != locked.travel_date
        or (mode, route, carrier) != (locked.mode, locked.route, locked.carrier)
    ):
        add_error(
            errors,
            None,
            _(
                "This trip travels with a group departure: its date, transport, route and "
                "carrier are the departure's. Take it out of the departure to change them."
            ),
        )
    tickets = list(locked.tickets.select_related("person"))
    costs = clean_costs(errors, [t.person for t in tickets], ticket_costs)
    if errors:
        raise ValidationFailed(errors)
    old_total = sum((t.cost for t in tickets), ZERO)
    new_total = sum(costs.values(), ZERO)
    difference = new_total - old_total
    if difference > 0:
        budget_reserve(day=timezone.localdate(), category=TRANSPORT, amount=difference)
    for ticket in tickets:
        ticket.cost = costs[ticket.person_id]
        ticket.seat = seat_of(seats, ticket.person_id, ticket.seat)
        ticket.save(update_fields=["cost", "seat"])
    locked.travel_date = travel_date
    locked.arrival_due = travel_date + dt.timedelta(days=rules_current().no_show_days)
    locked.mode, locked.route, locked.carrier = mode, route, carrier
    locked.escort, locked.assistance_note = escort, note
    locked.save(
        update_fields=[
            "travel_date",
            "arrival_due",
            "mode",
            "route",
            "carrier",
            "escort",
            "assistance_note",
            "updated_at",
        ]
    )
    if difference:
        transport_post(
            actor=actor,
            plan=locked,
            kind=EntryKind.COMMITMENT,
            amount=difference,
            what=_("Ticket change for"),
        )
    return locked


@transaction.atomic
def plan_cancel(*, actor: User, plan: RelocationPlan, reason: str) -> RelocationPlan:
    """Cancel a planned trip: the commitment is reversed and the household is back at
    offer accepted (its offer and reserved places stand; a new trip can be planned).

    A grant of the plan still prepared or approved is cancelled too (an approved one gives its
    commitment back); a disbursed one stays, to be reviewed for reversal by a person."""
    locked = plan_lock_for(actor, plan, "relocation.change_relocationplan")
    if locked.status != PlanStatus.PLANNED:
        raise plan_state_error(locked)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Give a reason for the cancellation.")]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed({"reason": [_("At most %(max)d characters.") % {"max": REASON_MAX}]})
    locked.status = PlanStatus.CANCELLED
    locked.closed_reason = reason
    locked.departure = None
    locked.save(update_fields=["status", "closed_reason", "departure", "updated_at"])
    commitment_reverse(actor=actor, plan=locked, what=_("Trip cancelled for"))
    grants_cancel_for_plan(
        actor=actor, plan=locked, reason=_("Trip cancelled: %(reason)s") % {"reason": reason}
    )
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    if household.status == HouseholdStatus.TRIP_BOOKED:
        status_move_automatic(
            household=household,
            to_status=HouseholdStatus.OFFER_ACCEPTED,
            actor=actor,
            reason=_("Trip cancelled: %(reason)s") % {"reason": reason},
        )
    return locked


def plan_depart_locked(*, actor: User, locked: RelocationPlan) -> None:
    """The locked, planned trip leaves today: household travelled, tickets paid."""
    if timezone.localdate() < locked.travel_date:
        raise InvalidTransition(
            _("This trip leaves on %(date)s: it cannot depart before then.")
            % {"date": f"{locked.travel_date:%Y-%m-%d}"}
        )
    locked.status = PlanStatus.DEPARTED
    locked.save(update_fields=["status", "updated_at"])
    household_transition(
        actor=actor, household=locked.household, to_status=HouseholdStatus.TRAVELLED, by_plan=True
    )
    total = locked.tickets.aggregate(total=Sum("cost"))["total"] or ZERO
    transport_post(
        actor=actor, plan=locked, kind=EntryKind.EXPENDITURE, amount=total, what=_("Tickets for")
    )


@transaction.atomic
def plan_depart(*, actor: User, plan: RelocationPlan) -> RelocationPlan:
    """A trip that travels on its own (not with a group departure) has left."""
    locked = plan_lock_for(actor, plan, "relocation.change_relocationplan")
    if locked.status != PlanStatus.PLANNED:
        raise plan_state_error(locked)
    if locked.departure_id is not None:
        raise InvalidTransition(
            _("This trip travels with a group departure: record the departure instead.")
        )
    plan_depart_locked(actor=actor, locked=locked)
    return locked


__all__ = [
    "OPEN_PLAN_STATUSES",
    "plan_cancel",
    "plan_create",
    "plan_depart",
    "plan_update",
]
