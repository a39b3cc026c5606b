"""Booking, changing, cancelling and departing a trip (relocation/services/trips.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.matching.models import ProposalStatus
from arraigo.registry.models import HouseholdStatus, NeedCode, SpecificNeed
from arraigo.relocation.models import CostCategory, LedgerEntry, PlanStatus, RelocationPlan
from arraigo.relocation.services.trips import plan_cancel, plan_create, plan_depart, plan_update

from .factories import budget_line
from .trip_helpers import accepted_offer, book


def _ledger(plan):
    return list(
        LedgerEntry.objects.filter(source=f"plan:{plan.pk}")
        .order_by("id")
        .values_list("kind", "category", "amount", "booked_on")
    )


def test_booking_makes_one_ticket_per_member_and_commits_the_total(rworld):
    proposal = accepted_offer(rworld)
    day = timezone.localdate() + dt.timedelta(days=5)

    plan = plan_create(
        actor=rworld.origin_caseworker,
        proposal=proposal,
        travel_date=day,
        route="Tapachula - Saltillo",
        carrier="Autobuses del Sur",
        ticket_costs={
            p.pk: Decimal(c)
            for p, c in zip(proposal.household.members.all(), ("900.50", "450"), strict=True)
        },
        seats={
            p.pk: s for p, s in zip(proposal.household.members.all(), ("12", "13"), strict=True)
        },
    )

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PLANNED
    assert plan.origin_office == rworld.office
    assert plan.destination_city == rworld.city
    assert plan.arrival_due == day + dt.timedelta(days=3)
    assert plan.escort is False
    assert list(plan.tickets.values_list("cost", "seat")) == [
        (Decimal("900.50"), "12"),
        (Decimal("450.00"), "13"),
    ]
    proposal.household.refresh_from_db()
    assert proposal.household.status == HouseholdStatus.TRIP_BOOKED
    assert _ledger(plan) == [("commitment", "transport", Decimal("1350.50"), timezone.localdate())]


def test_escort_defaults_to_yes_for_a_household_with_specific_needs(rworld):
    proposal = accepted_offer(rworld)
    SpecificNeed.objects.create(
        household=proposal.household, code=NeedCode.DISABILITY, recorded_at=timezone.now()
    )
    assert book(rworld, proposal).escort is True


def test_a_second_live_plan_is_refused(rworld):
    with pytest.raises(ValidationFailed) as info:
        book(rworld, rworld.proposal)
    assert info.value.errors == {
        None: [
            f"HH-0100 already has a relocation plan (plan {rworld.plan.pk}, planned): "
            "change or cancel that one instead."
        ]
    }


def test_a_proposal_not_accepted_is_refused(rworld):
    proposal = accepted_offer(rworld)
    proposal.status = ProposalStatus.DECLINED
    proposal.save()
    with pytest.raises(ValidationFailed) as info:
        book(rworld, proposal)
    assert info.value.errors == {
        None: ["Only an offer the household accepted can be planned: this proposal is declined."]
    }
    assert not RelocationPlan.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize("who", ["other_origin_caseworker", "host_caseworker", "auditor"])
def test_booking_is_refused_out_of_scope_or_without_the_right(rworld, who):
    proposal = accepted_offer(rworld)
    with pytest.raises(NotPermitted):
        book(rworld, proposal, actor=getattr(rworld, who))
    assert not RelocationPlan.objects.filter(proposal=proposal).exists()


def test_booking_over_the_transport_budget_is_refused(rworld):
    year = timezone.localdate().year
    budget_line(year, CostCategory.TRANSPORT, "1000.00")
    proposal = accepted_offer(rworld)
    with pytest.raises(ValidationFailed) as info:
        book(rworld, proposal, cost="600.00")
    assert info.value.errors == {
        None: [
            f"This would take the transport budget for {year} over by 200.00 MXN "
            "(budget 1,000.00, already committed 0.00): nothing was approved."
        ]
    }
    assert not RelocationPlan.objects.filter(proposal=proposal).exists()
    proposal.household.refresh_from_db()
    assert proposal.household.status == HouseholdStatus.OFFER_ACCEPTED


def test_missing_costs_and_route_are_refused_beside_their_fields(rworld):
    proposal = accepted_offer(rworld)
    with pytest.raises(ValidationFailed) as info:
        plan_create(
            actor=rworld.origin_caseworker,
            proposal=proposal,
            travel_date=timezone.localdate(),
            route=" ",
            carrier="ADO",
            ticket_costs={},
        )
    assert info.value.errors == {
        "route": ["This field is required."],
        "costs": ["Give the ticket cost of every traveller (0 or more, in MXN)."],
    }


def test_changing_the_costs_commits_the_difference(rworld):
    plan = book(rworld, accepted_offer(rworld), cost="500.00")
    later = plan.travel_date + dt.timedelta(days=2)
    plan_update(
        actor=rworld.origin_caseworker,
        plan=plan,
        travel_date=later,
        route="Tapachula - Saltillo",
        carrier="ADO",
        ticket_costs=Decimal("400.00"),
    )
    plan.refresh_from_db()
    assert (plan.carrier, plan.arrival_due) == ("ADO", later + dt.timedelta(days=3))
    assert [row[2] for row in _ledger(plan)] == [Decimal("1000.00"), Decimal("-200.00")]


def test_cancelling_reverses_the_commitment_and_the_offer_stands(rworld):
    proposal = accepted_offer(rworld)
    plan = book(rworld, proposal, cost="500.00")
    plan_cancel(actor=rworld.origin_caseworker, plan=plan, reason="Carrier strike")
    plan.refresh_from_db()
    assert (plan.status, plan.closed_reason) == (PlanStatus.CANCELLED, "Carrier strike")
    assert [row[2] for row in _ledger(plan)] == [Decimal("1000.00"), Decimal("-1000.00")]
    household = proposal.household
    household.refresh_from_db()
    assert household.status == HouseholdStatus.OFFER_ACCEPTED
    assert book(rworld, proposal).status == PlanStatus.PLANNED  # a new trip can be booked


def test_cancelling_needs_a_reason(rworld):
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(ValidationFailed) as info:
        plan_cancel(actor=rworld.origin_caseworker, plan=plan, reason="  ")
    assert info.value.errors == {"reason": ["Give a reason for the cancellation."]}


def test_departing_pays_the_tickets_and_the_household_travels(rworld):
    proposal = accepted_offer(rworld)
    plan = book(rworld, proposal, cost="700.00")
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DEPARTED
    proposal.household.refresh_from_db()
    assert proposal.household.status == HouseholdStatus.TRAVELLED
    assert _ledger(plan) == [
        ("commitment", "transport", Decimal("1400.00"), timezone.localdate()),
        ("expenditure", "transport", Decimal("1400.00"), timezone.localdate()),
    ]


def test_a_trip_cannot_depart_before_its_date(rworld):
    plan = book(rworld, accepted_offer(rworld), travel_date=timezone.localdate() + dt.timedelta(1))
    with pytest.raises(InvalidTransition) as info:
        plan_depart(actor=rworld.origin_caseworker, plan=plan)
    assert info.value.message == (
        f"This trip leaves on {plan.travel_date:%Y-%m-%d}: it cannot depart before then."
    )


def test_a_departed_trip_can_no_longer_change(rworld):
    plan = book(rworld, accepted_offer(rworld))
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    with pytest.raises(InvalidTransition) as info:
        plan_cancel(actor=rworld.origin_caseworker, plan=plan, reason="Too late")
    assert info.value.message == "This trip is departed: that step is no longer possible."


def test_another_office_cannot_change_or_depart_the_trip(rworld):
    plan = book(rworld, accepted_offer(rworld))
    with pytest.raises(NotPermitted):
        plan_depart(actor=rworld.other_origin_caseworker, plan=plan)
    with pytest.raises(NotPermitted):
        plan_cancel(actor=rworld.other_origin_caseworker, plan=plan, reason="No")


def test_departing_returns_the_saved_trip_with_its_household_as_it_now_is(rworld):
    plan = book(rworld, accepted_offer(rworld))
    household = plan.household  # cached on the caller's instance, still "trip booked"

    departed = plan_depart(actor=rworld.origin_caseworker, plan=plan)

    assert departed is not plan
    assert (departed.status, departed.household.status) == (
        PlanStatus.DEPARTED,
        HouseholdStatus.TRAVELLED,
    )
    # the caller's instance is left as it was read: services do not write into it
    assert (plan.status, household.status) == (PlanStatus.PLANNED, HouseholdStatus.TRIP_BOOKED)
