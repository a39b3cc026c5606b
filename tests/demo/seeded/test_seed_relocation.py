"""The demo's relocation history agrees with itself and with the services' rules: offers come
from a matching run, trips from accepted offers, and the ledger holds exactly their money.

One demo of 600 households (seed 3) is built once for the whole package (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db.models import F, Sum

from arraigo.demo.journey import ZONE
from arraigo.demo.reference import reference_date
from arraigo.demo.seed import SeedResult
from arraigo.matching.adapter import DIMENSIONS, household_sizes
from arraigo.matching.models import MatchingRun, Proposal, ProposalStatus
from arraigo.places.models import Capacity, ServiceCategory
from arraigo.registry.models import Household, Person, StatusChange
from arraigo.relocation.models import (
    BudgetLine,
    Departure,
    FollowUpRequest,
    Grant,
    LedgerEntry,
    LodgingExtension,
    LodgingStay,
    RelocationPlan,
    Ticket,
)
from arraigo.relocation.rules import rules_current

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")


def _ledger(category: str, kind: str) -> Decimal:
    total = LedgerEntry.objects.filter(category=category, kind=kind).aggregate(s=Sum("amount"))
    return total["s"] or ZERO


def _moves(to_status: str) -> dict[int, dt.date]:
    """The day of each household's latest move to `to_status` (Mexico City)."""
    days: dict[int, dt.date] = {}
    for hid, at in (
        StatusChange.objects.filter(to_status=to_status)
        .order_by("changed_at")
        .values_list("household_id", "changed_at")
    ):
        days[hid] = at.astimezone(ZONE).date()
    return days


def _plan_totals() -> dict[int, Decimal]:
    return dict(Ticket.objects.values_list("plan_id").annotate(total=Sum("cost")))


def test_the_ledger_holds_exactly_the_tickets_stays_and_grants(seeded: SeedResult) -> None:
    totals = _plan_totals()
    travelled = set(_moves("travelled"))
    plans = list(RelocationPlan.objects.values_list("id", "household_id", "status"))
    left = [pid for pid, hid, status in plans if status in ("departed", "arrived")]
    left += [pid for pid, hid, status in plans if status == "no_show" and hid in travelled]
    never_left = [pid for pid, hid, status in plans if status == "no_show" and hid not in travelled]
    assert left

    committed = sum(totals.values(), ZERO) - sum((totals[p] for p in never_left), ZERO)
    assert _ledger("transport", "commitment") == committed
    assert _ledger("transport", "expenditure") == sum((totals[p] for p in left), ZERO)

    stays = list(LodgingStay.objects.all())
    assert _ledger("lodging", "commitment") == sum((s.nightly_cost * s.nights for s in stays), ZERO)
    closed = sum((s.nightly_cost * s.nights for s in stays if s.checked_out), ZERO)
    assert _ledger("lodging", "expenditure") == closed

    grants = Grant.objects.all()
    approved = grants.filter(status__in=["approved", "disbursed"]).aggregate(s=Sum("amount"))["s"]
    assert _ledger("grants", "commitment") == approved
    disbursed = grants.filter(status="disbursed").aggregate(s=Sum("amount"))["s"]
    assert _ledger("grants", "expenditure") == disbursed


def test_entries_are_dated_and_signed_by_the_step_that_made_them(seeded: SeedResult) -> None:
    booked = _moves("trip_booked")
    for plan in RelocationPlan.objects.select_related("household"):
        entries = LedgerEntry.objects.filter(source=f"plan:{plan.pk}").order_by("id")
        first = entries[0]
        assert (first.kind, first.booked_on) == ("commitment", booked[plan.household_id])
        assert first.created_by_id == plan.created_by_id
        assert first.description == f"Boletos de {plan.household.code}"  # the programme's language
        assert first.city_id == plan.destination_city_id
        assert first.office_id == plan.origin_office_id
        for spent in entries.filter(kind="expenditure"):
            assert spent.booked_on == plan.travel_date
    for grant in Grant.objects.select_related("plan").filter(status="disbursed"):
        kinds = dict(
            LedgerEntry.objects.filter(source=f"grant:{grant.pk}").values_list("kind", "booked_on")
        )
        assert kinds == {"commitment": grant.plan.travel_date, "expenditure": grant.disbursed_on}


def test_every_plan_has_a_ticket_per_member_and_arrivals_are_checked_in(
    seeded: SeedResult,
) -> None:
    members = defaultdict(set)
    for pid, hid in Person.objects.values_list("id", "household_id"):
        members[hid].add(pid)
    tickets = defaultdict(list)
    for ticket in Ticket.objects.all():
        tickets[ticket.plan_id].append(ticket)
    statuses: Counter[str] = Counter()
    for plan in RelocationPlan.objects.all():
        statuses[plan.status] += 1
        assert {t.person_id for t in tickets[plan.pk]} == members[plan.household_id]
        assert all(t.cost > 0 and t.seat for t in tickets[plan.pk])
        checked = [t.checked_in_at for t in tickets[plan.pk]]
        if plan.status == "arrived":
            assert plan.arrived_at is not None
            assert all(c == plan.arrived_at for c in checked)
            assert plan.arrived_at.astimezone(ZONE).date() <= plan.arrival_due
        else:
            assert checked == [None] * len(checked)
    assert {"planned", "departed", "arrived", "no_show"} <= set(statuses)


def test_trips_follow_the_households_history(seeded: SeedResult) -> None:
    travelled = _moves("travelled")
    statuses = dict(Household.objects.values_list("id", "status"))
    expected = {"trip_booked": "planned", "travelled": "departed", "profiled": "no_show"}
    for plan in RelocationPlan.objects.select_related("departure", "origin_office__city"):
        status = statuses[plan.household_id]
        if plan.status in ("departed", "arrived"):
            assert plan.travel_date == travelled[plan.household_id]
        if plan.status == "planned":
            assert plan.travel_date > reference_date()
        assert plan.status == expected.get(status, "arrived")
        assert plan.route.startswith(plan.origin_office.city.name + " - ")
        if plan.departure is not None:
            departure = plan.departure
            assert (plan.travel_date, plan.route) == (departure.date, departure.route)
            assert plan.origin_office_id == departure.origin_office_id
            assert departure.status == (
                "departed" if departure.date <= reference_date() else "open"
            )
    on_departures = RelocationPlan.objects.filter(departure__isnull=False).count()
    assert on_departures >= RelocationPlan.objects.count() / 3
    assert Departure.objects.filter(status="departed").exists()


def test_no_shows_went_back_to_matching_with_a_follow_up(seeded: SeedResult) -> None:
    no_shows = RelocationPlan.objects.filter(status="no_show").select_related("household")
    assert no_shows
    for plan in no_shows:
        assert plan.household.status == "profiled"
        assert plan.household.host_city_id is None
        assert plan.closed_reason
        follow_up = FollowUpRequest.objects.get(plan=plan)
        assert follow_up.office_id == plan.origin_office_id
        assert (follow_up.resolved_at is None) == (follow_up.resolved_by_id is None)
        assert not plan.grants.filter(status__in=["prepared", "approved", "disbursed"]).exists()


def test_grants_follow_the_table_and_the_maker_checker_rule(seeded: SeedResult) -> None:
    tables = rules_current().tables_for("relocation")
    by_plan = {"planned": "prepared", "departed": "approved", "arrived": "disbursed"}
    grants = Grant.objects.select_related("plan", "household", "table", "prepared_by")
    assert grants
    for grant in grants:
        assert grant.approved_by_id != grant.prepared_by_id
        assert grant.prepared_by.username != "demo-coordinator"
        row = max(
            (t for t in tables if t.effective_from <= grant.plan.travel_date),
            key=lambda t: t.effective_from,
        )
        assert grant.table.version == row.version
        assert grant.members == grant.household.size
        formula = row.base_amount + row.per_additional_member * (grant.members - 1)
        assert grant.amount == min(row.cap, formula)
        expected = by_plan.get(grant.plan.status, "cancelled")
        assert grant.status == expected
        if grant.status == "disbursed":
            assert grant.method and grant.reference and grant.disbursed_on
        assert not grant.household.has_open_duplicate
    assert not Grant.objects.filter(approved_by_id=F("prepared_by_id")).exists()


def test_money_is_paid_after_it_is_committed_and_grants_on_arrival(seeded: SeedResult) -> None:
    # Issue 10, item 6: no expenditure dated before its commitment, and the programme's rule
    # for relocation grants (paid on arrival) holds in the demo too.
    first_commitment: dict[str, dt.date] = {}
    for source, day in (
        LedgerEntry.objects.filter(kind="commitment", amount__gt=0)
        .order_by("booked_on")
        .values_list("source", "booked_on")
    ):
        first_commitment.setdefault(source, day)
    paid = list(
        LedgerEntry.objects.filter(kind="expenditure", amount__gt=0).values_list(
            "source", "booked_on"
        )
    )
    assert paid
    early = [(s, d) for s, d in paid if s not in first_commitment or d < first_commitment[s]]
    assert early == []

    assert rules_current().grant_rule("relocation").disburse == "on_arrival"
    disbursed = Grant.objects.filter(status="disbursed").select_related("plan")
    assert disbursed
    for grant in disbursed:
        assert grant.plan.status == "arrived"
        assert grant.disbursed_on >= grant.plan.arrived_at.astimezone(ZONE).date()


def test_stays_are_at_the_host_citys_shelter_within_the_nights_allowed(
    seeded: SeedResult,
) -> None:
    limit = rules_current().lodging_max_nights
    extra = dict(
        LodgingExtension.objects.values_list("plan_id").annotate(total=Sum("extra_nights"))
    )
    stays = LodgingStay.objects.select_related("plan", "provider")
    assert stays
    for stay in stays:
        assert stay.plan.status == "arrived"
        assert stay.provider.city_id == stay.plan.destination_city_id
        assert stay.provider.services.filter(category=ServiceCategory.HOUSING).exists()
        assert stay.nights <= limit + extra.get(stay.plan_id, 0)
        assert stay.checked_out == (stay.check_out <= reference_date())
    assert any(stay.nights > limit for stay in stays)


def test_offers_come_from_one_finished_run_and_reserve_capacity(seeded: SeedResult) -> None:
    run = MatchingRun.objects.get()
    assert (run.status, run.termination, run.parameters["demo_history"]) == (
        "done",
        "optimal",
        True,
    )
    assert run.finished_at is not None
    first_review = Proposal.objects.order_by("reviewed_at")[0].reviewed_at
    assert first_review is not None and run.finished_at < first_review
    hosts = dict(Household.objects.values_list("id", "host_city_id"))
    accepted = Proposal.objects.filter(status=ProposalStatus.ACCEPTED)
    for proposal in accepted.exclude(household__host_city__isnull=True):
        assert proposal.city_id == hosts[proposal.household_id]
        assert proposal.decided_at is not None and proposal.reviewed_by_id is not None
    plans = set(RelocationPlan.objects.values_list("proposal_id", flat=True))
    assert plans <= set(accepted.values_list("id", flat=True))
    assert not Capacity.objects.filter(reserved__gt=F("amount")).exists()
    assert Capacity.objects.filter(reserved__gt=0).exists()
    # Every offer still waiting for an answer fits in what its city has left.
    room = {(c.city_id, c.dimension): c.amount - c.reserved for c in Capacity.objects.all()}
    for proposal in Proposal.objects.filter(status=ProposalStatus.APPROVED).select_related(
        "household"
    ):
        household = proposal.household
        codes = list(household.needs.values_list("code", flat=True))
        sizes, _workers = household_sizes(household.members.all(), codes, run.period_start)
        for dimension, n in zip(DIMENSIONS, sizes, strict=True):
            assert room[(proposal.city_id, dimension)] >= n


def test_households_wait_at_offer_accepted_for_their_trip(seeded: SeedResult) -> None:
    waiting = Household.objects.filter(
        status="offer_accepted", proposals__status=ProposalStatus.ACCEPTED
    ).exclude(relocation_plans__isnull=False)
    assert waiting.count() >= 3
    assert waiting.filter(origin_office__code="tap", host_city__code="saltillo").exists()


def test_budget_of_the_year_is_partly_used_and_last_years_spent(seeded: SeedResult) -> None:
    year = reference_date().year
    for line in BudgetLine.objects.all():
        committed = _year_total(line.year, line.category, "commitment")
        spent = _year_total(line.year, line.category, "expenditure")
        assert committed <= line.amount
        if line.year == year:
            assert Decimal("0.6") <= committed / line.amount <= Decimal("0.85")
        else:
            assert line.year == year - 1
            assert spent / line.amount >= Decimal("0.85")
    assert BudgetLine.objects.count() == 6


def _year_total(year: int, category: str, kind: str) -> Decimal:
    entries = LedgerEntry.objects.filter(booked_on__year=year, category=category, kind=kind)
    return entries.aggregate(s=Sum("amount"))["s"] or ZERO


def test_every_offer_carries_the_explanation_a_run_would_give(seeded: SeedResult) -> None:
    proposals = list(Proposal.objects.all())

    assert proposals
    for proposal in proposals:
        explanation = proposal.explanation
        assert explanation["outcome"] == proposal.score
        assert 0 < proposal.score < 1
        assert len([f for f in explanation["factors"] if f[0] != "Household preference"]) == 5
        alternatives = explanation["alternatives"]
        assert len(alternatives) <= 3
        total = proposal.score + explanation["preference"]
        assert all(alt["score"] < total for alt in alternatives)
        assert all(
            alt["score"] == round(alt["outcome"] + alt["preference"] + alt["job_fit"], 6)
            for alt in alternatives
        )
        assert [a["score"] for a in alternatives] == sorted(
            (a["score"] for a in alternatives), reverse=True
        )
        assert str(proposal.city_id) not in {alt["city"] for alt in alternatives}
    assert sum(1 for p in proposals if p.explanation["alternatives"]) > len(proposals) / 2


def test_every_traveller_on_a_ticket_belongs_to_a_household_that_consented_to_relocation(
    seeded: SeedResult,
) -> None:
    """Accepting an offer needs consent to relocation, so the demo's tickets (and the carriers'
    manifests built from them) never belong to a household whose latest answer is no."""
    from arraigo.registry.consent import consent_filter
    from arraigo.registry.models import ConsentPurpose

    with_tickets = Household.objects.filter(relocation_plans__tickets__isnull=False).distinct()
    consented = consent_filter(with_tickets, ConsentPurpose.RELOCATION, household="pk")

    assert with_tickets.count() > 0
    assert sorted(set(with_tickets.values_list("pk", flat=True))) == sorted(
        set(consented.values_list("pk", flat=True))
    )
