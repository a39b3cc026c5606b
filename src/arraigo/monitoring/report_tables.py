"""The results report laid out as plain tables (a title, a header, rows of cells already
published through small_cells) for the downloads: the XLSX writes one sheet per table, the
PDF prints them, and the CSV is the indicators' table with its HXL hashtag row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .process import ProcessTable
from .report import ROUNDS_SHOWN, IndicatorRow, Report
from .small_cells import Cell

Row = list[Any]


@dataclass(frozen=True)
class Table:
    name: str  # a sheet's name: 31 characters at most
    title: str
    header: list[str]
    rows: list[Row]
    hxl: list[str] | None = None


INDICATOR_HXL = [
    "#meta+breakdown",
    "#meta+group",
    "#indicator+code",
    "#indicator+name",
    "#indicator+level",
    "#meta+round",
    "#date+start",
    "#date+end",
    "#population+num",
    "#population+total",
    "#indicator+value+pct",
]


def share_value(cell: Cell) -> float | str | None:
    """A share in percent with two decimals, "<5" when hidden, None without a denominator."""
    if cell.hidden:
        return str(cell.value)
    return None if cell.percent is None else round(cell.percent, 2)


def _indicator_lines(
    report: Report, breakdown: str, group: str, rows: list[IndicatorRow]
) -> Iterator[Row]:
    period = report.period
    for row in rows:
        for round_code in ROUNDS_SHOWN:
            cell = row.cells[round_code]
            yield [
                breakdown,
                group,
                row.indicator.code,
                str(row.indicator.title),
                row.indicator.level,
                round_code,
                period.date_from.isoformat(),
                period.date_to.isoformat(),
                cell.numerator,
                cell.denominator,
                share_value(cell),
            ]


def indicator_table(report: Report) -> Table:
    lines = list(_indicator_lines(report, "all", "all", report.rows))
    if report.breakdown is not None:
        for group in report.groups:
            lines += _indicator_lines(report, report.breakdown.code, group.label, group.rows)
    header = [
        "breakdown",
        "group",
        "indicator",
        "title",
        "level",
        "round",
        "date_from",
        "date_to",
        "numerator",
        "denominator",
        "value_pct",
    ]
    return Table(_("Indicators"), _("Indicators"), header, lines, INDICATOR_HXL)


def framework_table(report: Report) -> Table:
    header = [
        _("Ref."),
        _("Indicator"),
        _("Population"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Numerator"),
        _("Denominator"),
    ]
    rows = []
    for line in report.framework:
        actual = line.actual  # None: not measured yet; no denominator: no answers
        measured: Row = (
            ["—", "—", "—"]
            if actual is None
            else [
                "—" if actual.value is None else share_value(actual),
                actual.numerator,
                actual.denominator,
            ]
        )
        rows.append(
            [line.row.ref, line.row.title, line.population, line.baseline, line.target, *measured]
        )
    return Table(_("Results framework"), _("UNHCR results framework"), header, rows)


def _process_rows(tables: list[ProcessTable]) -> list[Row]:
    return [
        [table.group or _("All"), line.title, line.done, line.pending, line.median, line.p90]
        for table in tables
        for line in table.lines
    ]


def process_table(report: Report) -> Table:
    header = [
        _("Group"),
        _("Milestone"),
        _("Done"),
        _("Pending"),
        _("Median days"),
        _("90th percentile (days)"),
    ]
    process = report.process
    rows = _process_rows([process.overall, *process.by_city, *process.by_cohort])
    return Table(_("Process"), _("Days from arrival to each milestone"), header, rows)


def context_table(report: Report) -> Table:
    context = report.context
    rows: list[Row] = [
        [title, label, relocated, in_place]
        for title, table in context.people
        for label, relocated, in_place in table
    ]
    rows.append(["", *context.totals])
    rows += [[_("Figures"), label, count, ""] for label, count in context.figures]
    header = [_("Table"), _("Group"), _("Relocated"), _("Supported where they live")]
    return Table(_("Context"), _("The period's context figures"), header, rows)


def report_tables(report: Report) -> list[Table]:
    return [
        indicator_table(report),
        framework_table(report),
        process_table(report),
        context_table(report),
    ]
