"""`arraigo simulate`: a synthetic year replayed; a table (or one JSON line) of the dynamic
mode and greedy against hindsight, the same figures `simulate_year` reports."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from arraigo.optimiser import Params
from arraigo.optimiser.dynamic import DynamicParams, SimulationReport, simulate_year
from arraigo.optimiser.synthetic import synthetic_year

# No --threads: HiGHS keeps one thread pool per process, and a solve asking for another
# thread count than the first one in the process fails.
TINY = ("--households", "60", "--weeks", "6", "--samples", "1", "--seed", "1")
ROW = re.compile(r"^(hindsight|dynamic|greedy) +(\d+\.\d\d) +(\d\.\d{4}) +(\d+) +(\d+\.\d)$")


def run_simulate(*args: str) -> list[str]:
    out = StringIO()
    call_command("simulate", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture(scope="module")
def report() -> SimulationReport:
    """What the command computes for TINY, straight from the optimiser."""
    year = synthetic_year(60, weeks=6, seed=1)
    params = DynamicParams(samples=1, seed=1, mip=Params(time_limit=20.0, gap=1e-4))
    return simulate_year(
        year.instance,
        year.arrival_weeks,
        params=params,
        hindsight_params=Params(time_limit=60.0, gap=1e-4),
        planned_arrivals=60,
    )


def test_table_shows_each_method_against_hindsight(report):
    lines = run_simulate(*TINY)

    assert len(lines) == 6
    assert lines[0] == (
        f"Simulated year: 60 households, {report.weeks} weeks, 21 cities; "
        "1 sampled futures, price scale 1.0, plan 60"
    )
    assert lines[1] == "method          total   share  placed  seconds"
    rows = {m[1]: m for m in (ROW.match(line) for line in lines[2:5]) if m}
    assert list(rows) == ["hindsight", "dynamic", "greedy"]
    assert rows["hindsight"][2] == f"{report.hindsight:.2f}"
    assert rows["hindsight"][3] == "1.0000"
    assert int(rows["hindsight"][4]) == report.hindsight_placed
    for method in ("dynamic", "greedy"):
        assert rows[method][2] == f"{report.totals[method]:.2f}"
        assert rows[method][3] == f"{report.share(method):.4f}"
        assert 0.0 < float(rows[method][3]) <= 1.0
        assert int(rows[method][4]) == report.placed[method]
    assert lines[5] == (
        f"dynamic: {report.waited} households placed after waiting, "
        f"{report.mean_wait:.1f} weeks on average; "
        f"{60 - report.placed['dynamic']} never placed"
    )


def test_json_is_one_line_with_the_same_figures(report):
    lines = run_simulate(*TINY, "--json")

    assert len(lines) == 1
    line = json.loads(lines[0])
    assert sorted(line) == [
        "cities",
        "hindsight_gap",
        "households",
        "mean_wait",
        "methods",
        "planned",
        "price_scale",
        "samples",
        "seed",
        "waited",
        "weeks",
    ]
    assert (line["households"], line["cities"], line["seed"]) == (60, 21, 1)
    assert (line["samples"], line["price_scale"], line["planned"]) == (1, 1.0, 60)
    assert line["weeks"] == report.weeks
    assert line["waited"] == report.waited
    assert line["mean_wait"] == round(report.mean_wait, 2)
    methods = line["methods"]
    assert list(methods) == ["hindsight", "dynamic", "greedy"]
    assert methods["hindsight"]["total"] == round(report.hindsight, 2)
    assert methods["hindsight"]["share"] == 1.0
    for method in ("dynamic", "greedy"):
        assert sorted(methods[method]) == ["placed", "seconds", "share", "total"]
        assert methods[method]["total"] == round(report.totals[method], 2)
        assert methods[method]["share"] == round(report.share(method), 4)
        assert 0.0 < methods[method]["share"] <= 1.0
        assert methods[method]["placed"] == report.placed[method]


def test_without_a_plan_the_observed_rate_sizes_the_futures():
    lines = run_simulate(*TINY, "--no-plan", "--price-scale", "0.5")

    assert lines[0].endswith("1 sampled futures, price scale 0.5, plan none (observed rate)")
    line = json.loads(run_simulate(*TINY, "--no-plan", "--json")[0])
    assert line["planned"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--households", "0"), "--households must be at least 1 (got 0)"),
        (("--weeks", "0"), "--weeks must be at least 1 (got 0)"),
        (("--samples", "0"), "--samples must be at least 1 (got 0)"),
        (("--threads", "-1"), "--threads must be at least 0 (got -1)"),
        (("--price-scale", "-0.5"), "--price-scale must be a number ≥ 0 (got -0.5)"),
        (("--price-scale", "nan"), "--price-scale must be a number ≥ 0 (got nan)"),
        (("--planned", "0"), "--planned must be at least 1 (got 0)"),
        (("--planned", "50", "--no-plan"), "--planned and --no-plan cannot be used together"),
    ],
)
def test_bad_arguments_are_refused_before_any_work(args, message):
    out = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("simulate", *args, stdout=out)

    assert str(caught.value) == message
    assert caught.value.returncode == 2
    assert out.getvalue() == ""


def test_a_count_that_is_not_a_whole_number_is_refused():
    with pytest.raises(CommandError, match=r"argument --households: invalid int value: 'many'"):
        call_command("simulate", "--households", "many", stdout=StringIO())
