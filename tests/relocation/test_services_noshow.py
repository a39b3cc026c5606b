"""Households that do not arrive: the no-show sweep, its command and the follow-up."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.jobs.models import Vacancy
from arraigo.places.models import Capacity
from arraigo.registry.models import HouseholdStatus
from arraigo.relocation.models import FollowUpRequest, LedgerEntry, PlanStatus, RelocationPlan
from arraigo.relocation.services.arrivals import follow_up_resolve, noshow_sweep, ticket_check_in
from arraigo.relocation.services.trips import plan_depart
from tests.jobs.factories import EmployerFactory, VacancyFactory

from .trip_helpers import accepted_offer, book


def _reserved(city):
    return dict(
        Capacity.objects.filter(city=city)
        .order_by("dimension")
        .values_list("dimension", "reserved")
    )


@pytest.fixture
def vacancy(rworld):
    return VacancyFactory(employer=EmployerFactory(city=rworld.city), seats=4, seats_reserved=1)


def test_a_departed_household_not_checked_in_is_a_no_show(rworld, vacancy):
    # The world's own plan reserved nothing (made by a factory): keep it out of the sweep.
    RelocationPlan.objects.filter(pk=rworld.plan.pk).update(status=PlanStatus.CANCELLED)
    proposal = accepted_offer(rworld, vacancy=vacancy)
    assert _reserved(rworld.city) == {
        "daycare_places": 1,
        "housing_units": 1,
        "reception_beds": 2,
        "school_places": 0,
        "specialised_places": 0,
    }
    assert Vacancy.objects.get(pk=vacancy.pk).seats_reserved == 2
    plan = book(rworld, proposal, cost="900.00")
    plan_depart(actor=rworld.origin_caseworker, plan=plan)
    the_day_after_due = plan.arrival_due + dt.timedelta(days=1)

    changed = noshow_sweep(actor=rworld.coordinator, today=the_day_after_due)

    assert [p.pk for p in changed] == [plan.pk]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.NO_SHOW
    assert plan.closed_reason == f"Not checked in by {plan.arrival_due:%Y-%m-%d}."
    assert set(_reserved(rworld.city).values()) == {0}
    assert Vacancy.objects.get(pk=vacancy.pk).seats_reserved == 1
    household = proposal.household
    household.refresh_from_db()
    assert (household.status, household.host_city) == (HouseholdStatus.PROFILED, None)
    assert household.history.order_by("-id").first().reason == "no-show"
    follow_up = FollowUpRequest.objects.get()
    assert (follow_up.household, follow_up.office, follow_up.plan) == (
        household,
        rworld.office,
        plan,
    )
    assert follow_up.reason == (
        f"Did not arrive in Saltillo by {plan.arrival_due:%Y-%m-%d}: find out what happened "
        "to the household."
    )
    # The tickets were paid at departure: nothing unspent to reverse.
    amounts = LedgerEntry.objects.filter(source=f"plan:{plan.pk}").values_list("kind", "amount")
    assert list(amounts.order_by("id")) == [
        ("commitment", Decimal("1800.00")),
        ("expenditure", Decimal("1800.00")),
    ]


def test_a_planned_trip_that_never_left_gives_back_its_commitment(rworld):
    plan = book(rworld, accepted_offer(rworld), cost="500.00")
    noshow_sweep(actor=rworld.coordinator, today=plan.arrival_due + dt.timedelta(days=1))
    amounts = LedgerEntry.objects.filter(source=f"plan:{plan.pk}").values_list("kind", "amount")
    assert list(amounts.order_by("id")) == [
        ("commitment", Decimal("1000.00")),
        ("commitment", Decimal("-1000.00")),
    ]
    plan.household.refresh_from_db()
    assert plan.household.status == HouseholdStatus.PROFILED


def test_the_sweep_leaves_trips_not_yet_due_arrived_or_partly_checked_in(rworld):
    due_today = book(rworld, accepted_offer(rworld, "HH-0201"))
    partly = book(rworld, accepted_offer(rworld, "HH-0202"))
    plan_depart(actor=rworld.origin_caseworker, plan=partly)
    ticket_check_in(actor=rworld.host_caseworker, ticket=partly.tickets.first())
    on_due_day = noshow_sweep(actor=rworld.coordinator, today=due_today.arrival_due)
    assert [p.pk for p in on_due_day] == [rworld.plan.pk]  # HH-0100's is long past
    day_after = due_today.arrival_due + dt.timedelta(days=1)
    assert [p.pk for p in noshow_sweep(actor=rworld.coordinator, today=day_after)] == [due_today.pk]
    partly.refresh_from_db()
    assert partly.status == PlanStatus.DEPARTED


def test_a_second_sweep_changes_nothing(rworld):
    plan = book(rworld, accepted_offer(rworld))
    day = plan.arrival_due + dt.timedelta(days=1)
    assert len(noshow_sweep(actor=rworld.coordinator, today=day)) == 2
    assert noshow_sweep(actor=rworld.coordinator, today=day) == []
    assert FollowUpRequest.objects.count() == 2


@pytest.mark.parametrize("who", ["origin_caseworker", "host_caseworker", "auditor"])
def test_only_a_coordinator_runs_the_sweep(rworld, who):
    with pytest.raises(NotPermitted):
        noshow_sweep(actor=getattr(rworld, who), today=timezone.localdate())
    assert FollowUpRequest.objects.count() == 0


def test_command_prints_how_many(rworld):
    out = StringIO()
    call_command("no_shows", "--today=2026-03-14", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 no-show(s) on 2026-03-14",
        f"  plan {rworld.plan.pk}: household HH-0100",
    ]


def test_command_before_the_due_date_finds_none(rworld):
    out = StringIO()
    call_command("no_shows", "--today=2026-03-13", stdout=out)
    assert out.getvalue() == "0 no-show(s) on 2026-03-13\n"


def test_the_origin_office_resolves_the_follow_up(rworld):
    noshow_sweep(actor=rworld.coordinator, today=dt.date(2026, 3, 14))
    follow_up = FollowUpRequest.objects.get()
    with pytest.raises(NotPermitted):
        follow_up_resolve(actor=rworld.other_origin_caseworker, follow_up=follow_up, resolution="?")
    with pytest.raises(ValidationFailed) as info:
        follow_up_resolve(actor=rworld.origin_caseworker, follow_up=follow_up, resolution=" ")
    assert info.value.errors == {"resolution": ["Say what was found."]}
    follow_up_resolve(
        actor=rworld.origin_caseworker, follow_up=follow_up, resolution="Missed the bus"
    )
    follow_up.refresh_from_db()
    assert (follow_up.resolution, follow_up.resolved_by) == (
        "Missed the bus",
        rworld.origin_caseworker,
    )
    with pytest.raises(InvalidTransition):
        follow_up_resolve(actor=rworld.origin_caseworker, follow_up=follow_up, resolution="x")


def test_the_command_line_spells_it_with_a_hyphen(capsys):
    from arraigo import cli

    assert cli.django_argv(["no-shows", "--today", "2026-03-14"]) == [
        "arraigo",
        "no_shows",
        "--today",
        "2026-03-14",
    ]
    cli.main(["--help"])
    assert "  no-shows " in capsys.readouterr().out
