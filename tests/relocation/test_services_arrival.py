"""Checking travellers in at the host city (relocation/services/arrivals.py)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.registry.models import HouseholdStatus
from arraigo.registry.services.transitions import household_transition
from arraigo.relocation.models import ArrivalCorrection, PlanStatus
from arraigo.relocation.services.arrivals import (
    arrival_correct,
    arrival_undo,
    plan_check_in_all,
    ticket_check_in,
)
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


# --- the real arrival date, its correction and undoing a check-in -------------------------


@pytest.fixture
def travelled(rworld):
    """A household of two that left three days ago."""
    plan = book(rworld, accepted_offer(rworld), travel_date=_today() - dt.timedelta(days=3))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    return plan


def _today() -> dt.date:
    return timezone.localdate()


def test_check_in_records_the_day_the_household_really_arrived(rworld, travelled):
    # Given a household that left three days ago and arrived the day before yesterday
    arrived = _today() - dt.timedelta(days=2)

    # When the host caseworker checks everyone in with that date
    plan = plan_check_in_all(actor=rworld.host_caseworker, plan=travelled, arrived_on=arrived)

    # Then the travellers and the household arrived on that day (recorded now, by them)
    assert (plan.status, plan.arrived_on) == (PlanStatus.ARRIVED, arrived)
    assert set(travelled.tickets.values_list("arrived_on", "checked_in_by")) == {
        (arrived, rworld.host_caseworker.pk)
    }
    assert plan.arrived_at is not None


def test_check_in_without_a_date_is_today(rworld, travelled):
    first, second = travelled.tickets.order_by("id")
    ticket_check_in(actor=rworld.host_caseworker, ticket=first)
    plan = ticket_check_in(
        actor=rworld.host_caseworker, ticket=second, arrived_on=_today() - dt.timedelta(days=1)
    )
    first.refresh_from_db()
    assert first.arrived_on == _today()
    assert plan.arrived_on == _today()  # the household is complete when the last one arrives


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "The arrival date cannot be in the future."),
        (-4, "The household left on {travel}: it cannot have arrived before that day."),
    ],
)
def test_an_arrival_date_in_the_future_or_before_the_departure_is_refused(
    rworld, travelled, days, message
):
    with pytest.raises(ValidationFailed) as info:
        plan_check_in_all(
            actor=rworld.host_caseworker,
            plan=travelled,
            arrived_on=_today() + dt.timedelta(days=days),
        )
    assert info.value.errors == {
        "arrived_on": [message.format(travel=f"{travelled.travel_date:%Y-%m-%d}")]
    }
    assert not travelled.tickets.filter(checked_in_at__isnull=False).exists()


def test_a_correction_changes_the_date_with_a_reason_and_is_audited(rworld, travelled):
    # Given a household checked in today by mistake: it arrived yesterday
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    yesterday = _today() - dt.timedelta(days=1)

    # When the caseworker corrects the arrival date with the reason
    plan = arrival_correct(
        actor=rworld.host_caseworker,
        plan=travelled,
        arrived_on=yesterday,
        reason="They arrived on the night bus; checked in the next morning.",
    )

    # Then every traveller and the household arrived yesterday, and the correction is kept
    assert plan.arrived_on == yesterday
    assert set(travelled.tickets.values_list("arrived_on", flat=True)) == {yesterday}
    correction = ArrivalCorrection.objects.get()
    assert (correction.plan, correction.ticket, correction.corrected_by) == (
        plan,
        None,
        rworld.host_caseworker,
    )
    assert (correction.previous_on, correction.arrived_on, correction.reason) == (
        _today(),
        yesterday,
        "They arrived on the night bus; checked in the next morning.",
    )
    assert LogEntry.objects.get_for_object(correction).get().action == LogEntry.Action.CREATE
    ticket = travelled.tickets.first()
    changes = [e.changes_dict for e in LogEntry.objects.get_for_object(ticket).order_by("id")]
    assert changes[-1]["arrived_on"] == [f"{_today():%Y-%m-%d}", f"{yesterday:%Y-%m-%d}"]


def test_a_correction_needs_a_reason_and_a_checked_in_household(rworld, travelled):
    with pytest.raises(InvalidTransition) as nobody:
        arrival_correct(
            actor=rworld.host_caseworker, plan=travelled, arrived_on=_today(), reason="Typo."
        )
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    with pytest.raises(ValidationFailed) as no_reason:
        arrival_correct(
            actor=rworld.host_caseworker, plan=travelled, arrived_on=_today(), reason=""
        )
    assert nobody.value.message == "Nobody of this household is checked in: nothing to correct."
    assert no_reason.value.errors == {"reason": ["Say why the arrival is corrected."]}
    assert not ArrivalCorrection.objects.exists()


def test_undoing_a_check_in_made_by_mistake_puts_the_household_back_in_transit(rworld, travelled):
    # Given everyone checked in, though one traveller has not arrived
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    missing = travelled.tickets.order_by("id").last()

    # When the caseworker undoes that traveller's check-in with the reason
    plan = arrival_undo(
        actor=rworld.host_caseworker,
        plan=travelled,
        ticket=missing,
        reason="Checked in by mistake: the son travels next week.",
    )

    # Then the traveller is not checked in, the trip and the household are travelling again
    missing.refresh_from_db()
    travelled.household.refresh_from_db()
    assert (missing.checked_in_at, missing.arrived_on, missing.checked_in_by) == (None, None, None)
    assert (plan.status, plan.arrived_on) == (PlanStatus.DEPARTED, None)
    assert travelled.household.status == HouseholdStatus.TRAVELLED
    correction = ArrivalCorrection.objects.get()
    assert (correction.ticket, correction.previous_on, correction.arrived_on) == (
        missing,
        _today(),
        None,
    )


@pytest.mark.parametrize("who", ["other_host_caseworker", "origin_caseworker", "auditor"])
def test_corrections_are_refused_outside_the_destination_city(rworld, travelled, who):
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    actor = getattr(rworld, who)
    with pytest.raises(NotPermitted):
        arrival_correct(actor=actor, plan=travelled, arrived_on=_today(), reason="Typo.")
    with pytest.raises(NotPermitted):
        arrival_undo(actor=actor, plan=travelled, reason="Typo.")
    assert not ArrivalCorrection.objects.exists()


def test_an_arrival_cannot_be_undone_once_integration_started(rworld, travelled):
    plan_check_in_all(actor=rworld.host_caseworker, plan=travelled)
    household_transition(
        actor=rworld.host_caseworker,
        household=travelled.household,
        to_status=HouseholdStatus.INTEGRATING,
    )

    with pytest.raises(InvalidTransition) as info:
        arrival_undo(actor=rworld.host_caseworker, plan=travelled, reason="Mistake.")

    assert info.value.message == (
        "The household's integration has started: its arrival can no longer be undone, "
        "only its date corrected."
    )
    travelled.refresh_from_db()
    assert travelled.status == PlanStatus.ARRIVED
    assert not ArrivalCorrection.objects.exists()
