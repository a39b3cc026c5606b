"""Turnover and retention on a small fixture computed by hand."""

import datetime as dt

import pytest

from arraigo.jobs.turnover import (
    Spell,
    add_months,
    month_turnover,
    months_back,
    retention,
    turnover_by_group,
)

D = dt.date

# Five placements at two companies, A and B (last day worked in `separated_on`):
#   a1  A  2026-01-10 .. open
#   a2  A  2026-01-20 .. 2026-03-15
#   a3  A  2026-03-01 .. 2026-03-31
#   b1  B  2026-02-01 .. open
#   b2  B  2026-02-15 .. 2026-03-01
SPELLS = [
    Spell("A", D(2026, 1, 10)),
    Spell("A", D(2026, 1, 20), D(2026, 3, 15)),
    Spell("A", D(2026, 3, 1), D(2026, 3, 31)),
    Spell("B", D(2026, 2, 1)),
    Spell("B", D(2026, 2, 15), D(2026, 3, 1)),
]


def test_march_by_hand():
    """On 1 March: a1, a2, a3 (starts that day), b1, b2 (leaves that day, still counts) = 5.
    On 31 March: a1, a3 (last day 31) and b1 = 3. Separations in March: a2, a3, b2 = 3.
    Average headcount (5 + 3) / 2 = 4; turnover 3 / 4 = 75%."""
    march = month_turnover(SPELLS, "2026-03")

    assert (march.headcount_start, march.headcount_end, march.separations) == (5, 3, 3)
    assert march.average_headcount == 4.0
    assert march.rate == 0.75


def test_by_company_and_overall():
    """February, A: a1, a2 on both days, no separation: 0%. B: on 1 Feb b1 = 1; on 28 Feb
    b1, b2 = 2; none left: 0%. March, A: start a1 a2 a3 = 3, end a1 a3 = 2, separations a2 a3
    = 2: 2 / 2.5 = 80%. B: start b1 b2 = 2, end b1 = 1, b2 left: 1 / 1.5."""
    overall, groups = turnover_by_group(SPELLS, ["2026-02", "2026-03"])

    assert [m.rate for m in groups["A"]] == [0.0, 0.8]
    assert [m.rate for m in groups["B"]] == [0.0, pytest.approx(1 / 1.5)]
    assert [(m.headcount_start, m.headcount_end) for m in groups["B"]] == [(1, 2), (2, 1)]
    assert [m.rate for m in overall] == [0.0, 0.75]


def test_a_month_with_nobody_employed_has_no_rate():
    empty = month_turnover(SPELLS, "2025-12")

    assert (empty.headcount_start, empty.headcount_end, empty.separations) == (0, 0, 0)
    assert empty.rate is None


def test_retention_by_hand():
    """On 2026-04-15. At 1 month: all five started by 2026-03-15 -> cohort 5; still in work
    one month after start: a1 (open), a2 (to 2026-02-20 needs >= that: left 03-15, yes),
    a3 (to 04-01: left 03-31, no), b1 (open), b2 (to 03-15: left 03-01, no) -> 3 of 5.
    At 3 months: started by 2026-01-15 -> a1 only, open -> 1 of 1. At 6 months: none."""
    today = D(2026, 4, 15)

    one, three, six = (retention(SPELLS, n, today) for n in (1, 3, 6))

    assert (one.cohort, one.retained, one.rate) == (5, 3, 0.6)
    assert (three.cohort, three.retained, three.rate) == (1, 1, 1.0)
    assert (six.cohort, six.retained, six.rate) == (0, 0, None)


def test_calendar_helpers():
    assert months_back("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
