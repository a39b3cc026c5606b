"""`arraigo match` runs a matching in this process and prints progress and the result."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from arraigo.matching.models import MatchingRun, RunStatus
from arraigo.places.models import Capacity

from .factories import World


def test_match_prints_progress_and_summary(world: World) -> None:
    out = StringIO()
    call_command(
        "match",
        "--period-start=2026-01-01",
        "--period-end=2026-12-31",
        "--preference-weight=0.2",
        "--time-limit=10",
        stdout=out,
    )
    run = MatchingRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.created_by == world.coordinator
    lines = out.getvalue().splitlines()
    assert lines[:6] == [
        f"run {run.pk}: queued",
        f"run {run.pk}:  10% Building the instance",
        f"run {run.pk}:  30% Scored with fallback-prior-1",
        f"run {run.pk}:  60% Solving",
        f"run {run.pk}:  90% Storing proposals",
        f"run {run.pk}: 100% Done",
    ]
    assert lines[6].startswith("status optimal; assigned 3 of 3; objective 1.0440;")
    assert lines[7:] == [
        "nationality: HN 2/2, SV 1/1",
        "head_sex: F 2/2, M 1/1",
        "head_protection: asylum_seeker 1/1, refugee 2/2",
        "specific_needs: no 2/2, yes 1/1",
    ]


def test_match_says_which_capacity_in_which_cities_stops_a_run(world: World) -> None:
    # Given every reception bed of the period already reserved, and Beta's housing too
    Capacity.objects.filter(dimension="reception_beds").update(reserved=F("amount"))
    Capacity.objects.filter(city=world.city_b, dimension="housing_units").update(reserved=9)
    out = StringIO()
    # When the coordinator runs the matching from the command line
    call_command(
        "match",
        "--period-start=2026-01-01",
        "--period-end=2026-12-31",
        "--time-limit=10",
        stdout=out,
    )
    # Then it places nobody, and says it was the reception beds, in which cities
    lines = out.getvalue().splitlines()
    assert lines[6].startswith("status optimal; assigned 0 of 3;")
    assert lines[-3:] == [
        "left out: 3 every compatible city full",
        "stopped by capacity: 3 households",
        "  Reception beds short for 3 households in 3 cities: "
        "Alfa (0 available, 0 taken by this run), Beta (0 available, 0 taken by this run), "
        "Gama (0 available, 0 taken by this run)",
    ]
    run = MatchingRun.objects.get()
    assert run.summary["capacity"]["stopped"] == 3


def test_match_refuses_a_non_coordinator_user(world: World) -> None:
    with pytest.raises(CommandError, match="not allowed"):
        call_command(
            "match",
            "--period-start=2026-01-01",
            "--period-end=2026-12-31",
            f"--user={world.caseworker.username}",
        )
    assert MatchingRun.objects.count() == 0


def test_match_refuses_a_bad_date(world: World) -> None:
    with pytest.raises(CommandError, match="not a date"):
        call_command("match", "--period-start=2026-13-01", "--period-end=2026-12-31")
