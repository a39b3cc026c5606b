"""`arraigo turnover` on the hand-computed fixture of test_turnover.py, through the database."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from arraigo.accounts.models import Role
from arraigo.jobs.models import Sector
from tests.accounts.factories import UserFactory

from .factories import EmployerFactory, PlacementFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def fixture_placements():
    UserFactory(role=Role.COORDINATOR)
    a = EmployerFactory(name="A", sector=Sector.AUTOMOTIVE)
    b = EmployerFactory(name="B", sector=Sector.FOOD_PROCESSING)
    for employer, start, end in (
        (a, D(2026, 1, 10), None),
        (a, D(2026, 1, 20), D(2026, 3, 15)),
        (a, D(2026, 3, 1), D(2026, 3, 31)),
        (b, D(2026, 2, 1), None),
        (b, D(2026, 2, 15), D(2026, 3, 1)),
    ):
        PlacementFactory(
            employer=employer,
            hired_on=start,
            started_on=start,
            separated_on=end,
            separation_reason="resigned" if end else "",
        )


def _run(*args: str) -> str:
    out = StringIO()
    call_command("turnover", *args, stdout=out)
    return out.getvalue()


def test_json_matches_the_hand_computation(fixture_placements):
    result = json.loads(
        _run(
            "--month",
            "2026-03",
            "--months",
            "2",
            "--today",
            "2026-04-15",
            "--by",
            "employer",
            "--json",
        )
    )

    assert result["months"] == ["2026-02", "2026-03"]
    assert result["overall"][1] == {
        "month": "2026-03",
        "headcount_start": 5,
        "headcount_end": 3,
        "separations": 3,
        "rate": 0.75,
    }
    assert result["groups"] == {"A": [0.0, 0.8], "B": [0.0, 0.6667]}
    assert result["retention"] == {
        "1": {"cohort": 5, "retained": 3},
        "3": {"cohort": 1, "retained": 1},
        "6": {"cohort": 0, "retained": 0},
    }
    assert result["benchmark"] == 0.06


def test_table_by_sector(fixture_placements):
    lines = _run("--month", "2026-03", "--months", "1", "--today", "2026-04-15").splitlines()

    assert lines[:3] == [
        "month    start    end  separations  turnover",
        "2026-03      5      3            3     75.0%",
        "benchmark (industrial sector): 6.0% a month",
    ]
    assert lines[-4:] == [
        "retention  placements  in work  share",
        " 1 months           5        3  60.0%",
        " 3 months           1        1  100.0%",
        " 6 months           0        0  -",
    ]


def test_a_wrong_month_is_refused(fixture_placements):
    with pytest.raises(Exception, match="--month must be YYYY-MM, not '2026-13'"):
        _run("--month", "2026-13")
