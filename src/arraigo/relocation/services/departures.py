"""Group departures: a coordinator puts several households of one office on one bus.

A plan on a departure travels on the departure's date, transport, route and carrier. When the
departure leaves, every planned trip on it departs (households travelled, tickets paid).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.service_checks import Errors, add_error, require_perm
from arraigo.places.models import Office

from ..models import Departure, DepartureStatus, PlanStatus, RelocationPlan, TransportMode
from ..rows import departure_row
from ..selectors import departures_visible_to, plans_visible_to
from .trip_checks import plan_state_error
from .trips import plan_depart_locked


def _fields(errors: Errors, mode: str, route: str, carrier: str, notes: str) -> tuple[str, ...]:
    if mode not in TransportMode.values:
        add_error(errors, "mode", _("Choose a means of transport."))
    out = []
    for field, value, max_length, required in (
        ("route", route, 200, True),
        ("carrier", carrier, 120, True),
        ("notes", notes, 300, False),
    ):
        value = value.strip()
        if required and not value:
            add_error(errors, field, _("This field is required."))
        elif len(value) > max_length:
            add_error(errors, field, _("At most %(max)d characters.") % {"max": max_length})
        out.append(value)
    return tuple(out)


@transaction.atomic
def departure_create(
    *,
    actor: User,
    origin_office: Office,
    date: dt.date,
    route: str,
    carrier: str,
    mode: str = TransportMode.BUS,
    notes: str = "",
) -> Departure:
    require_perm(actor, "relocation.add_departure")
    errors: Errors = {}
    route, carrier, notes = _fields(errors, mode, route, carrier, notes)
    if errors:
        raise ValidationFailed(errors)
    departure = departure_row(
        origin_office_id=origin_office.pk,
        date=date,
        mode=mode,
        route=route,
        carrier=carrier,
        notes=notes,
        created_by_id=actor.pk,
    )
    departure.save(force_insert=True)
    return departure


def _departure_lock(actor: User, departure: Departure) -> Departure:
    require_perm(actor, "relocation.change_departure")
    if not departures_visible_to(actor).filter(pk=departure.pk).exists():
        raise NotPermitted()
    locked = Departure.objects.select_for_update().get(pk=departure.pk)
    if locked.status != DepartureStatus.OPEN:
        raise InvalidTransition(
            _("This departure is %(status)s: households can no longer change on it.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _plan_lock(actor: User, plan: RelocationPlan) -> RelocationPlan:
    if not plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise NotPermitted()
    locked = RelocationPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.PLANNED:
        raise plan_state_error(locked)
    return locked


@transaction.atomic
def departure_add_plan(*, actor: User, departure: Departure, plan: RelocationPlan) -> Departure:
    """Put a planned trip of the departure's office and date on it; the trip takes the
    departure's transport, route and carrier."""
    locked = _departure_lock(actor, departure)
    trip = _plan_lock(actor, plan)
    if trip.origin_office_id != locked.origin_office_id:
        raise ValidationFailed(
            {"plan": [_("This household leaves from another office than the departure.")]}
        )
    if trip.departure_id is not None and trip.departure_id != locked.pk:
        raise ValidationFailed(
            {"plan": [_("This trip is already on another departure: take it off that one first.")]}
        )
    if trip.travel_date != locked.date:
        raise ValidationFailed(
            {
                "plan": [
                    _(
                        "This trip is planned for %(trip)s and the departure leaves on "
                        "%(departure)s: change the trip's date first."
                    )
                    % {
                        "trip": f"{trip.travel_date:%Y-%m-%d}",
                        "departure": f"{locked.date:%Y-%m-%d}",
                    }
                ]
            }
        )
    trip.departure = locked
    trip.mode, trip.route, trip.carrier = locked.mode, locked.route, locked.carrier
    trip.save(update_fields=["departure", "mode", "route", "carrier", "updated_at"])
    return locked


@transaction.atomic
def departure_remove_plan(*, actor: User, departure: Departure, plan: RelocationPlan) -> Departure:
    """Take a planned trip off the departure; it keeps its date, route and carrier."""
    locked = _departure_lock(actor, departure)
    trip = _plan_lock(actor, plan)
    if trip.departure_id != locked.pk:
        raise ValidationFailed({"plan": [_("This trip is not on this departure.")]})
    trip.departure = None
    trip.save(update_fields=["departure", "updated_at"])
    return locked


@transaction.atomic
def departure_depart(*, actor: User, departure: Departure) -> Departure:
    """The departure has left: every planned trip on it departs (in plan id order)."""
    locked = _departure_lock(actor, departure)
    trips = list(
        RelocationPlan.objects.select_for_update()
        .filter(departure=locked, status=PlanStatus.PLANNED)
        .order_by("id")
    )
    if not trips:
        raise ValidationFailed({None: [_("No household is on this departure yet.")]})
    for trip in trips:
        plan_depart_locked(actor=actor, locked=trip)
    locked.status = DepartureStatus.DEPARTED
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def departure_cancel(*, actor: User, departure: Departure) -> Departure:
    """Call off a departure that has not left: its trips stay planned, off any departure."""
    locked = _departure_lock(actor, departure)
    for trip in RelocationPlan.objects.select_for_update().filter(departure=locked).order_by("id"):
        trip.departure = None  # saved one by one, so the audit trail records each
        trip.save(update_fields=["departure", "updated_at"])
    locked.status = DepartureStatus.CANCELLED
    locked.save(update_fields=["status"])
    return locked
