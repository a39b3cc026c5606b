"""Reading an uploaded CSV or XLSX into rows of text, and writing rows out as CSV or XLSX.

Reading: the first row is the header; each later row that is not empty becomes a `Row` with
its number as a spreadsheet shows it (the header is row 1) and its cells by column name.
Headers are matched without case or surrounding spaces. CSV is UTF-8 (a BOM is fine), with
`,` or `;`; XLSX is read from its first sheet, dates as dates.

Writing: every text cell passes core.csv_safety (a cell starting with = + - @ gets a quote in
front), in CSV and in XLSX alike, so a spreadsheet never runs a cell as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from arraigo.core.csv_safety import csv_cell, xlsx_cell
from arraigo.core.xlsx_errors import XLSX_ERRORS

from .report import Problem

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass
class Row:
    """One row of the file: its number (header = 1) and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(lines: Iterable[Sequence[Any]]) -> Table:
    source = iter(lines)
    header = [cell_text(h).lower() for h in next(source, [])]
    rows = []
    width = len(header)
    for number, values in enumerate(source, start=2):
        texts = [v.strip() if isinstance(v, str) else cell_text(v) for v in values]
        if not any(texts):
            continue
        rows.append(Row(number, dict(zip(header, texts[:width], strict=False))))
    return Table([h for h in header if h], rows)


def _csv_lines(content: bytes) -> Iterator[list[str]]:
    text = content.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _without_nul(table: Table) -> tuple[Table | None, list[Problem]]:
    """The table, or None and each cell holding a NUL character (a CSV may; PostgreSQL stores
    no text with one, and no person's data needs one), on its row and column."""
    problems = [
        Problem(1, name.replace("\x00", ""), _("Remove the NUL character from this column's name."))
        for name in table.columns
        if "\x00" in name
    ]
    problems += [
        Problem(row.number, name.replace("\x00", ""), _("Remove the NUL character from this cell."))
        for row in table.rows
        for name, text in row.cells.items()
        if "\x00" in text
    ]
    return (None, problems) if problems else (table, [])


def table_read(content: bytes, filename: str) -> tuple[Table | None, list[Problem]]:
    """The file's rows, or None and why it could not be read."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            table = _table(_csv_lines(content))
            return _without_nul(table) if b"\x00" in content else (table, [])
        except (UnicodeDecodeError, csv.Error):
            return None, [Problem(1, "", _("The file is not a CSV file in UTF-8."))]
    if not name.endswith(".xlsx"):
        return None, [Problem(1, "", _("Give a .csv or .xlsx file."))]
    unreadable = [Problem(1, "", _("The file is not a readable XLSX file."))]
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except XLSX_ERRORS:
        return None, unreadable
    try:
        if not book.worksheets:  # a workbook whose sheets' parts are missing
            return None, unreadable
        # read-only sheets parse as they are iterated: a spoiled part fails here, not above
        return _table(book.worksheets[0].iter_rows(values_only=True)), []
    except XLSX_ERRORS:
        return None, unreadable
    finally:
        book.close()


def columns_check(table: Table, known: Sequence[str], required: Sequence[str]) -> list[Problem]:
    """Missing required columns and unknown ones, each a problem on the header row."""
    problems = [
        Problem(1, name, _("This column is missing."))
        for name in required
        if name not in table.columns
    ]
    problems += [
        Problem(1, name, _("Unknown column; see the template for the columns it takes."))
        for name in table.columns
        if name not in known
    ]
    # two columns of one name: which one to read is not the import's to guess
    problems += [
        Problem(1, name, _("This column is given more than once."))
        for name in sorted({n for n in table.columns if table.columns.count(n) > 1})
    ]
    return problems


# --- writing ---------------------------------------------------------------------------------


def _safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return csv_cell(value)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(h) for h in header])
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook of (title, header, rows) sheets; text cells neutralised like CSV cells."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append([_xlsx_cell(h) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    return xlsx_cell(value)
