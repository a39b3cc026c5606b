"""The ledger as CSV and XLSX for reconciliation, with spreadsheet formulas neutralised.

Text cells go through `core.csv_safety.csv_cell` (a leading = + - @ tab or carriage return
gets a single quote in front). Amounts stay numbers: in CSV as plain decimals (a negative
correction is "-850.00", not text), in XLSX as numeric cells; dates are dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from arraigo.core.csv_safety import csv_cell

from .models import LedgerEntry

CURRENCY = "MXN"
HEADER = (
    "date",
    "kind",
    "category",
    "amount",
    "currency",
    "city",
    "office",
    "household code",
    "source",
    "description",
    "recorded by",
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def entry_values(entry: LedgerEntry) -> list[Any]:
    """One entry's cells in HEADER order, raw (not yet neutralised)."""
    return [
        entry.booked_on,
        entry.kind,
        entry.category,
        entry.amount,
        CURRENCY,
        entry.city.name,
        entry.office.name if entry.office is not None else "",
        entry.household.code,
        entry.source,
        entry.description,
        entry.created_by.username,
    ]


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # a number: cannot carry a formula, keeps its sign
    return csv_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(entries: Iterable[LedgerEntry]) -> Iterator[str]:
    """The header and one CSV line per entry; feed to a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for entry in entries:
        yield writer.writerow([_csv_value(value) for value in entry_values(entry)])


def xlsx_bytes(entries: Iterable[LedgerEntry]) -> bytes:
    """A workbook with one sheet, "ledger": the header, then one row per entry."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="ledger")
    sheet.freeze_panes = "A2"
    sheet.append(list(HEADER))
    for entry in entries:
        sheet.append([_xlsx_cell(sheet, value) for value in entry_values(entry)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=csv_cell(value))
        cell.data_type = "s"  # text, never a formula
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell
