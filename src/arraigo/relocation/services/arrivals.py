"""Arrival in the host city: checking travellers in, the households that did not arrive
(no-shows) and the origin office's follow-up on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import Role, User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import require_perm
from arraigo.matching.services.release import reservation_release
from arraigo.registry.models import Household, HouseholdStatus
from arraigo.registry.services.transitions import household_transition, status_move_automatic

from ..models import FollowUpRequest, PlanStatus, RelocationPlan, Ticket
from ..models.trips import OPEN_PLAN_STATUSES
from ..selectors import follow_ups_visible_to
from .grants import grants_cancel_for_plan
from .trips import commitment_reverse, plan_lock_for, sync

RESOLUTION_MAX = 300


def _check_in(actor: User, locked: RelocationPlan, tickets: Iterable[Ticket]) -> RelocationPlan:
    if locked.status != PlanStatus.DEPARTED:
        if locked.status == PlanStatus.PLANNED:
            raise InvalidTransition(
                _("This household has not left yet: its departure must be recorded first.")
            )
        raise InvalidTransition(
            _("This trip is %(status)s: travellers can no longer be checked in.")
            % {"status": locked.get_status_display().lower()}
        )
    now = timezone.now()
    for ticket in tickets:
        if ticket.checked_in_at is None:
            ticket.checked_in_at = now
            ticket.checked_in_by = actor
            ticket.save(update_fields=["checked_in_at", "checked_in_by"])
    if not locked.tickets.filter(checked_in_at__isnull=True).exists():
        locked.status = PlanStatus.ARRIVED
        locked.arrived_at = now
        locked.save(update_fields=["status", "arrived_at", "updated_at"])
        household_transition(
            actor=actor,
            household=locked.household,
            to_status=HouseholdStatus.ARRIVED,
            by_plan=True,
        )
    return locked


def _host_lock(actor: User, plan: RelocationPlan) -> RelocationPlan:
    """Check-in is for the destination city's caseworkers and coordinators."""
    locked = plan_lock_for(actor, plan, "relocation.change_ticket")
    if actor.role == Role.HOST_CASEWORKER and actor.city_id != locked.destination_city_id:
        raise NotPermitted()
    return locked


@transaction.atomic
def ticket_check_in(*, actor: User, ticket: Ticket) -> RelocationPlan:
    """One traveller has arrived; the last one makes the household arrived."""
    locked = _host_lock(actor, ticket.plan)
    row = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if row.checked_in_at is not None:
        raise InvalidTransition(_("This traveller is already checked in."))
    _check_in(actor, locked, [row])
    ticket.checked_in_at, ticket.checked_in_by = row.checked_in_at, row.checked_in_by
    return sync(ticket.plan, locked)


@transaction.atomic
def plan_check_in_all(*, actor: User, plan: RelocationPlan) -> RelocationPlan:
    """Every traveller of the household has arrived."""
    locked = _host_lock(actor, plan)
    _check_in(actor, locked, Ticket.objects.select_for_update().filter(plan=locked).order_by("id"))
    return sync(plan, locked)


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
    FollowUpRequest.objects.create(
        household=household,
        plan=locked,
        office=locked.origin_office,
        reason=_("Did not arrive in %(city)s by %(date)s: find out what happened to the household.")
        % {"city": locked.destination_city.name, "date": due},
    )
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
