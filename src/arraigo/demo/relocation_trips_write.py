"""Writing the demo trips drafted in relocation_trips: group departures, plans, tickets and
the no-shows' follow-ups, in bulk; the history's moves to travelled of trips that went on a
group departure take the departure's time and the coordinator who recorded it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from arraigo.registry.models import Household, StatusChange
from arraigo.relocation.models import (
    Departure,
    DepartureStatus,
    FollowUpRequest,
    PlanStatus,
    RelocationPlan,
    Ticket,
    TransportMode,
)
from arraigo.relocation.rows import departure_row, follow_up_row, plan_row, ticket_values

from .bulk import indexes_deferred, rows_insert, rows_update, values_insert
from .places import Places
from .reference import chance
from .relocation_journeys import Actors, local_day, moment_on
from .relocation_trips import DepartureDraft, PlanDraft, TicketDraft


def trips_write(
    rng: random.Random,
    plans: list[PlanDraft],
    departures: list[DepartureDraft],
    places: Places,
    actors: Actors,
    spec: dict[str, Any],
    no_show_days: int,
    today: dt.date,
) -> dict[str, int]:
    """Insert departures, plans, tickets and follow-ups; move the history's travelled steps
    of trips that went on a group departure to the departure's time."""
    rows_insert(
        Departure,
        _columns(Departure),
        (_values(_departure_row(d, places, actors, today)) for d in departures),
    )
    rows_insert(
        RelocationPlan,
        _columns(RelocationPlan),
        (_values(_plan_row(p, places, no_show_days)) for p in plans),
    )
    with indexes_deferred(Ticket):
        values_insert(Ticket, [_ticket(p, t, actors) for p in plans for t in p.tickets])
    moved = [p.travelled for d in departures for p in d.plans if p.travelled is not None]
    rows_update(StatusChange, ("changed_at", "changed_by_id"), ((s.at, s.by, s.id) for s in moved))
    rows_update(
        Household,
        ("updated_at",),
        (
            (p.travelled.at, p.journey.id)
            for d in departures
            for p in d.plans
            if p.journey.status == "travelled" and p.travelled is not None
        ),
    )
    follow_ups = _follow_ups(rng, plans, places, actors, spec, no_show_days, today)
    return {
        "departures": len(departures),
        "relocation_plans": len(plans),
        "tickets": sum(len(p.tickets) for p in plans),
        "follow_ups": follow_ups,
    }


def _departure_row(
    departure: DepartureDraft, places: Places, actors: Actors, today: dt.date
) -> Departure:
    """The departure as departure_create opens it (relocation.rows.departure_row), then
    whether it has left and the seed's own date."""
    row = departure_row(
        origin_office_id=places.offices[departure.office].pk,
        date=departure.date,
        mode=TransportMode.BUS,
        route=departure.route,
        carrier=departure.carrier,
        notes="",
        created_by_id=actors.coordinator,
    )
    row.id = departure.id
    row.status = DepartureStatus.DEPARTED if departure.date <= today else DepartureStatus.OPEN
    row.created_at = _departure_created(departure)
    return row


def _departure_created(departure: DepartureDraft) -> dt.datetime:
    booked = max(p.booked.at for p in departure.plans)
    return min(booked + dt.timedelta(hours=1), departure.at - dt.timedelta(hours=1))


def _due(plan: PlanDraft, no_show_days: int) -> dt.date:
    assert plan.travel_date is not None
    return plan.travel_date + dt.timedelta(days=no_show_days)


def _plan_row(plan: PlanDraft, places: Places, no_show_days: int) -> RelocationPlan:
    """The plan as plan_create books it (relocation.rows.plan_row), then where its trip went:
    status, departure, arrival or no-show, and the seed's own dates."""
    journey = plan.journey
    assert plan.travel_date is not None
    row = plan_row(
        household_id=journey.id,
        proposal_id=plan.proposal,
        origin_office_id=places.offices[journey.office].pk,
        destination_city_id=places.cities[plan.city].pk,
        travel_date=plan.travel_date,
        mode=TransportMode.BUS,
        route=plan.route,
        carrier=plan.carrier,
        escort=bool(journey.needs),
        assistance_note="; ".join(note for _code, note in journey.needs if note),
        no_show_days=no_show_days,
        created_by_id=plan.booked_by,
    )
    row.id = plan.id
    row.departure_id = plan.departure
    row.status = plan.status
    if plan.noshow is not None:
        row.closed_reason = _("Not checked in by %(date)s.") % {
            "date": f"{row.arrival_due:%Y-%m-%d}"
        }
    if plan.status == PlanStatus.ARRIVED and plan.arrived:
        row.arrived_at = plan.arrived.at
        row.arrived_on = local_day(plan.arrived.at)
    last = plan.booked.at
    for moment in (
        plan.departed_at,
        plan.arrived.at if plan.arrived is not None else None,
        plan.noshow.swept_at if plan.noshow is not None else None,
    ):
        if moment is not None:
            last = max(last, moment)
    row.created_at, row.updated_at = plan.booked.at, last
    return row


def _ticket(plan: PlanDraft, ticket: TicketDraft, actors: Actors) -> dict[str, Any]:
    """The ticket as plan_create books it (relocation.rows.ticket_values), then its check-in."""
    row = ticket_values(
        plan_id=plan.id, person_id=ticket.person, cost=ticket.cost, seat=ticket.seat
    )
    checked_in = ticket.checked_in_at
    row["checked_in_at"] = checked_in
    row["arrived_on"] = local_day(checked_in) if checked_in is not None else None
    row["checked_in_by_id"] = actors.host_of(plan.city) if checked_in is not None else None
    return row


def _values(row: models.Model, *, with_id: bool = True) -> list[Any]:
    """A built row's values in the order of _columns."""
    return [getattr(row, name) for name in _columns(type(row), with_id=with_id)]


def _columns(model: type[models.Model], *, with_id: bool = True) -> list[str]:
    """Every column of `model`; without the id for rows the database numbers (tickets and
    follow-ups: no draft gives them one, and PostgreSQL refuses an explicit NULL id)."""
    return [
        "id" if f.primary_key else f.attname
        for f in model._meta.concrete_fields
        if with_id or not f.primary_key
    ]


def _follow_ups(
    rng: random.Random,
    plans: list[PlanDraft],
    places: Places,
    actors: Actors,
    spec: dict[str, Any],
    no_show_days: int,
    today: dt.date,
) -> int:
    rows = []
    for plan in plans:
        if plan.noshow is None:
            continue
        row = follow_up_row(
            household_id=plan.journey.id,
            plan_id=plan.id,
            office_id=places.offices[plan.journey.office].pk,
            city_name=places.cities[plan.city].name,
            arrival_due=_due(plan, no_show_days),
        )
        resolved_at, resolved_by, resolution = None, None, ""
        if chance(rng, spec["no_shows"]["resolved_share"]):
            day = local_day(plan.noshow.swept_at) + dt.timedelta(days=rng.randint(1, 10))
            if day <= today:
                resolved_at = moment_on(rng, day)
                resolved_by = actors.origin_of(plan.journey.office)
                resolution = rng.choice(spec["no_shows"]["resolutions"])
        row.created_at, row.resolved_at = plan.noshow.swept_at, resolved_at
        row.resolved_by_id, row.resolution = resolved_by, resolution
        rows.append(_values(row, with_id=False))
    return rows_insert(FollowUpRequest, _columns(FollowUpRequest, with_id=False), rows)
