"""`arraigo import households FILE`: the report row by row, exit 1 on problems."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arraigo.registry.models import Household

from .files import csv_bytes, households_rows

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_file(tmp_path, coordinator, office, capsys):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(households_rows(office.code, 2)))

    call_command("import", "households", str(path), "--as", coordinator.username)

    out = capsys.readouterr().out
    assert "caseload.csv: 4 rows, 2 households, 4 people, 6 documents; 0 imported before" in out
    assert "written 2 households, 4 people" in out
    assert Household.objects.count() == 2


def test_the_command_prints_each_problem_and_exits_1(tmp_path, coordinator, office, capsys):
    rows = households_rows(office.code, 2)
    rows[1]["sex"] = "?"
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(rows))

    with pytest.raises(CommandError) as refused:
        call_command("import", "households", str(path), "--as", coordinator.username)

    assert refused.value.returncode == 1
    assert "caseload.csv:3:sex: Choose one of the listed options." in capsys.readouterr().err
    assert Household.objects.count() == 0


def test_a_dry_run_writes_nothing(tmp_path, coordinator, office, capsys):
    path = tmp_path / "caseload.csv"
    path.write_bytes(csv_bytes(households_rows(office.code, 2)))

    call_command("import", "households", str(path), "--dry-run", "--as", coordinator.username)

    assert "dry run: nothing was written" in capsys.readouterr().out
    assert Household.objects.count() == 0
