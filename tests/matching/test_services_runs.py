"""Launching and executing a matching run end to end on the small world."""

import pytest

from arraigo.accounts.models import Role
from arraigo.core.errors import NotPermitted, ValidationFailed
from arraigo.matching.models import MatchingRun, Proposal, ProposalJob, RunStatus
from arraigo.matching.services import matching_run_create, matching_run_execute, matching_run_start
from tests.accounts.factories import UserFactory

from .factories import PERIOD, World

PARAMS = {"objective": "any_employed", "preference_weight": 0.2, "time_limit": 10}


def launch(world: World, **params: object) -> MatchingRun:
    run = matching_run_create(
        actor=world.coordinator,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        parameters={**PARAMS, **params},
    )
    matching_run_start(run=run)  # synchronous under tests (ARRAIGO_TASKS_SYNC)
    run.refresh_from_db()
    return run


def test_run_end_to_end(world: World) -> None:
    run = launch(world)
    # Then the run is done with the solver's result and the prior model recorded
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.termination == "optimal"
    assert run.model_version == "fallback-prior-1"
    assert run.model_kind == "prior"
    assert run.households_considered == 3
    assert run.assigned == 3
    # family to B (0.35 + 0.2 preference), needs family to A (0.35 + job fit 0.044),
    # elder to B (0 + 0.1 relatives)
    assert run.objective == pytest.approx(0.55 + 0.394 + 0.1)
    assert run.greedy_objective == pytest.approx(0.55 + 0.394 + 0.1)
    assert run.gain_over_greedy == pytest.approx(0.0)
    placed = {
        p.household.code: p.city.name for p in run.proposals.select_related("household", "city")
    }
    assert placed == {"HH-0001": "Beta", "HH-0002": "Alfa", "HH-0003": "Beta"}
    # each proposal carries its household's code, in which order the run's page reads them
    assert list(run.proposals.values_list("household_code", "household__code")) == [
        ("HH-0001", "HH-0001"),
        ("HH-0002", "HH-0002"),
        ("HH-0003", "HH-0003"),
    ]
    jobs = ProposalJob.objects.filter(proposal__run=run)
    assert [(j.proposal.household.code, j.vacancy_id, j.fit) for j in jobs] == [
        ("HH-0002", world.vacancy.pk, pytest.approx(0.044))
    ]
    assert run.parameters["preference_weight"] == 0.2


def test_explanations_are_stored(world: World) -> None:
    run = launch(world)
    family = run.proposals.get(household=world.worker_family)
    assert family.score == pytest.approx(0.55)
    assert family.explanation["factors"] == [
        ["Working-age members", 0.35],
        ["City wage level", 0.0],
        ["Household preference", 0.2],
    ]
    alternatives = family.explanation["alternatives"]
    assert [(a["city_name"], a["reason"]) for a in alternatives] == [
        ("Alfa", "lower score"),
        ("Gama", "lower score"),
    ]
    needs = run.proposals.get(household=world.needs_family)
    assert [(a["city_name"], a["reason"]) for a in needs.explanation["alternatives"]] == [
        ("Beta", "incompatible"),
        ("Gama", "incompatible"),
    ]
    # The score counts the job proposed too (0.35 outcome + 0.044 fit), as the page adds it
    assert needs.score == pytest.approx(0.394)
    assert needs.score == pytest.approx(needs.explanation["outcome"] + needs.explanation["job_fit"])
    # A had one specialised place and the needs family took it
    assert needs.explanation["binding"] == ["specialised_places"]


def test_summary_counts(world: World) -> None:
    run = launch(world)
    assert run.summary == {
        "nationality": [
            {"group": "HN", "households": 2, "placed": 2, "mean_score": 0.175},
            {"group": "SV", "households": 1, "placed": 1, "mean_score": 0.35},
        ],
        "head_sex": [
            {"group": "F", "households": 2, "placed": 2, "mean_score": 0.175},
            {"group": "M", "households": 1, "placed": 1, "mean_score": 0.35},
        ],
        "head_protection": [
            {"group": "asylum_seeker", "households": 1, "placed": 1, "mean_score": 0.35},
            {"group": "refugee", "households": 2, "placed": 2, "mean_score": 0.175},
        ],
        "specific_needs": [
            {"group": "no", "households": 2, "placed": 2, "mean_score": 0.175},
            {"group": "yes", "households": 1, "placed": 1, "mean_score": 0.35},
        ],
        "unplaced": [],
        "capacity": {"stopped": 0, "dimensions": []},
        "totals": {"outcome": 0.7, "preference": 0.3, "job_fit": 0.044},
    }


def test_execute_is_idempotent(world: World) -> None:
    run = launch(world)
    ids = sorted(run.proposals.values_list("id", flat=True))
    again = matching_run_execute(run_id=run.pk)
    assert again.status == RunStatus.DONE
    assert sorted(again.proposals.values_list("id", flat=True)) == ids


def test_a_failed_run_is_redone_on_retry(world: World) -> None:
    run = launch(world)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
    again = matching_run_execute(run_id=run.pk)
    assert again.status == RunStatus.DONE
    assert Proposal.objects.filter(run=run).count() == 3


def test_a_new_run_supersedes_unreviewed_proposals(world: World) -> None:
    first = launch(world)
    second = launch(world)
    assert set(first.proposals.values_list("status", flat=True)) == {"superseded"}
    assert set(second.proposals.values_list("status", flat=True)) == {"proposed"}


def test_a_solver_failure_marks_the_run_failed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr("arraigo.matching.services.runs.place", boom)
    run = launch(world)
    assert run.status == RunStatus.FAILED
    assert run.error == "solver exploded"
    assert run.proposals.count() == 0


@pytest.mark.parametrize("role", [Role.ORIGIN_CASEWORKER, Role.ME_OFFICER, Role.AUDITOR])
def test_only_coordinators_launch(world: World, role: str) -> None:
    with pytest.raises(NotPermitted):
        matching_run_create(
            actor=UserFactory(role=role),
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            parameters=PARAMS,
        )
    assert MatchingRun.objects.count() == 0


def test_parameters_are_checked(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        matching_run_create(
            actor=world.coordinator,
            period_start=PERIOD[1],
            period_end=PERIOD[0],
            parameters=PARAMS,
        )
    assert exc.value.errors == {"period_end": ["The period must end after it starts."]}
    with pytest.raises(ValidationFailed) as exc:
        matching_run_create(
            actor=world.coordinator,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            parameters={"objective": "happiness", "preference_weight": -1},
        )
    assert sorted(exc.value.errors) == ["objective", "preference_weight"]


def test_group_floor_is_recorded(world: World) -> None:
    run = launch(world, floors={"specific_needs": 1})
    assert run.parameters["floors"] == {"specific_needs": 1}
    assert run.assigned == 3


def test_households_left_out_are_listed_with_the_reason(world: World) -> None:
    # Given no specialised place left in Alfa, the needs family has no city with room
    world.city_a.capacities.filter(dimension="specialised_places").update(reserved=1)
    run = launch(world)
    assert run.assigned == 2
    assert run.summary["unplaced"] == [
        {"household": "HH-0002", "reason": "every compatible city full"}
    ]
