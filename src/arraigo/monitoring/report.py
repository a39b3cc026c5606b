"""The results report: every indicator at baseline, one month and six months, with the
households (or people) behind each share, the seeds' sentence, the same table per group of
the chosen breakdown, and the UNHCR results-framework table.

Everything published goes through small_cells. The indicators' definitions are
monitoring.indicators' (never re-derived here); the report computes them once for the whole
period and once per group, over the answers read once (report_data) and reduced by
household and round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from arraigo.accounts.models import User
from arraigo.core.charts import bar_chart
from arraigo.core.figures import Kept, kept
from arraigo.core.numbers import percent

from . import breakdowns
from .breakdowns import Breakdown
from .context import Context, context_figures
from .indicators import Indicator, Value, indicator_list, indicators_from
from .member_rules import HouseholdRound
from .models import Round
from .process import Process, process_indicators
from .programme import FrameworkRow, monitoring_rules
from .report_data import ReportData, report_data
from .small_cells import SUPPRESSED, Cell, count_cell, share_cell
from .tenure import secure_tenure_counts

ROUNDS_SHOWN = ("baseline", "month1", "month6")
# Which round each sentence starts from, as the seeds write them ("within the first month,
# increasing to ... within six months"); every other sentence starts from the baseline.
SENTENCE_FROM = {"hh_adult_working": "month1", "hh_children_all_in_school": "month1"}
SENTENCE_TO = "month6"


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: dict[str, Cell]  # round -> published share
    sentence: str  # "" when one of the two shares is hidden or has no answers

    @property
    def unit(self) -> str:
        return _("households") if self.indicator.level == "household" else _("people")


@dataclass(frozen=True)
class GroupTable:
    label: str
    households: int | str  # households of the group that answered in the period
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class FrameworkLine:
    row: FrameworkRow
    population: str
    baseline: str
    target: str
    actual: Cell | None  # None: the programme does not define how to measure it yet


@dataclass(frozen=True)
class Report:
    period: Period
    households: int | str
    rows: list[IndicatorRow]
    breakdown: Breakdown | None
    groups: list[GroupTable]
    framework: list[FrameworkLine]
    process: Process
    context: Context


def share_text(cell: Cell, digits: int = 1) -> str:
    """A published share as the page and the PDF write it: "75,0 %", "<5" or "—"."""
    if cell.hidden:
        return SUPPRESSED
    return "—" if cell.percent is None else percent(cell.percent, digits)


def _sentence(indicator: Indicator, cells: Mapping[str, Cell]) -> str:
    first = cells[SENTENCE_FROM.get(indicator.code, "baseline")]
    second = cells[SENTENCE_TO]
    if not indicator.sentence or first.percent is None or second.percent is None:
        return ""
    return str(indicator.sentence).format(first=share_text(first, 0), second=share_text(second, 0))


def indicator_rows(values: Iterable[Value], indicators: list[Indicator]) -> list[IndicatorRow]:
    found = {(v.code, v.round): v for v in values}
    rows = []
    for indicator in indicators:
        cells = {}
        for round_code in ROUNDS_SHOWN:
            value = found.get((indicator.code, round_code))
            cells[round_code] = share_cell(
                value.numerator if value else 0, value.denominator if value else 0
            )
        rows.append(IndicatorRow(indicator, cells, _sentence(indicator, cells)))
    return rows


def _group_values(
    data: ReportData, breakdown: Breakdown, day: dt.date
) -> list[tuple[str, int, list[Value]]]:
    """Each group's label, number of households and indicator values (every round)."""
    groups_of = {h: breakdown.groups(facts, day) for h, facts in data.facts.items()}
    households: dict[tuple[tuple[int, str], str], int] = {}
    for groups in groups_of.values():
        for group in groups:
            households[group] = households.get(group, 0) + 1
    rounds: dict[tuple[tuple[int, str], str], list[HouseholdRound]] = {g: [] for g in households}
    for answered in data.rounds:  # one pass, whatever the number of groups
        for group in groups_of[answered.household]:  # type: ignore[index]
            rounds[group].append(answered)
    measures = monitoring_rules().measures
    return [
        (group[1], households[group], indicators_from(rounds[group], measures))
        for group in sorted(households)
    ]


def _summed(groups: list[tuple[str, int, list[Value]]]) -> list[Value]:
    """The whole period's values as the sum of its groups' counts: right when every
    household is in exactly one group, and it saves computing the indicators twice."""
    summed = []
    for same in zip(*(values for _label, _n, values in groups), strict=True):
        numerator = sum(value.numerator for value in same)
        denominator = sum(value.denominator for value in same)
        summed.append(Value(same[0].code, same[0].round, numerator, denominator))
    return summed


def _framework_actual(
    row: FrameworkRow, found: Mapping[tuple[str, str], Value], period: Period
) -> Cell | None:
    if row.indicator == "p_secure_tenure":
        counts = secure_tenure_counts(period.date_from, period.date_to, row.round)
        return None if counts is None else share_cell(*counts)
    if row.indicator == "p_working_age_unemployed":
        employed = found.get(("p_working_age_employed", row.round))
        if employed is None:
            return share_cell(0, 0)
        return share_cell(employed.denominator - employed.numerator, employed.denominator)
    value = found.get((row.indicator, row.round))
    return share_cell(value.numerator, value.denominator) if value else share_cell(0, 0)


def framework_lines(values: Iterable[Value], period: Period) -> list[FrameworkLine]:
    """The UNHCR results-framework table: baseline "Unknown" when the programme has none."""
    found = {(v.code, v.round): v for v in values}
    labels = {
        "refugees_and_asylum_seekers": _("Refugees and asylum seekers"),
        "refugees": _("Refugees"),
        "asylum_seekers": _("Asylum seekers"),
        "stateless": _("Stateless people"),
    }
    return [
        FrameworkLine(
            row=row,
            population=labels.get(row.population, row.population),
            baseline=_("Unknown") if row.baseline is None else percent(row.baseline * 100, 2),
            target="—" if row.target is None else percent(row.target * 100, 2),
            actual=_framework_actual(row, found, period),
        )
        for row in monitoring_rules().framework
    ]


def results_report(period: Period, breakdown: Breakdown | None) -> Report:
    """The whole report for the period, computed once (a fixed number of queries)."""
    rules = monitoring_rules()
    indicators = indicator_list(rules.measures)
    data = report_data(
        period.date_from, period.date_to, facts=breakdown.reads if breakdown else None
    )
    groups = _group_values(data, breakdown, period.date_to) if breakdown else []
    if breakdown is not None and not breakdown.overlaps:
        values = _summed(groups)
    else:
        values = indicators_from(data.rounds, rules.measures)
    return Report(
        period=period,
        households=count_cell(data.households),
        rows=indicator_rows(values, indicators),
        breakdown=breakdown,
        groups=[
            GroupTable(label, count_cell(n), indicator_rows(group_values, indicators))
            for label, n, group_values in groups
        ],
        framework=framework_lines(values, period),
        process=process_indicators(period.date_from, period.date_to),
        context=context_figures(period.date_from, period.date_to),
    )


def results_kept(
    user: User, period: Period, by: str = "", *, recount: bool = False
) -> Kept[Report]:
    """`results_report` for the period and breakdown code `by`, counted once per scope and
    language and kept a few minutes (core/figures.py): it reads every household of the period
    with its surveys and milestones."""
    return kept(
        "results",
        user,
        lambda: results_report(period, breakdowns.breakdown(by)),
        params=[period.date_from, period.date_to, by],
        worded=True,
        recount=recount,
    )


def results_recount(user: User) -> None:
    """The page as it first opens: the current year, no breakdown."""
    year = timezone.localdate().year
    results_kept(user, Period(dt.date(year, 1, 1), dt.date(year, 12, 31)), recount=True)


def row_chart(row: IndicatorRow) -> dict[str, Any]:
    """The before-and-after bars of one indicator (core.charts, in percent of 100); a hidden
    share draws no bar and reads "<5"."""
    chart = bar_chart(
        _("Before and after (%(unit)s)") % {"unit": row.unit},
        [(str(Round(r).label), round(row.cells[r].percent or 0)) for r in ROUNDS_SHOWN],
        full=100,
    )
    for shaped, round_code in zip(chart["rows"], ROUNDS_SHOWN, strict=True):
        shaped["value"] = share_text(row.cells[round_code], 0)
    return chart
