"""Arrival in the host city: checking travellers in, the households that did not arrive
(no-shows) and the origin office's follow-up on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts import scope
from arraigo.accounts.models import Role, User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.matching.services.release import reservation_release
from arraigo.registry.models import Household, HouseholdStatus
from arraigo.registry.services.transitions import household_transition, status_move_automatic
from arraigo.webhooks.events import Event
from arraigo.webhooks.services import event_emit

from ..models import ArrivalCorrection, FollowUpRequest, PlanStatus, RelocationPlan, Ticket
from ..models.trips import OPEN_PLAN_STATUSES
from ..rows import follow_up_row
from ..selectors import follow_ups_visible_to
from .grants import grants_cancel_for_plan
from .trip_checks import commitment_reverse, plan_lock_for, plan_state_error

RESOLUTION_MAX = 300


def arrival_date_check(plan: RelocationPlan, arrived_on: dt.date) -> None:
    """The day travellers arrived: not in the future, not before the trip left."""
    if arrived_on > timezone.localdate():
        raise ValidationFailed({"arrived_on": [_("The arrival date cannot be in the future.")]})
    if arrived_on < plan.travel_date:
        raise ValidationFailed(
            {
                "arrived_on": [
                    _("The household left on %(date)s: it cannot have arrived before that day.")
                    % {"date": f"{plan.travel_date:%Y-%m-%d}"}
                ]
            }
        )


def _household_arrival(locked: RelocationPlan) -> dt.date | None:
    """The day the last traveller arrived, once everyone is checked in."""
    days = list(locked.tickets.values_list("arrived_on", flat=True))
    if not days or None in days:
        return None
    return max(day for day in days if day is not None)


def _check_in(
    actor: User, locked: RelocationPlan, tickets: Iterable[Ticket], arrived_on: dt.date | None
) -> RelocationPlan:
    if locked.status != PlanStatus.DEPARTED:
        if locked.status == PlanStatus.PLANNED:
            raise InvalidTransition(
                _("This household has not left yet: its departure must be recorded first.")
            )
        raise InvalidTransition(
            _("This trip is %(status)s: travellers can no longer be checked in.")
            % {"status": locked.get_status_display().lower()}
        )
    day = arrived_on or timezone.localdate()
    arrival_date_check(locked, day)
    now = timezone.now()
    for ticket in tickets:
        if ticket.checked_in_at is None:
            ticket.checked_in_at, ticket.arrived_on, ticket.checked_in_by = now, day, actor
            ticket.save(update_fields=["checked_in_at", "arrived_on", "checked_in_by"])
    if not locked.tickets.filter(checked_in_at__isnull=True).exists():
        locked.status = PlanStatus.ARRIVED
        locked.arrived_at = now
        locked.arrived_on = _household_arrival(locked)
        locked.save(update_fields=["status", "arrived_at", "arrived_on", "updated_at"])
        household_transition(
            actor=actor,
            household=locked.household,
            to_status=HouseholdStatus.ARRIVED,
            by_plan=True,
        )
        event_emit(
            event=Event.HOUSEHOLD_ARRIVED,
            payload={
                "household": locked.household.code,
                "plan": locked.pk,
                "origin_office": locked.origin_office_id,
                "destination_city": locked.destination_city_id,
                "arrived_on": locked.arrived_on,
                "travellers": locked.tickets.count(),
            },
            key=f"household.arrived:{locked.pk}",
        )
    return locked


def _host_lock(actor: User, plan: RelocationPlan) -> RelocationPlan:
    """Check-in is for the destination city's caseworkers and coordinators."""
    locked = plan_lock_for(actor, plan, "relocation.change_ticket")
    if not scope.in_scope(actor, scope.Kind.HOUSEHOLDS, city=locked.destination_city_id):
        raise NotPermitted()
    return locked


@transaction.atomic
def ticket_check_in(
    *, actor: User, ticket: Ticket, arrived_on: dt.date | None = None
) -> RelocationPlan:
    """One traveller arrived on `arrived_on` (today if not given); the last one makes the
    household arrived, on the day the last of them arrived."""
    locked = _host_lock(actor, ticket.plan)
    row = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if row.checked_in_at is not None:
        raise InvalidTransition(_("This traveller is already checked in."))
    _check_in(actor, locked, [row], arrived_on)
    ticket.checked_in_at, ticket.checked_in_by = row.checked_in_at, row.checked_in_by
    ticket.arrived_on = row.arrived_on
    return locked


@transaction.atomic
def plan_check_in_all(
    *, actor: User, plan: RelocationPlan, arrived_on: dt.date | None = None
) -> RelocationPlan:
    """Every traveller of the household not checked in yet arrived on `arrived_on` (today if
    not given)."""
    locked = _host_lock(actor, plan)
    tickets = Ticket.objects.select_for_update().filter(plan=locked).order_by("id")
    _check_in(actor, locked, tickets, arrived_on)
    return locked


# --- corrections ----------------------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Say why the arrival is corrected.")]})
    if len(reason) > RESOLUTION_MAX:
        raise ValidationFailed(
            {"reason": [_("At most %(max)d characters.") % {"max": RESOLUTION_MAX}]}
        )
    return reason


def _checked_in(locked: RelocationPlan, ticket: Ticket | None) -> list[Ticket]:
    """The checked-in tickets a correction applies to (one, or all), locked."""
    if locked.status not in (PlanStatus.DEPARTED, PlanStatus.ARRIVED):
        raise plan_state_error(locked)
    rows = Ticket.objects.select_for_update().filter(plan=locked, checked_in_at__isnull=False)
    if ticket is not None:
        rows = rows.filter(pk=ticket.pk)
    found = list(rows.order_by("id"))
    if not found:
        raise InvalidTransition(
            _("This traveller is not checked in: nothing to correct.")
            if ticket is not None
            else _("Nobody of this household is checked in: nothing to correct.")
        )
    return found


@transaction.atomic
def arrival_correct(
    *,
    actor: User,
    plan: RelocationPlan,
    arrived_on: dt.date,
    reason: str,
    ticket: Ticket | None = None,
) -> RelocationPlan:
    """Another arrival date for the checked-in travellers (or one of them), with the reason.
    The correction is kept (ArrivalCorrection) and every change goes to the audit trail."""
    locked = _host_lock(actor, plan)
    rows = _checked_in(locked, ticket)
    reason = _reason(reason)
    arrival_date_check(locked, arrived_on)
    previous = max((row.arrived_on for row in rows if row.arrived_on is not None), default=None)
    for row in rows:
        row.arrived_on = arrived_on
        row.save(update_fields=["arrived_on"])
    ArrivalCorrection.objects.create(
        plan=locked,
        ticket=ticket,
        previous_on=previous,
        arrived_on=arrived_on,
        reason=reason,
        corrected_by=actor,
    )
    if locked.status == PlanStatus.ARRIVED:
        locked.arrived_on = _household_arrival(locked)
        locked.save(update_fields=["arrived_on", "updated_at"])
    return locked


@transaction.atomic
def arrival_undo(
    *, actor: User, plan: RelocationPlan, reason: str, ticket: Ticket | None = None
) -> RelocationPlan:
    """A check-in made by mistake (one traveller, or all): the traveller has not arrived.
    When the household was complete, the trip and the household are travelling again; refused
    once the household has moved on to integration."""
    locked = _host_lock(actor, plan)
    rows = _checked_in(locked, ticket)
    reason = _reason(reason)
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    if locked.status == PlanStatus.ARRIVED and (
        household.status != HouseholdStatus.ARRIVED or household.integration_plans.exists()
    ):
        raise InvalidTransition(
            _(
                "The household's integration has started: its arrival can no longer be "
                "undone, only its date corrected."
            )
        )
    previous = max((row.arrived_on for row in rows if row.arrived_on is not None), default=None)
    for row in rows:
        row.checked_in_at, row.arrived_on, row.checked_in_by = None, None, None
        row.save(update_fields=["checked_in_at", "arrived_on", "checked_in_by"])
    ArrivalCorrection.objects.create(
        plan=locked, ticket=ticket, previous_on=previous, reason=reason, corrected_by=actor
    )
    if locked.status == PlanStatus.ARRIVED:
        locked.status, locked.arrived_at, locked.arrived_on = PlanStatus.DEPARTED, None, None
        locked.save(update_fields=["status", "arrived_at", "arrived_on", "updated_at"])
        status_move_automatic(
            household=household,
            to_status=HouseholdStatus.TRAVELLED,
            actor=actor,
            reason=_("Arrival undone: %(reason)s") % {"reason": reason},
        )
    return locked


# --- no-shows -----------------------------------------------------------------------------


def noshow_due(today: dt.date) -> list[int]:
    """Plans past their arrival date with nobody checked in (partial arrivals are left for
    the host office to finish)."""
    return list(
        RelocationPlan.objects.filter(status__in=OPEN_PLAN_STATUSES, arrival_due__lt=today)
        .exclude(tickets__checked_in_at__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
    )


def _no_show(actor: User, locked: RelocationPlan) -> None:
    due = f"{locked.arrival_due:%Y-%m-%d}"
    locked.status = PlanStatus.NO_SHOW
    locked.closed_reason = _("Not checked in by %(date)s.") % {"date": due}
    locked.save(update_fields=["status", "closed_reason", "updated_at"])
    reservation_release(proposal=locked.proposal)
    commitment_reverse(actor=actor, plan=locked, what=_("No-show, unspent tickets of"))
    grants_cancel_for_plan(actor=actor, plan=locked, reason=_("Did not arrive"))
    household = Household.objects.select_for_update().get(pk=locked.household_id)
    follow_up_row(
        household_id=household.pk,
        plan_id=locked.pk,
        office_id=locked.origin_office_id,
        city_name=locked.destination_city.name,
        arrival_due=locked.arrival_due,
    ).save(force_insert=True)
    if household.status in {HouseholdStatus.TRIP_BOOKED, HouseholdStatus.TRAVELLED}:
        status_move_automatic(
            household=household,
            to_status=HouseholdStatus.PROFILED,
            actor=actor,
            reason=_("no-show"),
        )
        household.host_city = None
        household.save(update_fields=["host_city", "updated_at"])


@transaction.atomic
def noshow_sweep(*, actor: User, today: dt.date) -> list[RelocationPlan]:
    """Every trip not checked in by its arrival date becomes a no-show: the offer's places
    and vacancy seats are released, the unspent transport commitment reversed, a grant not yet
    paid cancelled (a disbursed one stays, to be reviewed for reversal), the origin office
    asked to follow up, and the household goes back to profiled (to matching).

    Coordinators only (it runs across offices). Returns the plans it changed.
    """
    require_perm(actor, "relocation.change_relocationplan")
    if actor.role != Role.COORDINATOR:
        raise NotPermitted(_("Only a coordinator can run the no-show check."))
    changed = []
    for pk in noshow_due(today):
        locked = (
            RelocationPlan.objects.select_for_update()
            .filter(pk=pk, status__in=OPEN_PLAN_STATUSES)
            .first()
        )
        if locked is None:  # moved on since the list was read
            continue
        _no_show(actor, locked)
        changed.append(locked)
    return changed


@transaction.atomic
def follow_up_resolve(
    *, actor: User, follow_up: FollowUpRequest, resolution: str
) -> FollowUpRequest:
    """The origin office records what it found out about a household that did not arrive."""
    require_perm(actor, "relocation.change_followuprequest")
    if not follow_ups_visible_to(actor).filter(pk=follow_up.pk).exists():
        raise NotPermitted()
    locked = FollowUpRequest.objects.select_for_update().get(pk=follow_up.pk)
    if locked.resolved_at is not None:
        raise InvalidTransition(_("This follow-up is already resolved."))
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed({"resolution": [_("Say what was found.")]})
    if len(resolution) > RESOLUTION_MAX:
        raise ValidationFailed(
            {"resolution": [_("At most %(max)d characters.") % {"max": RESOLUTION_MAX}]}
        )
    locked.resolution = resolution
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor
    locked.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    follow_up.resolution, follow_up.resolved_at = locked.resolution, locked.resolved_at
    follow_up.resolved_by = actor
    return locked
