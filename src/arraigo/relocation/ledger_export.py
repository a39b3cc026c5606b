"""The ledger as CSV and XLSX for reconciliation, with spreadsheet formulas neutralised.

Text cells (the header included) go through `core.csv_safety.csv_cell` (a leading = + - @ tab
or carriage return gets a single quote in front). Amounts stay numbers: in CSV as plain decimals
(a negative correction is "-850.00", not text), in XLSX as numeric cells; dates are dates.
Headers, kinds, categories and payment methods are words in the active language.

A grant's expenditure rows (its payment and a reversal of it) carry the grant's payment method
and reference, to match against bank statements; every other row leaves them empty. They are
read in one query for all the exported entries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from arraigo.core.csv_safety import csv_cell, xlsx_cell

from .models import CostCategory, EntryKind, Grant, LedgerEntry

CURRENCY = "MXN"
CHUNK = 2000
GRANT_SOURCE = "grant:"
HEADER = (
    _("date"),
    _("kind"),
    _("category"),
    _("amount"),
    _("currency"),
    _("city"),
    _("office"),
    _("household code"),
    _("source"),
    _("description"),
    _("recorded by"),
    _("payment method"),
    _("payment reference"),
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Payments = dict[str, tuple[str, str]]  # ledger source "grant:<id>" -> (method label, reference)


def header() -> list[str]:
    """The column names in the active language."""
    return [str(name) for name in HEADER]


def _is_grant_payment(entry: LedgerEntry) -> bool:
    return (
        entry.kind == EntryKind.EXPENDITURE
        and entry.category == CostCategory.GRANTS
        and entry.source.startswith(GRANT_SOURCE)
    )


def grant_payments(entries: QuerySet[LedgerEntry]) -> Payments:
    """How the grants paid among `entries` were paid, by ledger source (one query)."""
    sources = entries.filter(
        kind=EntryKind.EXPENDITURE,
        category=CostCategory.GRANTS,
        source__startswith=GRANT_SOURCE,
    ).values("source")
    grants = (
        Grant.objects.annotate(ledger_source=Concat(Value(GRANT_SOURCE), Cast("pk", CharField())))
        .filter(ledger_source__in=sources)
        .only("id", "method", "reference")
        .order_by()
    )
    return {
        f"{GRANT_SOURCE}{grant.pk}": (grant.get_method_display(), grant.reference)
        for grant in grants
    }


def entry_values(entry: LedgerEntry, payments: Payments) -> list[Any]:
    """One entry's cells in HEADER order, raw (not yet neutralised)."""
    method, reference = (
        payments.get(entry.source, ("", "")) if _is_grant_payment(entry) else ("", "")
    )
    return [
        entry.booked_on,
        entry.get_kind_display(),
        entry.get_category_display(),
        entry.amount,
        CURRENCY,
        entry.city.name,
        entry.office.name if entry.office is not None else "",
        entry.household.code,
        entry.source,
        entry.description,
        entry.created_by.username,
        method,
        reference,
    ]


def _rows(entries: QuerySet[LedgerEntry]) -> Iterator[list[Any]]:
    payments = grant_payments(entries)
    for entry in entries.iterator(chunk_size=CHUNK):
        yield entry_values(entry, payments)


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # a number: cannot carry a formula, keeps its sign
    return csv_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(entries: QuerySet[LedgerEntry]) -> Iterator[str]:
    """The header and one CSV line per entry; feed to a streaming response.

    `entries` needs city, office, household and created_by selected (`ledger_entries` does).
    """
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(name) for name in header()])
    for row in _rows(entries):
        yield writer.writerow([_csv_value(value) for value in row])


def xlsx_bytes(entries: QuerySet[LedgerEntry]) -> bytes:
    """A workbook with one sheet, "ledger": the header, then one row per entry."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="ledger")
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, name) for name in header()])
    for row in _rows(entries):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
        cell.data_type = "s"  # text, never a formula
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell
