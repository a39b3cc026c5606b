"""Group departures (relocation/services/departures.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.models import HouseholdStatus
from arraigo.relocation.models import DepartureStatus, EntryKind, LedgerEntry, PlanStatus
from arraigo.relocation.services.departures import (
    departure_add_plan,
    departure_cancel,
    departure_create,
    departure_depart,
    departure_remove_plan,
)
from tests.places.factories import OfficeFactory

from .trip_helpers import accepted_offer, book


def _departure(world, day=None, office=None):
    return departure_create(
        actor=world.coordinator,
        origin_office=office or world.office,
        date=day or timezone.localdate(),
        route="Tapachula - Monterrey - Saltillo",
        carrier="Transportes del Golfo",
    )


def test_a_plan_on_a_departure_takes_its_route_and_carrier(rworld):
    departure = _departure(rworld)
    plan = book(rworld, accepted_offer(rworld))
    departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    plan.refresh_from_db()
    assert (plan.departure, plan.route, plan.carrier) == (
        departure,
        "Tapachula - Monterrey - Saltillo",
        "Transportes del Golfo",
    )


def test_only_a_coordinator_creates_departures(rworld):
    with pytest.raises(NotPermitted):
        departure_create(
            actor=rworld.origin_caseworker,
            origin_office=rworld.office,
            date=timezone.localdate(),
            route="A - B",
            carrier="C",
        )


def test_departure_needs_route_and_carrier(rworld):
    with pytest.raises(ValidationFailed) as info:
        departure_create(
            actor=rworld.coordinator,
            origin_office=rworld.office,
            date=timezone.localdate(),
            route="",
            carrier=" ",
        )
    assert info.value.errors == {
        "route": ["This field is required."],
        "carrier": ["This field is required."],
    }


def test_another_offices_plan_cannot_join(rworld):
    departure = _departure(rworld, office=OfficeFactory(name="Tenosique"))
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(ValidationFailed) as info:
        departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    assert info.value.errors == {
        "plan": ["This household leaves from another office than the departure."]
    }


def test_a_plan_of_another_date_cannot_join(rworld):
    departure = _departure(rworld, day=timezone.localdate() + dt.timedelta(days=1))
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(ValidationFailed) as info:
        departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    assert info.value.errors == {
        "plan": [
            f"This trip is planned for {plan.travel_date:%Y-%m-%d} and the departure leaves on "
            f"{departure.date:%Y-%m-%d}: change the trip's date first."
        ]
    }


def test_caseworkers_cannot_change_a_departure(rworld):
    departure = _departure(rworld)
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(NotPermitted):
        departure_add_plan(actor=rworld.origin_caseworker, departure=departure, plan=plan)


def test_departing_moves_every_plan_and_pays_each(rworld):
    departure = _departure(rworld)
    first = book(rworld, accepted_offer(rworld, "HH-0201"), cost="800.00")
    second = book(rworld, accepted_offer(rworld, "HH-0202"), cost="650.00")
    for plan in (first, second):
        departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)

    departure_depart(actor=rworld.coordinator, departure=departure)

    departure.refresh_from_db()
    assert departure.status == DepartureStatus.DEPARTED
    for plan in (first, second):
        plan.refresh_from_db()
        plan.household.refresh_from_db()
        assert (plan.status, plan.household.status) == (
            PlanStatus.DEPARTED,
            HouseholdStatus.TRAVELLED,
        )
    paid = LedgerEntry.objects.filter(kind=EntryKind.EXPENDITURE).order_by("id")
    assert list(paid.values_list("source", "amount")) == [
        (f"plan:{first.pk}", Decimal("1600.00")),
        (f"plan:{second.pk}", Decimal("1300.00")),
    ]
    with pytest.raises(InvalidTransition) as info:
        departure_remove_plan(actor=rworld.coordinator, departure=departure, plan=first)
    assert info.value.message == (
        "This departure is departed: households can no longer change on it."
    )


def test_an_empty_departure_cannot_depart(rworld):
    with pytest.raises(ValidationFailed) as info:
        departure_depart(actor=rworld.coordinator, departure=_departure(rworld))
    assert info.value.errors == {None: ["No household is on this departure yet."]}


def test_removing_and_calling_off_leave_the_trips_planned(rworld):
    departure = _departure(rworld)
    first = book(rworld, accepted_offer(rworld, "HH-0201"))
    second = book(rworld, accepted_offer(rworld, "HH-0202"))
    for plan in (first, second):
        departure_add_plan(actor=rworld.coordinator, departure=departure, plan=plan)
    departure_remove_plan(actor=rworld.coordinator, departure=departure, plan=first)
    first.refresh_from_db()
    assert first.departure is None
    departure_cancel(actor=rworld.coordinator, departure=departure)
    second.refresh_from_db()
    assert (second.departure, second.status) == (None, PlanStatus.PLANNED)
    departure.refresh_from_db()
    assert departure.status == DepartureStatus.CANCELLED
