"""The results report's downloads: CSV (the indicators, with a second row of HXL hashtags),
XLSX (a sheet per table) and PDF. Every cell comes from report_tables, already through
small_cells; CSV and XLSX text cells go through core.csv_safety (no formula runs).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from arraigo.core.csv_safety import csv_cell, csv_lines
from arraigo.core.numbers import decimal
from arraigo.core.pdf import FONT_FAMILY, unicode_pdf

from .programme import monitoring_rules
from .report import ROUNDS_SHOWN, Report, share_text
from .report_tables import Table, indicator_table, report_tables
from .small_cells import SMALL_CELL

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def report_csv_lines(report: Report) -> Iterator[str]:
    """The indicators' table: the header, the HXL hashtag row, then a row per indicator,
    round and group."""
    table = indicator_table(report)
    yield from csv_lines(table.header, [table.hxl or [], *table.rows])


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        sheet = book.create_sheet(table.name[:31])
        sheet.append([csv_cell(value) for value in table.header])
        if table.hxl:
            sheet.append(table.hxl)
        for row in table.rows:
            sheet.append([csv_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes(report: Report) -> list[str]:
    rules = monitoring_rules()
    period = report.period
    return [
        _("Interviews dated from %(start)s to %(end)s; %(n)s households answered.")
        % {
            "start": period.date_from.isoformat(),
            "end": period.date_to.isoformat(),
            "n": report.households,
        },
        _("Poverty line: %(amount)s %(currency)s per person per month (%(source)s, %(as_of)s).")
        % {
            "amount": rules.measures.poverty_line,
            "currency": rules.currency,
            "source": rules.poverty_source,
            "as_of": rules.poverty_as_of.isoformat(),
        },
        _("A count from 1 to %(n)d is written as “<%(m)d”, and so is any share it stands behind.")
        % {"n": SMALL_CELL - 1, "m": SMALL_CELL},
    ]


def _pdf_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return decimal(value, 2 if value != int(value) else 0)
    return str(value)


def _pdf_table(pdf, table: Table, widths: list[float]) -> None:
    pdf.set_fill_color(255, 255, 255)  # the bars' colour stays out of the tables
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.cell(0, 8, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as grid:
        grid.row([str(h) for h in table.header])
        for row in table.rows:
            grid.row([_pdf_text(value) for value in row])
    pdf.ln(3)


def _pdf_indicators(pdf, report: Report) -> None:
    for row in report.rows:
        if pdf.will_page_break(34):
            pdf.add_page()
        pdf.set_font(FONT_FAMILY, "B", 10)
        pdf.multi_cell(0, 5, str(row.indicator.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, "", 9)
        for round_code in ROUNDS_SHOWN:
            cell = row.cells[round_code]
            label = {
                "baseline": _("Baseline"),
                "month1": _("One month"),
                "month6": _("Six months"),
            }[round_code]
            y = pdf.get_y()
            pdf.cell(30, 5, label)
            pdf.set_fill_color(11, 110, 79)
            width = 80 * (cell.percent or 0) / 100
            if width > 0:
                pdf.rect(pdf.l_margin + 30, y + 1, width, 3, style="F")
            pdf.set_x(pdf.l_margin + 115)
            pdf.cell(
                0,
                5,
                f"{share_text(cell)}  ({cell.numerator} / {cell.denominator} {row.unit})",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        if row.sentence:
            pdf.set_font(FONT_FAMILY, "", 9)
            pdf.multi_cell(0, 5, row.sentence, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)


def _groups_table(report: Report, indicators: Table) -> Table:
    """The indicators' table of each group, in fewer columns for a page."""
    keep = (1, 2, 5, 8, 9, 10)
    title = str(report.breakdown.title) if report.breakdown else ""
    return Table(
        indicators.name,
        title,
        [indicators.header[i] for i in keep],
        [[row[i] for i in keep] for row in indicators.rows if row[0] != "all"],
    )


def report_pdf(report: Report) -> bytes:
    pdf = unicode_pdf(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_("Results report"))
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.cell(0, 10, _("Results report"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, "", 9)
    for note in _notes(report):
        pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _pdf_indicators(pdf, report)
    tables = report_tables(report)
    if report.breakdown is not None:
        pdf.add_page()
        _pdf_table(pdf, _groups_table(report, tables[0]), [40, 50, 20, 25, 25, 30])
    pdf.add_page()
    _pdf_table(pdf, tables[1], [10, 62, 30, 18, 16, 18, 18, 18])
    _pdf_table(pdf, tables[2], [30, 56, 20, 20, 26, 38])
    _pdf_table(pdf, tables[3], [50, 70, 35, 35])
    return bytes(pdf.output())
