"""The proposal and run pages in the programme's words (issue 10, items 14 and 15): the
household and who would take which job, score parts that add up, why a better-scoring city
was not chosen, and a glossary; no optimiser jargon."""

import re
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from arraigo.accounts.models import Role
from arraigo.matching.models import MatchingRun, Proposal
from arraigo.matching.services import matching_run_create, matching_run_start
from arraigo.places.models import Capacity, City
from tests.accounts.factories import UserFactory

from .factories import PERIOD, World


@pytest.fixture
def run(world: World) -> MatchingRun:
    # Alfa pays a little more than Beta and Gama: a better chance of work there
    City.objects.filter(pk=world.city_a.pk).update(average_monthly_wage_mxn=Decimal("10800"))
    City.objects.exclude(pk=world.city_a.pk).update(average_monthly_wage_mxn=Decimal("10000"))
    run = matching_run_create(
        actor=world.coordinator,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        parameters={"preference_weight": 0.2},
    )
    matching_run_start(run=run)
    run.refresh_from_db()
    return run


def _page(client: Client, proposal: Proposal) -> str:
    response = client.get(reverse("matching:proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _english(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies["django_language"] = "en"
    return client


def _testid(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">(.*?)</', page, re.S)
    assert found is not None, testid
    return found.group(1).strip()


def _rows(page: str, testid: str) -> list[list[str]]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', page, re.S)
    assert table is not None, testid
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    ]


def test_coordinator_sees_the_household_its_needs_and_who_gets_which_job(
    world: World, run: MatchingRun
) -> None:
    proposal = run.proposals.get(household=world.needs_family)
    head = world.needs_family.members.get()

    page = _page(_english(world.coordinator), proposal)

    assert _testid(page, "household-size") == "1 person (1 adult, 0 children)"
    assert _testid(page, "household-needs") == "Disability"
    assert _testid(page, "household-excluded") == "Gama"
    member = re.search(r'data-testid="member-row">(.*?)</tr>', page, re.S)
    assert member is not None
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", member.group(1), re.S)]
    employer = world.vacancy.employer.name
    assert cells == [head.full_name, "40", "Male", world.vacancy.label, employer, "0.044"]


def test_roles_without_names_see_labels_and_age_groups(world: World, run: MatchingRun) -> None:
    me_officer = UserFactory(role=Role.ME_OFFICER)
    proposal = run.proposals.get(household=world.worker_family)
    head = world.worker_family.members.get(relationship="head")

    page = _page(_english(me_officer), proposal)

    assert head.full_name not in page
    assert head.last_names not in page
    labels = re.findall(r'data-testid="member-row">\s*<td>(.*?)</td><td>(.*?)</td>', page)
    assert labels == [("Head of household", "30-44"), ("Son or daughter 1", "6-17")]
    assert _testid(page, "household-preferred") == "Beta"


def test_score_parts_add_up_to_the_score_shown(world: World, run: MatchingRun) -> None:
    proposal = run.proposals.get(household=world.worker_family)

    page = _page(_english(world.coordinator), proposal)

    rows = _rows(page, "score-parts")
    assert rows[0] == ["Part", "Value"]
    parts = rows[1:-1]
    assert [label for label, _value in parts] == [
        "Chance that at least one adult finds work",
        "Household preference",
        "Fit of the proposed jobs",
    ]
    total = rows[-1]
    assert total[0] == "Score"
    assert sum(float(value) for _label, value in parts) == pytest.approx(float(total[1]), abs=1e-3)
    assert _testid(page, "score-total") == total[1]


def test_a_better_scoring_city_says_why_it_was_not_chosen(world: World, run: MatchingRun) -> None:
    # Given Alfa predicts a better chance of work for the worker family, which prefers Beta
    proposal = run.proposals.get(household=world.worker_family)
    assert proposal.city == world.city_b

    page = _page(_english(world.coordinator), proposal)

    rows = {row[0]: row for row in _rows(page, "alternatives")[1:]}
    alfa = rows["Alfa"]
    # Then Alfa's chance of work is higher, and the reason is the household's preference
    assert float(alfa[1]) > float(_rows(page, "score-parts")[1][1])
    assert alfa[5] == "Better chance of work, but the household prefers the proposed city"


def test_matching_pages_use_the_programmes_words(world: World, run: MatchingRun) -> None:
    proposal = run.proposals.get(household=world.worker_family)
    spanish = Client()
    spanish.force_login(world.coordinator)

    for url in (
        reverse("matching:run_list"),
        reverse("matching:run_detail", args=[run.pk]),
        reverse("matching:proposal_detail", args=[proposal.pk]),
    ):
        page = spanish.get(url).content.decode()
        for word in ("bjetivo", "voraz", "Brecha", "Mejor cota", "preferencias</dt>", "Gap"):
            assert word not in page, (url, word)
    run_page = spanish.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "del mejor plan posible, como mínimo" in run_page
    assert "mejor que por orden de llegada" in run_page
    assert 'data-testid="glossary"' in run_page
    proposal_page = _page(spanish, proposal)
    assert "Palabras de esta página" in proposal_page
    assert "(ocupación 70 %, habilidades 30 %)" in proposal_page  # a text with "%" translated


def test_run_page_says_which_capacity_stopped_the_run(world: World) -> None:
    # Given every reception bed of the period already reserved
    Capacity.objects.filter(dimension="reception_beds").update(reserved=F("amount"))
    run = matching_run_create(
        actor=world.coordinator, period_start=PERIOD[0], period_end=PERIOD[1], parameters={}
    )
    matching_run_start(run=run)

    page = _english(world.coordinator).get(reverse("matching:run_detail", args=[run.pk]))

    text = page.content.decode()
    assert "3 households were left out because every city they could go to lacked room:" in text
    row = re.search(r'data-testid="capacity-row">(.*?)</tr>', text, re.S)
    assert row is not None
    assert re.findall(r"<td>(.*?)</td>", row.group(1)) == [
        "Reception beds",
        "3",
        "Alfa: 0 available, 0 taken by this run; Beta: 0 available, 0 taken by this run; "
        "Gama: 0 available, 0 taken by this run",
    ]
