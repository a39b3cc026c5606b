"""The small-cell rule, written once (monitoring.small_cells), used by the page and every
download of the results report."""

import pytest

from arraigo.monitoring.small_cells import Cell, count_cell, share_cell


@pytest.mark.parametrize(("count", "published"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_a_count_from_one_to_four_is_written_under_five(count, published):
    assert count_cell(count) == published


@pytest.mark.parametrize(
    ("numerator", "denominator", "published"),
    [
        (5, 6, Cell(5, 6, 5 / 6, hidden=False)),
        (0, 6, Cell(0, 6, 0.0, hidden=False)),
        (0, 0, Cell(0, 0, None, hidden=False)),
        (1, 6, Cell("<5", "<5", "<5", hidden=True)),  # a small numerator hides the count too
        (3, 3, Cell("<5", "<5", "<5", hidden=True)),  # a small denominator hides the share
        (0, 4, Cell("<5", "<5", "<5", hidden=True)),
    ],
)
def test_a_share_standing_for_fewer_than_five_is_hidden_whole(numerator, denominator, published):
    assert share_cell(numerator, denominator) == published


def test_a_hidden_share_has_no_percent():
    assert (share_cell(5, 8).percent, share_cell(2, 8).percent) == (62.5, None)
