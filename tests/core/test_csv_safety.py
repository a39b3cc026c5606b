import csv
import io
from decimal import Decimal

import pytest

from arraigo.core.csv_safety import csv_cell, csv_lines, csv_row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd", "'=cmd"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("María = José", "María = José"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (2.5, 2.5),
        (True, True),
        (Decimal("-200.00"), Decimal("-200.00")),  # an amount is a number, not text
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_csv_row_neutralises_each_cell():
    assert csv_row(["ok", "=HYPERLINK()", 3]) == ["ok", "'=HYPERLINK()", 3]


def test_csv_lines_write_header_and_rows():
    text = "".join(csv_lines(["name", "note"], [["=cmd", "a,b"], ["x", None]]))

    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "note"],
        ["'=cmd", "a,b"],
        ["x", ""],
    ]
