"""CSV cells that spreadsheets would run as formulas are neutralised (CSV injection).

A text cell starting with = + - @ (or a tab or carriage return, which some spreadsheets strip
before reading the rest as a formula) gets a single quote in front, so it shows as text.
Numbers, dates and booleans are written as they are: they cannot carry a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """The value to write in one cell: None as empty, risky text prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# Control characters a workbook cannot hold (XML 1.0 has no place for them; openpyxl raises
# IllegalCharacterError). A CSV keeps them; a name typed with one still exports to XLSX.
_NOT_IN_WORKBOOKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_cell(value: Any) -> Any:
    """`csv_cell` for a workbook: text also loses the control characters XLSX cannot hold."""
    cell = csv_cell(value)
    return _NOT_IN_WORKBOOKS.sub("", cell) if isinstance(cell, str) else cell


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


class _Echo:
    """A file-like object whose write returns the line, for streaming responses."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each CSV line (header first) with every cell neutralised; feed to a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(csv_row(header))
    for row in rows:
        yield writer.writerow(csv_row(row))
