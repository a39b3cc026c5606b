"""`arraigo match` runs a matching in this process and prints progress and the result."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from arraigo.matching.models import MatchingRun, RunStatus

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
