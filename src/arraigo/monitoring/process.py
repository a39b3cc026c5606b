"""Process indicators: how many days from arrival (the integration plan's start) each
milestone takes, where people get stuck. For the plans started in the period: per milestone,
how many are done and pending, and the median and 90th percentile of the days to done, for
the whole period, by host city and by arrival cohort (quarter). One query.

Pending milestones have no duration yet: the days describe the done ones only (the page says
so). Milestones marked not applicable are left out. A median over fewer than five done
milestones is published as "<5", like its count.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from arraigo.casework.models import Milestone, MilestoneStatus
from arraigo.casework.rules import plan_rules

from .db_functions import DaysBetween, Quarter
from .small_cells import SUPPRESSED, count_cell, too_small

MILESTONES = (
    "curp",
    "residency",
    "rfc",
    "nss_imss",
    "bank_account",
    "job_start",
    "school_enrolment",
)


@dataclass
class _Tally:
    days: list[int] = field(default_factory=list)
    pending: int = 0


@dataclass(frozen=True)
class ProcessLine:
    code: str
    title: str
    done: int | str
    pending: int | str
    median: float | str | None  # days; None: nothing done yet
    p90: int | str | None


@dataclass(frozen=True)
class ProcessTable:
    group: str  # "" for the whole period, else the city or the cohort
    lines: list[ProcessLine]


@dataclass(frozen=True)
class Process:
    overall: ProcessTable
    by_city: list[ProcessTable]
    by_cohort: list[ProcessTable]


def percentile(days: list[int], share: float) -> int:
    """The nearest-rank percentile of `days` (not empty): the smallest value with at least
    `share` of the values at or below it."""
    ordered = sorted(days)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _whole(days: float) -> float:
    """A median of whole days is written 19, not 19.0; a half day stays (19.5)."""
    return int(days) if float(days).is_integer() else days


def _line(code: str, title: str, tally: _Tally) -> ProcessLine:
    done = len(tally.days)
    if too_small(done):
        median: float | str | None = SUPPRESSED
        p90: int | str | None = SUPPRESSED
    elif done == 0:
        median = p90 = None
    else:
        median, p90 = _whole(statistics.median(tally.days)), percentile(tally.days, 0.9)
    return ProcessLine(code, title, count_cell(done), count_cell(tally.pending), median, p90)


def _table(group: str, tallies: dict[str, _Tally], titles: dict[str, str]) -> ProcessTable:
    return ProcessTable(
        group, [_line(code, titles[code], tallies.get(code, _Tally())) for code in MILESTONES]
    )


def _merged(parts: list[_Tally]) -> _Tally:
    merged = _Tally()
    for part in parts:
        merged.days.extend(part.days)
        merged.pending += part.pending
    return merged


def _counted(date_from: dt.date, date_to: dt.date) -> QuerySet[Milestone, tuple[Any, ...]]:
    """(milestone, host city, arrival quarter, days to done or None when pending, how many)
    of the plans started in the period: a year of milestones comes back as a few thousand
    rows. Done before the arrival (a CURP brought along) counts as day 0."""
    done = Q(status=MilestoneStatus.DONE, done_on__isnull=False)
    days = Greatest(DaysBetween("plan__started_on", "done_on"), Value(0))
    return (
        Milestone.objects.filter(plan__started_on__range=(date_from, date_to), code__in=MILESTONES)
        .exclude(status=MilestoneStatus.NOT_APPLICABLE)
        .order_by()
        .annotate(
            days=Case(When(done, then=days), default=None, output_field=IntegerField()),
            city=F("plan__household__host_city__name"),
            quarter=Quarter("plan__started_on"),
        )
        .values("code", "city", "quarter", "days")
        .annotate(n=Count("id"))
        .values_list("code", "city", "quarter", "days", "n")
    )


def process_indicators(date_from: dt.date, date_to: dt.date) -> Process:
    titles = {rule.code: rule.title for rule in plan_rules().milestones}
    titles = {code: titles.get(code, code) for code in MILESTONES}
    # One tally per (milestone, city, quarter); the tables below merge them.
    fine: dict[tuple[str, str, str], _Tally] = {}
    for code, city, quarter, days, n in _counted(date_from, date_to):
        tally = fine.setdefault((code, city or "", quarter), _Tally())
        if days is None:
            tally.pending += n
        else:
            tally.days.extend([days] * n)
    overall: dict[str, list[_Tally]] = {}
    cities: dict[str, dict[str, list[_Tally]]] = {}
    cohorts: dict[str, dict[str, list[_Tally]]] = {}
    no_city = _("No host city")
    for (code, city, quarter), tally in fine.items():
        overall.setdefault(code, []).append(tally)
        cities.setdefault(city or no_city, {}).setdefault(code, []).append(tally)
        cohorts.setdefault(quarter, {}).setdefault(code, []).append(tally)

    def merged(parts: dict[str, list[_Tally]]) -> dict[str, _Tally]:
        return {code: _merged(tallies) for code, tallies in parts.items()}

    return Process(
        overall=_table("", merged(overall), titles),
        by_city=[_table(name, merged(cities[name]), titles) for name in sorted(cities)],
        by_cohort=[_table(name, merged(cohorts[name]), titles) for name in sorted(cohorts)],
    )
