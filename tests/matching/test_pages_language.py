"""The matching pages show words, in the reader's language, where runs store codes."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from arraigo.matching.models import MatchingRun, Proposal
from arraigo.matching.services import matching_run_create, matching_run_start

from .factories import PERIOD, World

SUMMARY = {
    "nationality": [
        {"group": "-", "households": 1, "placed": 1, "mean_score": 0.3},
        {"group": "GT", "households": 2, "placed": 1, "mean_score": 0.4},
        {"group": "HT", "households": 1, "placed": 1, "mean_score": 0.5},
        {"group": "ZZ", "households": 4, "placed": 1, "mean_score": 0.2},
    ],
    "head_sex": [
        {"group": "F", "households": 2, "placed": 2, "mean_score": 0.4},
        {"group": "Q", "households": 1, "placed": 0, "mean_score": None},
    ],
    "specific_needs": [
        {"group": "no", "households": 2, "placed": 2, "mean_score": 0.4},
        {"group": "yes", "households": 1, "placed": 0, "mean_score": None},
    ],
    "unplaced": [
        {"household": "HH-0007", "reason": "every compatible city full"},
        {"household": "HH-0008", "reason": "a reason from the future"},
    ],
}

EXPLANATION = {
    "outcome": 0.4,
    "factors": [
        ["Working-age members", 0.35],
        ["Household preference", 0.2],
        ["Fit of the proposed jobs", 0.05],
        ["Nivel de español", 0.3],  # an outcome-model factor stored from a Spanish page
        ["Open jobs in ISCO-08 major group 7", 0.1],  # ... and one stored in English
        ["A factor from the future", -0.1],
    ],
    "alternatives": [
        {
            "city": "9",
            "city_name": "Delta",
            "score": 0.5,
            "reason": "capacity full",
            "dimensions": ["school_places", "new_dimension"],
        },
        {"city": "8", "city_name": "Épsilon", "score": 0.1, "reason": "lower score"},
        {"city": "7", "city_name": "Zeta", "score": 0.1, "reason": "a reason from the future"},
    ],
    "binding": ["specialised_places"],
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


def _page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def _spanish(world: World) -> Client:
    """A browser without the language cookie: the product's default, Spanish."""
    browser = Client()
    browser.force_login(world.coordinator)
    return browser


def _termination(page: str) -> str:
    found = re.search(r'<dd data-testid="termination">(.*?)</dd>', page)
    assert found is not None
    return found.group(1)


def _first_cells(page: str, grouping: str) -> list[str]:
    """The group column of one summary table, top to bottom."""
    section = re.search(rf'data-testid="summary-{grouping}">(.*?)</section>', page, re.S)
    assert section is not None
    return re.findall(r"<tr><td>(.*?)</td>", section.group(1))


def _set_summary(run: MatchingRun, summary: dict[str, Any]) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(summary=summary)


# --- termination ------------------------------------------------------------------------------


def test_run_page_names_the_termination_in_english(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)
    MatchingRun.objects.filter(pk=run.pk).update(termination="feasible_at_limit")

    page = _page(client, "matching:run_detail", run.pk)

    assert _termination(page) == "Feasible, stopped at the time limit"


def test_run_page_names_the_termination_in_spanish(world: World, run: MatchingRun) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(termination="feasible_at_limit")

    page = _page(_spanish(world), "matching:run_detail", run.pk)

    assert _termination(page) == "Solución factible, detenida al llegar al tiempo límite"


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        ("optimal", "Optimal", "Solución óptima"),
        ("feasible", "Feasible (heuristic)", "Solución factible (heurística)"),
        ("infeasible", "Infeasible", "Problema no factible"),
        (
            "no_solution_at_limit",
            "No solution within the time limit",
            "Sin solución dentro del tiempo límite",
        ),
        ("error", "Solver error", "Error del optimizador"),
        ("stopped_by_the_moon", "stopped_by_the_moon", "stopped_by_the_moon"),
    ],
)
def test_termination_label_of_each_code(
    world: World, run: MatchingRun, code: str, english: str, spanish: str
) -> None:
    run.termination = code

    assert run.termination_label == english
    MatchingRun.objects.filter(pk=run.pk).update(termination=code)
    assert _termination(_page(_spanish(world), "matching:run_detail", run.pk)) == spanish


def test_run_page_names_the_objective(client: Client, world: World, run: MatchingRun) -> None:
    client.force_login(world.coordinator)
    MatchingRun.objects.filter(pk=run.pk).update(
        parameters={**run.parameters, "objective": "expected_employed"}
    )

    page = _page(client, "matching:run_detail", run.pk)

    assert "<dt>The plan maximises</dt><dd>Expected adults in work</dd>" in page
    assert "expected_employed" not in page


# --- run summary ------------------------------------------------------------------------------


def test_summary_of_a_real_run_names_countries_and_keeps_codes_stored(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)

    page = _page(client, "matching:run_detail", run.pk)

    assert _first_cells(page, "nationality") == ["El Salvador", "Honduras"]
    assert _first_cells(page, "head_sex") == ["Female", "Male"]
    assert _first_cells(page, "head_protection") == ["Asylum seeker", "Refugee"]
    assert _first_cells(page, "specific_needs") == ["No", "Yes"]
    assert [row["group"] for row in run.summary["nationality"]] == ["HN", "SV"]
    assert [row["group"] for row in run.summary["head_sex"]] == ["F", "M"]


def test_summary_groups_in_english_with_unknown_codes_as_stored(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)
    _set_summary(run, SUMMARY)

    page = _page(client, "matching:run_detail", run.pk)

    # sorted by name, the missing group last; an unknown code shown as stored
    assert _first_cells(page, "nationality") == ["Guatemala", "Haiti", "ZZ", "Not recorded"]
    assert "<td>GT</td>" not in page
    assert _first_cells(page, "head_sex") == ["Female", "Q"]
    assert _first_cells(page, "specific_needs") == ["No", "Yes"]
    assert "<li>HH-0007: every compatible city is full</li>" in page
    assert "<li>HH-0008: a reason from the future</li>" in page


def test_summary_groups_in_spanish(world: World, run: MatchingRun) -> None:
    _set_summary(run, SUMMARY)

    page = _page(_spanish(world), "matching:run_detail", run.pk)

    assert _first_cells(page, "nationality") == ["Guatemala", "Haití", "ZZ", "No registrado"]
    assert _first_cells(page, "head_sex") == ["Mujer", "Q"]
    assert _first_cells(page, "specific_needs") == ["No", "Sí"]
    assert "<li>HH-0007: todas las ciudades compatibles están llenas</li>" in page


def test_summary_charts_the_share_placed_against_one_hundred_percent(
    client: Client, world: World, run: MatchingRun
) -> None:
    client.force_login(world.coordinator)
    _set_summary(run, SUMMARY)

    page = _page(client, "matching:run_detail", run.pk)

    section = re.search(r'data-testid="summary-nationality">(.*?)</section>', page, re.S)
    assert section is not None
    # Guatemala 1 of 2, Haiti 1 of 1, ZZ 1 of 4, not recorded 1 of 1; the bar area is 210 wide
    assert re.findall(r'width="([\d.]+)" class="chart-bar"', section.group(1)) == [
        "105.0",
        "210.0",
        "52.5",
        "210.0",
    ]
    assert re.findall(r"<title>(.*?)</title>", section.group(1)) == [
        "Guatemala: 50",
        "Haiti: 100",
        "ZZ: 25",
        "Not recorded: 100",
    ]
    assert "<figcaption>Share placed (%)</figcaption>" in section.group(1)
    assert "<td>2</td><td>1</td><td>50%</td>" in section.group(1)


# --- proposal explanation ---------------------------------------------------------------------


def _explained(run: MatchingRun) -> Proposal:
    proposal = run.proposals.order_by("id").first()
    assert proposal is not None
    Proposal.objects.filter(pk=proposal.pk).update(explanation=EXPLANATION)
    return proposal


def _factors(page: str) -> list[tuple[str, str]]:
    section = re.search(r'<dl class="facts factors">(.*?)</dl>', page, re.S)
    assert section is not None
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section.group(1))


def _reasons(page: str) -> list[str]:
    table = re.search(r'data-testid="alternatives">(.*?)</table>', page, re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[-1].strip() for row in rows]


def test_proposal_page_in_english(client: Client, world: World, run: MatchingRun) -> None:
    client.force_login(world.coordinator)
    proposal = _explained(run)

    page = _page(client, "matching:proposal_detail", proposal.pk)

    # the outcome model's factors, strongest first; preference and jobs are parts of the score
    assert [label for label, _value in _factors(page)] == [
        "Working-age members",
        "Spanish level",
        "Open jobs in ISCO-08 major group 7",
        "A factor from the future",
    ]
    assert [value for _label, value in _factors(page)] == [
        "▲ raises the chance",
        "▲ raises the chance",
        "▲ raises the chance",
        "▼ lowers the chance",
    ]
    assert _reasons(page) == [
        "No room left: School places, new_dimension",
        "Lower score",
        "a reason from the future",
    ]
    assert '<span class="badge warn">Specialised-service places</span>' in page


def test_proposal_page_in_spanish(world: World, run: MatchingRun) -> None:
    proposal = _explained(run)

    page = _page(_spanish(world), "matching:proposal_detail", proposal.pk)

    assert [label for label, _value in _factors(page)] == [
        "Integrantes en edad de trabajar",
        "Nivel de español",
        "Vacantes abiertas en el gran grupo 7 de la CIUO-08",
        "A factor from the future",
    ]
    assert _reasons(page) == [
        "Sin lugar disponible: Lugares en escuelas, new_dimension",
        "Puntuación más baja",
        "a reason from the future",
    ]
    assert '<span class="badge warn">Lugares en servicios especializados</span>' in page
