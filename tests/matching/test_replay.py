"""A run stores the instance it solved and can be replayed after the database has changed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from arraigo.core.errors import ArraigoError
from arraigo.jobs.models import Vacancy, VacancyStatus
from arraigo.matching.adapter import instance_build
from arraigo.matching.models import MatchingRun, RunStatus
from arraigo.matching.services import matching_run_replay
from arraigo.optimiser.serial import instance_loads
from arraigo.places.models import Capacity

from .factories import PERIOD, World
from .test_services_runs import PARAMS, launch


def change_the_database(world: World) -> None:
    """Beta loses its capacity and the vacancy is filled: a new run would place differently."""
    Capacity.objects.filter(city=world.city_b).delete()
    Vacancy.objects.filter(pk=world.vacancy.pk).update(status=VacancyStatus.FILLED)


def test_a_finished_run_stores_the_instance_it_solved(world: World) -> None:
    run = launch(world)

    stored = instance_loads(bytes(run.instance))

    assert (
        stored
        == instance_build(
            period_start=PERIOD[0], period_end=PERIOD[1], parameters=run.parameters
        ).instance
    )
    assert [h.id for h in stored.households] == [
        str(world.worker_family.pk),
        str(world.needs_family.pk),
        str(world.elder.pk),
    ]


def test_a_replay_after_the_database_changed_gives_the_same_result(world: World) -> None:
    run = launch(world)
    change_the_database(world)
    now = instance_build(period_start=PERIOD[0], period_end=PERIOD[1], parameters=PARAMS)
    assert now.instance != instance_loads(bytes(run.instance))  # a new run would differ

    replay = matching_run_replay(run=run)

    assert replay.same
    assert replay.differences == ()
    assert replay.result.assignment == {
        str(world.worker_family.pk): str(world.city_b.pk),
        str(world.needs_family.pk): str(world.city_a.pk),
        str(world.elder.pk): str(world.city_b.pk),
    }
    assert replay.result.objective == pytest.approx(run.objective)
    assert MatchingRun.objects.get(pk=run.pk).proposals.count() == 3  # nothing written


def test_a_replay_names_what_differs_from_the_stored_run(world: World) -> None:
    run = launch(world)
    run.proposals.filter(household=world.elder).update(city=world.city_a)
    MatchingRun.objects.filter(pk=run.pk).update(objective=2.0)
    run.refresh_from_db()

    replay = matching_run_replay(run=run)

    assert not replay.same
    assert replay.differences == (
        f"household {world.elder.pk}: stored city {world.city_a.pk}, replayed {world.city_b.pk}",
        f"objective: stored 2.0, replayed {replay.result.objective}",
    )


def test_a_run_without_a_stored_instance_cannot_be_replayed(world: World) -> None:
    run = MatchingRun.objects.create(
        period_start=PERIOD[0], period_end=PERIOD[1], parameters=PARAMS, status=RunStatus.DONE
    )

    with pytest.raises(ArraigoError) as caught:
        matching_run_replay(run=run)

    assert caught.value.message == (
        f"Run {run.pk} has no stored instance to replay (only finished runs store one)."
    )


def test_match_replay_command_says_the_replay_is_the_same(world: World) -> None:
    run = launch(world)
    change_the_database(world)
    out = StringIO()

    call_command("match_replay", str(run.pk), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith(
        f"run {run.pk}: replayed: status optimal; assigned 3 (stored 3); "
        "objective 1.0440 (stored 1.0440); "
    )
    assert lines[1:] == [f"run {run.pk}: same placement, jobs and objective as stored"]


def test_match_replay_command_fails_when_the_replay_differs(world: World) -> None:
    run = launch(world)
    MatchingRun.objects.filter(pk=run.pk).update(objective=2.0)
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("match_replay", str(run.pk), stdout=out)

    assert (
        str(caught.value) == f"run {run.pk}: the replay differs from the stored run (1 differences)"
    )
    assert caught.value.returncode == 1
    assert out.getvalue().splitlines()[1:] == ["  objective: stored 2.0, replayed 1.044"]


def test_match_replay_command_refuses_an_unknown_run(world: World) -> None:
    with pytest.raises(CommandError, match="no matching run 999"):
        call_command("match_replay", "999")
