"""Checking travellers in at the host city (relocation/services/arrivals.py)."""

import pytest

from arraigo.core.errors import InvalidTransition, NotPermitted
from arraigo.registry.models import HouseholdStatus
from arraigo.relocation.models import PlanStatus
from arraigo.relocation.services.arrivals import plan_check_in_all, ticket_check_in
from arraigo.relocation.services.trips import plan_depart

from .trip_helpers import accepted_offer, book


@pytest.fixture
def departed(rworld):
    plan = book(rworld, accepted_offer(rworld))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    return plan


def test_the_last_traveller_checked_in_makes_the_household_arrived(rworld, departed):
    first, second = departed.tickets.order_by("id")
    plan = ticket_check_in(actor=rworld.host_caseworker, ticket=first)
    assert plan.status == PlanStatus.DEPARTED
    first.refresh_from_db()
    assert first.checked_in_by == rworld.host_caseworker
    plan = ticket_check_in(actor=rworld.host_caseworker, ticket=second)
    assert plan.status == PlanStatus.ARRIVED
    assert plan.arrived_at is not None
    departed.household.refresh_from_db()
    assert departed.household.status == HouseholdStatus.ARRIVED


def test_a_coordinator_checks_in_everyone_at_once(rworld, departed):
    plan = plan_check_in_all(actor=rworld.coordinator, plan=departed)
    assert plan.status == PlanStatus.ARRIVED
    assert departed.tickets.filter(checked_in_at__isnull=True).count() == 0


@pytest.mark.parametrize("who", ["other_host_caseworker", "origin_caseworker", "auditor"])
def test_check_in_is_refused_outside_the_destination_city(rworld, departed, who):
    with pytest.raises(NotPermitted):
        plan_check_in_all(actor=getattr(rworld, who), plan=departed)
    assert departed.tickets.filter(checked_in_at__isnull=False).count() == 0


def test_a_household_that_has_not_left_cannot_be_checked_in(rworld):
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(InvalidTransition) as info:
        plan_check_in_all(actor=rworld.host_caseworker, plan=plan)
    assert info.value.message == (
        "This household has not left yet: its departure must be recorded first."
    )


def test_a_traveller_is_checked_in_once(rworld, departed):
    ticket = departed.tickets.first()
    ticket_check_in(actor=rworld.host_caseworker, ticket=ticket)
    with pytest.raises(InvalidTransition) as info:
        ticket_check_in(actor=rworld.host_caseworker, ticket=ticket)
    assert info.value.message == "This traveller is already checked in."
