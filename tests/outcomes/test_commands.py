"""`arraigo outcome-model train|show` through the command line entry point."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from arraigo import cli
from arraigo.outcomes.models import OutcomeModel
from tests.outcomes.test_services import history

pytestmark = pytest.mark.django_db


def test_train_prints_version_rows_auc_and_calibration(capsys: pytest.CaptureFixture[str]) -> None:
    history(220)
    # Through call_command: the command-line runner closes the database connection at the end,
    # which would end the test's transaction (the alias itself is tested below).
    call_command("outcome_model", "train", "--seed", "2")
    out = capsys.readouterr().out
    model = OutcomeModel.objects.get()
    assert (
        f"Stored outcome model learned-1: trained on {model.trained_on} rows, tested on 55." in out
    )
    assert f"AUC {model.auc:.3f} (priors on the same rows {model.prior_auc:.3f})" in out
    assert "bin          count  predicted  observed" in out
    last = model.calibration[-1]
    assert out.count("\n  0.") == 10
    assert (
        f"\n  0.9-1.0     {last['count']:>6} {last['mean_predicted']:>10.3f} "
        f"{last['observed']:>9.3f}\n" in out
    )
    assert model.seed == 2
    # what it learned from, and each group of the held-out rows, predicted against observed
    assert (
        "Learned from: Six-month surveys, 220 households, interviews of 2025-06-01 to "
        "2025-07-30.\n" in out
    )
    female = model.groups["head_sex"][0]
    assert (
        "Sex of the head, on the held-out rows:\n"
        "  group        count  predicted  observed\n"
        f"  F           {female['count']:>6} {female['mean_predicted']:>10.3f} "
        f"{female['observed']:>9.3f}\n" in out
    )
    assert out.endswith(
        "Specific needs, on the held-out rows:\n"
        "  group        count  predicted  observed\n"
        f"  no              55 {model.groups['specific_needs'][0]['mean_predicted']:>10.3f} "
        f"{model.groups['specific_needs'][0]['observed']:>9.3f}\n"
    )


def test_train_without_history_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError, match="Too little follow-up history to learn from: 0"):
        call_command("outcome_model", "train")


def test_show_names_the_priors_before_any_model(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("outcome_model", "show")
    out = capsys.readouterr().out
    assert out.startswith("In use: the priors prior-1 (no learned model yet).\n")
    assert "  +0.500  Adults able to work (workers)\n" in out


def test_show_names_the_learned_model(capsys: pytest.CaptureFixture[str]) -> None:
    history(220)
    call_command("outcome_model", "train")
    model = OutcomeModel.objects.get()
    capsys.readouterr()
    call_command("outcome_model", "show")
    out = capsys.readouterr().out
    assert (
        f"In use: learned model learned-1 of {model.created_at:%Y-%m-%d}, 165 rows, "
        f"AUC {model.auc:.3f}" in out
    )
    assert "(spanish_rank)" in out
    assert "Learned from: Six-month surveys, 220 households" in out
    assert "Nationality of the head, on the held-out rows:\n" in out


def test_the_command_is_listed_in_the_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["--help"])
    assert "  outcome-model " in capsys.readouterr().out


def test_the_hyphenated_name_reaches_the_django_command() -> None:
    assert cli.django_argv(["outcome-model", "train", "--seed", "2"]) == [
        "arraigo",
        "outcome_model",
        "train",
        "--seed",
        "2",
    ]
    assert cli.django_argv(["help", "--all"]) == ["arraigo", "help"]
