"""Review of proposals (approve, override) and the household's answer (accept, decline)."""

import pytest
from auditlog.models import LogEntry

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.matching.models import MatchingRun, Proposal, ProposalStatus
from arraigo.matching.services import (
    matching_run_create,
    matching_run_start,
    proposal_accept,
    proposal_approve,
    proposal_decline,
    proposal_override,
)
from arraigo.places.models import Capacity
from arraigo.registry.models import HouseholdStatus

from .factories import PERIOD, World, city_with_capacity, consent_relocation


@pytest.fixture
def run(world: World) -> MatchingRun:
    run = matching_run_create(
        actor=world.coordinator,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        parameters={"preference_weight": 0.2},
    )
    matching_run_start(run=run)
    return run


def proposal_of(run: MatchingRun, household: object) -> Proposal:
    return run.proposals.get(household=household)


def reserved(city: object) -> dict[str, int]:
    return dict(Capacity.objects.filter(city=city).values_list("dimension", "reserved"))


def test_caseworker_approves(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    proposal.refresh_from_db()
    world.needs_family.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.reviewed_by == world.caseworker
    assert world.needs_family.status == HouseholdStatus.PROPOSED
    assert (
        LogEntry.objects.get_for_object(proposal).filter(action=LogEntry.Action.UPDATE).count() == 1
    )


def test_caseworker_of_another_office_cannot_review(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    with pytest.raises(NotPermitted):
        proposal_approve(actor=world.other_caseworker, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_override_needs_a_reason(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.worker_family)
    with pytest.raises(ValidationFailed) as exc:
        proposal_override(actor=world.caseworker, proposal=proposal, city=world.city_a, reason="  ")
    assert exc.value.errors == {"reason": ["Give a reason for the override."]}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_override_refuses_an_excluded_or_unfit_city(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    for city in (world.city_c, world.city_b):  # excluded by the household; no specialised place
        with pytest.raises(ValidationFailed) as exc:
            proposal_override(actor=world.caseworker, proposal=proposal, city=city, reason="x")
        assert list(exc.value.errors) == ["city"]


def test_override_with_reason(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.worker_family)
    proposal_override(
        actor=world.caseworker, proposal=proposal, city=world.city_a, reason="Job offer in Alfa"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OVERRIDDEN
    assert proposal.override_city == world.city_a
    assert proposal.offered_city == world.city_a
    assert proposal.override_reason == "Job offer in Alfa"
    world.worker_family.refresh_from_db()
    assert world.worker_family.status == HouseholdStatus.PROPOSED


def test_accept_reserves_capacity_and_seats(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    consent_relocation(world.needs_family)
    proposal_accept(actor=world.caseworker, proposal=proposal, note="Happy to go")
    proposal.refresh_from_db()
    world.needs_family.refresh_from_db()
    world.vacancy.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decision_note == "Happy to go"
    assert world.needs_family.status == HouseholdStatus.OFFER_ACCEPTED
    assert world.needs_family.host_city == world.city_a
    assert world.vacancy.seats_reserved == 1
    assert reserved(world.city_a) == {
        "reception_beds": 1,
        "housing_units": 1,
        "school_places": 0,
        "daycare_places": 0,
        "specialised_places": 1,
    }


def test_accept_of_an_override_reserves_in_the_offered_city(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.worker_family)
    proposal_override(actor=world.caseworker, proposal=proposal, city=world.city_c, reason="Why")
    consent_relocation(world.worker_family)
    proposal_accept(actor=world.caseworker, proposal=proposal)
    assert reserved(world.city_c)["school_places"] == 1
    assert reserved(world.city_b)["school_places"] == 0


def test_accept_without_relocation_consent_is_refused(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    consent_relocation(world.needs_family, given=False)
    with pytest.raises(ValidationFailed) as exc:
        proposal_accept(actor=world.caseworker, proposal=proposal)
    assert exc.value.message == (
        "The household has not consented to relocation: record its consent before accepting "
        "an offer."
    )
    assert reserved(world.city_a)["housing_units"] == 0


def test_accept_when_the_vacancy_is_full_reserves_nothing(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    consent_relocation(world.needs_family)
    type(world.vacancy).objects.filter(pk=world.vacancy.pk).update(seats_reserved=3)
    with pytest.raises(ValidationFailed) as exc:
        proposal_accept(actor=world.caseworker, proposal=proposal)
    assert exc.value.message == (
        "The vacancy Operador de producción has no seats left: nothing was reserved."
    )
    assert reserved(world.city_a)["housing_units"] == 0
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_accept_when_capacity_is_short_reserves_nothing(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    consent_relocation(world.needs_family)
    Capacity.objects.filter(city=world.city_a, dimension="specialised_places").update(reserved=1)
    with pytest.raises(ValidationFailed) as exc:
        proposal_accept(actor=world.caseworker, proposal=proposal)
    assert exc.value.message == (
        "Alfa has no specialised-service places left for this household in the period: "
        "nothing was reserved."
    )
    world.vacancy.refresh_from_db()
    assert world.vacancy.seats_reserved == 0


def test_double_accept_is_refused(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    consent_relocation(world.needs_family)
    proposal_accept(actor=world.caseworker, proposal=proposal)
    with pytest.raises(InvalidTransition):
        proposal_accept(actor=world.caseworker, proposal=proposal)
    world.vacancy.refresh_from_db()
    assert world.vacancy.seats_reserved == 1


def test_accept_before_review_is_refused(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.needs_family)
    consent_relocation(world.needs_family)
    with pytest.raises(InvalidTransition):
        proposal_accept(actor=world.caseworker, proposal=proposal)


def test_decline(world: World, run: MatchingRun) -> None:
    proposal = proposal_of(run, world.elder)
    proposal_approve(actor=world.caseworker, proposal=proposal)
    proposal_decline(actor=world.caseworker, proposal=proposal, note="Wants to stay near family")
    proposal.refresh_from_db()
    world.elder.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decision_note == "Wants to stay near family"
    assert world.elder.status == HouseholdStatus.OFFER_DECLINED
    assert reserved(world.city_b)["housing_units"] == 0


def test_override_drops_the_jobs_of_the_proposed_city(world: World, run: MatchingRun) -> None:
    delta = city_with_capacity("Delta", specialised_places=1)
    proposal = proposal_of(run, world.needs_family)
    assert proposal.jobs.count() == 1  # the vacancy in Alfa
    proposal_override(actor=world.caseworker, proposal=proposal, city=delta, reason="Clinic")
    assert proposal.jobs.count() == 0
    consent_relocation(world.needs_family)
    proposal_accept(actor=world.caseworker, proposal=proposal)
    world.vacancy.refresh_from_db()
    assert world.vacancy.seats_reserved == 0
    assert reserved(delta)["specialised_places"] == 1
