"""The matching pages: launch, follow a run, review and answer a proposal."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.matching.models import MatchingRun, Proposal, ProposalStatus
from arraigo.matching.services import matching_run_create, matching_run_start
from arraigo.places.models import Capacity
from tests.accounts.factories import UserFactory

from .factories import PERIOD, World, consent_relocation, profiled_household

LAUNCH = {
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
    "objective": "any_employed",
    "preference_weight": "0.2",
    "specific_needs_floor": "",
    "time_limit": "10",
}


@pytest.fixture
def run(world: World) -> MatchingRun:
    run = matching_run_create(
        actor=world.coordinator,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        parameters={"preference_weight": 0.2},
    )
    matching_run_start(run=run)
    run.refresh_from_db()
    return run


def test_coordinator_launches_a_run(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(reverse("matching:run_list"), LAUNCH)
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run_detail", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Done" in page
    assert "fallback-prior-1" in page
    assert "Prior: stated rules, no history yet" in page
    assert "By nationality of the head" in page
    assert "HH-0001" in page


def test_launch_form_keeps_input_and_shows_errors(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("matching:run_list"), {**LAUNCH, "period_end": "2025-01-01", "time_limit": "9"}
    )
    assert response.status_code == 200
    assert "The period must end after it starts." in response.content.decode()
    assert 'value="9"' in response.content.decode()
    assert MatchingRun.objects.count() == 0


def test_caseworker_sees_runs_but_cannot_launch(client: Client, world: World) -> None:
    client.force_login(world.caseworker)
    response = client.get(reverse("matching:run_list"))
    assert response.status_code == 200
    assert "Launch a run" not in response.content.decode()
    assert client.post(reverse("matching:run_list"), LAUNCH).status_code == 403
    assert MatchingRun.objects.count() == 0


def test_employer_cannot_open_matching(client: Client, world: World) -> None:
    client.force_login(UserFactory(role=Role.EMPLOYER))
    assert client.get(reverse("matching:run_list")).status_code == 403


def test_caseworker_sees_only_proposals_of_their_households(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.other_caseworker)
    page = client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "HH-0001" not in page
    assert "0 proposals" in page
    proposal = run.proposals.get(household=world.worker_family)
    response = client.get(reverse("matching:proposal_detail", args=[proposal.pk]))
    assert response.status_code == 404


def test_proposals_filter_by_city_status_and_code(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)
    url = reverse("matching:run_detail", args=[run.pk])
    page = client.get(url, {"city": world.city_b.pk}).content.decode()
    assert "HH-0001" in page and "HH-0003" in page and "HH-0002" not in page
    page = client.get(url, {"search": "0002"}).content.decode()
    assert "HH-0002" in page and "HH-0001" not in page
    page = client.get(url, {"status": "approved"}).content.decode()
    assert "0 proposals" in page


def test_proposals_are_listed_by_household_code_and_offer_the_run_s_cities(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)
    response = client.get(reverse("matching:run_detail", args=[run.pk]))
    listed = [proposal.household_code for proposal in response.context["page_obj"]]
    assert listed == ["HH-0001", "HH-0002", "HH-0003"]
    choices = [label for _value, label in response.context["form"].fields["city"].choices]
    assert choices[1:] == [str(world.city_a), str(world.city_b)]


def test_a_proposal_saved_alone_takes_its_household_s_code(world: World, run: MatchingRun) -> None:
    proposal = run.proposals.get(household=world.worker_family)
    Proposal.objects.filter(pk=proposal.pk).update(household_code="")
    proposal.refresh_from_db()
    proposal.save()
    proposal.refresh_from_db()
    assert proposal.household_code == world.worker_family.code


def test_proposals_list_queries_are_fixed(
    client: Client, world: World, run: MatchingRun, django_assert_num_queries: object
) -> None:
    client.force_login(world.coordinator)
    url = reverse("matching:run_detail", args=[run.pk])
    client.get(url)
    # 8, and 2 for six months later (the run's accepted proposals, their six-month answers)
    with django_assert_num_queries(10):  # type: ignore[operator]
        client.get(url)
    for n in range(4):
        profiled_household(world.caseworker.office, f"HH-05{n}")
    more = matching_run_create(
        actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
    )
    matching_run_start(run=more)
    url = reverse("matching:run_detail", args=[more.pk])
    with django_assert_num_queries(10):  # type: ignore[operator]
        client.get(url)


def test_proposal_page_shows_reasons_and_records_the_view(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.needs_family)
    page = client.get(reverse("matching:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Alfa" in page
    assert "Working-age members" in page
    assert "Incompatible (excluded, or a need the city cannot serve)" in page
    assert '<span class="badge warn">Specialised-service places</span>' in page
    assert "Operador de producción" in page
    assert "Approve proposal" in page
    assert "Record acceptance" not in page
    events = LogEntry.objects.get_for_object(proposal).filter(action=LogEntry.Action.ACCESS)
    assert [e.additional_data["event"] for e in events] == ["view"]


def test_review_and_answer_through_the_page(client: Client, world: World, run: MatchingRun) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.needs_family)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    assert client.post(url, {"action": "approve"}).status_code == 302
    consent_relocation(world.needs_family)
    response = client.post(url, {"action": "accept", "accept-note": "Yes"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    page = client.get(url).content.decode()
    assert "Accepted" in page


def test_override_without_reason_shows_the_error(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.worker_family)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    response = client.post(
        url, {"action": "override", "override-city": world.city_c.pk, "override-reason": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give a reason for the override." in page
    assert f'<option value="{world.city_c.pk}" selected>' in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_override_to_a_full_city_is_marked_and_refused_on_the_page(
    client: Client, world: World, run: MatchingRun
) -> None:
    # Given Gama's reception beds all reserved
    Capacity.objects.filter(city=world.city_c, dimension="reception_beds").update(reserved=10)
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.worker_family)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    # Then the override's list says so before anyone chooses it
    page = client.get(url).content.decode()
    assert (
        f'<option value="{world.city_c.pk}">Gama, Coahuila (no place left: Reception beds: '
        "needs 2, 0 available)</option>"
    ) in page
    # When the caseworker offers Gama all the same
    response = client.post(
        url, {"action": "override", "override-city": world.city_c.pk, "override-reason": "Cousin"}
    )
    # Then the page refuses it on the city field, keeping what was typed
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Gama has no place left for this household in the period "
        "(Reception beds: needs 2, 0 available)."
    ) in page
    assert "Cousin</textarea>" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_override_offers_only_compatible_cities(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.needs_family)  # excludes Gama; Beta no clinic
    page = client.get(reverse("matching:proposal_detail", args=[proposal.pk])).content.decode()
    assert f'<option value="{world.city_c.pk}"' not in page
    assert f'<option value="{world.city_b.pk}"' not in page


def test_accept_without_consent_shows_the_refusal(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.elder)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    client.post(url, {"action": "approve"})
    response = client.post(url, {"action": "accept", "accept-note": ""})
    assert response.status_code == 200
    assert "has not consented to relocation" in response.content.decode()


def test_double_accept_through_the_page_shows_the_state(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.caseworker)
    proposal = run.proposals.get(household=world.elder)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    client.post(url, {"action": "approve"})
    consent_relocation(world.elder)
    assert client.post(url, {"action": "accept"}).status_code == 302
    response = client.post(url, {"action": "accept"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert (
        "This proposal is accepted: that step is no longer possible." in response.content.decode()
    )


def test_host_caseworker_cannot_act(client: Client, world: World, run: MatchingRun) -> None:
    host = UserFactory(role=Role.HOST_CASEWORKER, city=world.city_a)
    client.force_login(host)
    proposal = run.proposals.get(household=world.needs_family)
    url = reverse("matching:proposal_detail", args=[proposal.pk])
    assert client.get(url).status_code == 404  # not yet in their city


def test_run_list_queries_are_fixed(
    client: Client, world: World, django_assert_num_queries: object
) -> None:
    client.force_login(world.coordinator)
    url = reverse("matching:run_list")
    matching_run_create(
        actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
    )
    client.get(url)
    with django_assert_num_queries(6) as captured:  # type: ignore[operator]
        client.get(url)
    for _n in range(3):
        matching_run_create(
            actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
        )
    with django_assert_num_queries(len(captured)):  # type: ignore[operator]
        response = client.get(url)
    assert response.content.decode().count('data-testid="run-row"') == 4
