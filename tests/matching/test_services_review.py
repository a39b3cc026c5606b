"""Review of proposals (approve, override) and the household's answer (accept, decline)."""

import pytest
from auditlog.models import LogEntry

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.jobs.models import VacancyStatus
from arraigo.matching.adapter import instance_build
from arraigo.matching.models import MatchingRun, Proposal, ProposalStatus
from arraigo.matching.selectors import override_options
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
from tests.jobs.factories import EmployerFactory, VacancyFactory

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
        "Alfa has no place left for this household in the period (Specialised-service places: "
        "needs 1, 0 available). Nothing was reserved."
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


# --- one compatibility rule for runs, overrides and acceptance (issue 10, item 5) -------------


def test_override_to_a_city_with_no_place_left_is_refused(world: World, run: MatchingRun) -> None:
    # Given Gama's reception beds all reserved (the proposal page lists it as full)
    proposal = proposal_of(run, world.worker_family)
    jobs_before = list(proposal.jobs.values_list("person_id", "vacancy_id"))
    Capacity.objects.filter(city=world.city_c, dimension="reception_beds").update(reserved=9)
    # When the caseworker offers Gama instead
    with pytest.raises(ValidationFailed) as exc:
        proposal_override(actor=world.caseworker, proposal=proposal, city=world.city_c, reason="x")
    # Then it is refused, saying which capacity is missing, and nothing changed
    assert exc.value.errors == {
        "city": [
            "Gama has no place left for this household in the period "
            "(Reception beds: needs 2, 1 available)."
        ]
    }
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.override_city is None
    assert list(proposal.jobs.values_list("person_id", "vacancy_id")) == jobs_before


def test_override_refuses_a_city_too_small_for_the_household(
    world: World, run: MatchingRun
) -> None:
    tiny = city_with_capacity("Tiny", reception_beds=1)
    proposal = proposal_of(run, world.worker_family)
    with pytest.raises(ValidationFailed) as exc:
        proposal_override(actor=world.caseworker, proposal=proposal, city=tiny, reason="x")
    assert exc.value.errors == {
        "city": [
            "Tiny cannot serve this household in the period "
            "(Reception beds: needs 2, 1 available in all)."
        ]
    }


def test_override_proposes_the_jobs_of_the_new_city(world: World, run: MatchingRun) -> None:
    # Given the worker family proposed to Beta (no vacancy there) and two vacancies in Gama
    proposal = proposal_of(run, world.worker_family)
    assert proposal.city == world.city_b
    assert proposal.jobs.count() == 0
    head = world.worker_family.members.get(relationship="head")
    weak = VacancyFactory(employer=EmployerFactory(city=world.city_c), seats=1)
    strong = VacancyFactory(
        employer=EmployerFactory(city=world.city_c),
        occupation=world.vacancy.occupation,
        seats=1,
    )
    VacancyFactory(
        employer=EmployerFactory(city=world.city_c),
        occupation=world.vacancy.occupation,
        seats=1,
        status=VacancyStatus.CLOSED,
    )
    # When the caseworker offers Gama
    proposal_override(actor=world.caseworker, proposal=proposal, city=world.city_c, reason="x")
    # Then the head is proposed the best-fitting open vacancy of Gama, not the other one
    assert list(proposal.jobs.values_list("person_id", "vacancy_id", "fit")) == [
        (head.pk, strong.pk, 0.1)
    ]
    assert weak.pk != strong.pk
    # And accepting reserves that seat
    consent_relocation(world.worker_family)
    proposal_accept(actor=world.caseworker, proposal=proposal)
    strong.refresh_from_db()
    assert strong.seats_reserved == 1


def test_runs_and_overrides_agree_on_compatible_cities(world: World, run: MatchingRun) -> None:
    # Given a city that offers every kind of place, but only one reception bed in all
    tiny = city_with_capacity("Tiny", reception_beds=1, specialised_places=1)
    built = instance_build(
        period_start=PERIOD[0], period_end=PERIOD[1], parameters={"preference_weight": 0.2}
    )
    for household in (world.worker_family, world.needs_family, world.elder):
        proposal = proposal_of(run, household)
        cities, _notes = override_options(proposal)
        from_run = {int(c) for (h, c) in built.instance.outcome if h == str(household.pk)} - {
            proposal.city_id
        }
        # Then the override offers exactly the cities a run may pair the household with
        assert set(cities.values_list("pk", flat=True)) == from_run
    assert (str(world.worker_family.pk), str(tiny.pk)) not in built.instance.outcome
    assert (str(world.elder.pk), str(tiny.pk)) in built.instance.outcome


def test_approving_returns_the_saved_proposal_with_its_household_as_it_now_is(
    world: World, run: MatchingRun
) -> None:
    proposal = proposal_of(run, world.needs_family)
    assert proposal.household.status == HouseholdStatus.PROFILED  # cached on the caller's instance

    approved = proposal_approve(actor=world.caseworker, proposal=proposal)

    assert approved is not proposal
    assert (approved.status, approved.reviewed_by) == (ProposalStatus.APPROVED, world.caseworker)
    assert approved.household.status == HouseholdStatus.PROPOSED
    assert proposal.status == ProposalStatus.PROPOSED  # the caller's instance is not written into
